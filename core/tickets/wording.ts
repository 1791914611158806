/**
 * How the bot speaks about a ticket, in command replies and in the schedules' reminders alike:
 * status and class names, what solving is called, and the schedules' one-line form (short, the
 * number first, so a busy manager reads "#12 还剩 6分钟解决" before anything else).
 */

import type { DbOrTx } from '../../db/client.js';
import { storedName, storedNames } from '../../db/people.js';
import type { Ticket, TicketStatus } from '../../db/schema.js';
import { type TicketClass, ticketClassNames } from '../classify/index.js';
import { displayName, oneLine } from '../display.js';
import { maskPhones } from '../privacy.js';
import { formatDuration } from '../time/index.js';

/** What a status is called in replies. */
export const statusNames: Record<TicketStatus, string> = {
  new: '待接单',
  assigned: '已接单',
  on_site: '已到场',
  resolved: '已完成, 待确认',
  closed: '已结单',
  reopened: '已退回, 返工中',
};

/** "维修·一般", and "维修·重大(待确认)" while staff have not confirmed the classifier's guess. */
export function classLabel(
  t: Pick<Ticket, 'category' | 'ticketClass'> & { classProvisional?: boolean },
): string {
  return `${t.category}·${ticketClassNames[t.ticketClass as TicketClass]}${t.classProvisional ? '(待确认)' : ''}`;
}

/**
 * What solving is called: a complex ticket is solved by its written plan (方案, SPEC "Tickets
 * and the 5431 rule"). One word for the step in command replies and in reminders alike.
 */
export function solveWord(t: Pick<Ticket, 'ticketClass'>): string {
  return t.ticketClass === 'complex' ? '给出方案' : '解决';
}

/** The status as owners read it, with the pause and escalation marks. */
export function statusText(t: Pick<Ticket, 'status' | 'ticketClass' | 'pausedAt' | 'escalatedAt'>): string {
  const base =
    t.status === 'resolved' && t.ticketClass === 'complex' ? '已出方案, 待确认' : statusNames[t.status];
  const marks = [
    t.pausedAt !== null ? '暂停中' : null,
    t.escalatedAt !== null && t.status !== 'closed' ? '已吹哨' : null,
  ]
    .filter((m) => m !== null)
    .join(', ');
  return marks === '' ? base : `${base} (${marks})`;
}

/** The actor id of what the schedules do (reminders, escalations), shown as 系统. */
const SYSTEM_ACTOR = 'system';

/** How an actor is shown, given their stored name (null: never seen). */
function shownActor(id: string, stored: string | null): string {
  return id === SYSTEM_ACTOR ? '系统' : displayName(stored);
}

/** A display name for an actor id; `system` is what the schedules do. */
export async function actorName(db: DbOrTx, id: string): Promise<string> {
  return shownActor(id, id === SYSTEM_ACTOR ? null : await storedName(db, id));
}

/**
 * {@link actorName} for several people read in one statement: for a text that names many (a
 * ticket's timeline names one actor an event), one round trip to the store instead of one each.
 */
export async function actorNames(
  db: DbOrTx,
  ids: readonly string[],
  /** Names read already (null: no stored name); only the others are looked up. */
  known: ReadonlyMap<string, string | null> = new Map(),
): Promise<(id: string) => string> {
  const names = await storedNames(
    db,
    ids.filter((id) => id !== SYSTEM_ACTOR && !known.has(id)),
  );
  return (id) => shownActor(id, known.get(id) ?? names.get(id) ?? null);
}

/** "5分钟" but never "0秒" for a step taken within the same second. */
export function took(ms: number): string {
  return formatDuration(Math.max(0, ms));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** How much of a ticket's text a reminder line shows. */
const SHORT_DESCRIPTION = 20;

/** "【重大】" in front of a major ticket, so it stands out among the routine ones. */
export function classMark(t: Pick<Ticket, 'ticketClass'>): string {
  return t.ticketClass === 'major' ? '【重大】' : '';
}

/**
 * Time left, to the nearest minute (a ping a few seconds after the 80% point of 30 minutes says
 * "6分钟", not "5分钟55秒"), or to the second under a minute; never "0秒".
 */
export function formatLeft(ms: number): string {
  const unit = ms >= MINUTE - SECOND / 2 ? MINUTE : SECOND;
  return formatDuration(Math.max(unit, Math.round(ms / unit) * unit));
}

/** Time overdue, rounded down to whole minutes (seconds below a minute). */
export function formatOver(ms: number): string {
  const unit = ms >= MINUTE ? MINUTE : SECOND;
  return formatDuration(Math.floor(ms / unit) * unit);
}

/** "#12 还剩 6分钟解决 (14:30 前): 楼道灯坏了 (王师傅)": one ticket on one line. */
export function ticketLine(
  t: Pick<Ticket, 'no' | 'ticketClass' | 'description'>,
  clauses: readonly string[],
  who?: string,
): string {
  const what = clauses.length > 0 ? ` ${clauses.join(', ')}` : '';
  return `${classMark(t)}#${t.no}${what}: ${oneLine(maskPhones(t.description), SHORT_DESCRIPTION)}${who ? ` (${who})` : ''}`;
}
