/**
 * How the schedules speak about a ticket: short, one line, the number first, so a busy manager
 * reads "#12 还剩 6分钟解决" before anything else.
 */

import { oneLine } from '../core/display.js';
import { maskPhones } from '../core/privacy.js';
import { formatDuration } from '../core/time/index.js';
import type { Ticket } from '../db/schema.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** How much of a ticket's text a reminder line shows. */
const SHORT_DESCRIPTION = 20;

/** What "solving" is called for this class: a complex ticket is solved by its written plan. */
export function solveVerb(t: Pick<Ticket, 'ticketClass'>): string {
  return t.ticketClass === 'complex' ? '交方案' : '解决';
}

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
