/**
 * What every ticket command shares: how a ticket is named in replies, how `#n` is read, who
 * the ticket's people are, and where its notices go (SPEC "Tickets and the 5431 rule").
 */

import { oneLine } from '../../core/display.js';
import { halfWidthDigits, NUMBER_GOES_ON } from '../../core/text.js';
import type { TicketNotice } from '../../core/tickets/rooms.js';
import { effectiveSolveDueAt } from '../../core/tickets/sla.js';
import { solveWord, took } from '../../core/tickets/wording.js';
import { formatClock } from '../../core/time/index.js';
import { pickStaffGroup } from '../../db/compounds.js';
import type { Ticket } from '../../db/schema.js';
import { ticketByNo } from '../../db/tickets.js';
import { argSchema, fail, stripMentions } from '../args.js';
import { type CompoundContext, UserError } from '../define.js';

// Shared with the commands of community and street groups, which act on the same tickets.
export { handlersOf, managersOf, reporterIds, ticketRoom } from '../../core/tickets/rooms.js';

/** How much of a ticket's text a one-line mention of it shows. */
export const SHORT_TEXT = 24;

/** True for the reporter and for the grid head who filed it for them. */
export function isReporter(t: Pick<Ticket, 'reporterId' | 'filedBy'>, personId: string): boolean {
  return t.reporterId === personId || t.filedBy === personId;
}

// After `#12` the text may follow at once (`＃12说明`), but not what would continue the number.
const REF = new RegExp(
  `^[#＃]\\s*([0-9０-９]{1,9})(?!${NUMBER_GOES_ON})\\s*([\\s\\S]*)$|^([0-9０-９]{1,9})(?:\\s+([\\s\\S]*))?$`,
);

function toNumber(digits: string): number {
  return Number(halfWidthDigits(digits));
}

/**
 * `#12 说明`, `＃12说明` and `12 说明` (SPEC "Command grammar"): the number and what follows.
 * A bare number needs a blank after it, so `/确认 35` is ticket 35, not ticket 3 scored 5.
 */
export function parseTicketRef(text: string): { no: number; rest: string } | null {
  const m = REF.exec(text.trim());
  if (!m) return null;
  const digits = m[1] ?? m[3];
  if (digits === undefined) return null;
  const no = toNumber(digits);
  if (!(no > 0)) return null;
  return { no, rest: (m[2] ?? m[4] ?? '').trim() };
}

/** The ticket number every ticket command starts with, or the usage error. */
export function requireTicketRef(text: string): { no: number; rest: string } {
  const ref = parseTicketRef(text);
  if (!ref) {
    fail(
      text.trim() === ''
        ? '请写上工单号, 例如 #3。发送 /进度 查看你的工单。'
        : `「${oneLine(text, 12)}」不是工单号, 请写成 #3 这样。`,
    );
  }
  return ref;
}

/** Ticket `no` of this compound, or the one clear sentence that it does not exist. */
export async function loadTicket(ctx: CompoundContext, no: number): Promise<Ticket> {
  const t = await ticketByNo(ctx.db, ctx.compound.id, no);
  if (!t) throw new UserError(`本小区没有 #${no} 号工单。发送 /进度 查看你的工单。`);
  return t;
}

/** The compound's staff group (db/compounds.ts staffGroup), from the groups read with the context. */
export function staffRoomHere(ctx: CompoundContext): string | null {
  return pickStaffGroup(ctx.compoundGroups)?.roomId ?? null;
}

/** A message for one group (see {@link announce}). */
export type Notice = TicketNotice;

/**
 * Replies in the chat the command came from and posts each notice to its own group, once per
 * group. A notice meant for the chat itself is folded into the reply (its @mentions join the
 * reply's), so nobody reads the same news twice in one group.
 */
export function announce(
  ctx: CompoundContext,
  reply: { text: string; mentionIds?: readonly string[] },
  notices: readonly Notice[] = [],
): undefined {
  const here = ctx.chat.roomId;
  const hereMentions = [...(reply.mentionIds ?? [])];
  const done = new Set([here]);
  const posts: Notice[] = [];
  for (const n of notices) {
    if (n.roomId === null) continue;
    if (n.roomId === here) {
      for (const id of n.mentionIds ?? []) if (!hereMentions.includes(id)) hereMentions.push(id);
      continue;
    }
    if (done.has(n.roomId)) continue;
    done.add(n.roomId);
    posts.push(n);
  }
  ctx.reply(reply.text, hereMentions);
  for (const n of posts)
    ctx.post({ conversationId: n.roomId as string, text: n.text, mentionIds: n.mentionIds });
  return undefined;
}

/** Refuses a step on a ticket that is already closed or awaiting confirmation. */
export function requireOpen(t: Ticket, action: string): void {
  if (t.status === 'closed') throw new UserError(`#${t.no} 已经结单了, 不能再${action}。`);
  if (t.status === 'resolved') {
    throw new UserError(
      `#${t.no} 已${t.ticketClass === 'complex' ? '出方案' : '完成'}, 正等报修人确认, 不能再${action}。若没解决好, 报修人或业委会可发 /退回 #${t.no} <原因>。`,
    );
  }
}

/** "请于 14:35 前响应, 15:00 前解决" (the response part only while nobody has responded). */
export function deadlinePhrase(t: Ticket, now: number, tz: string): string {
  const solve = `${formatClock(effectiveSolveDueAt(t, now), tz, now)} 前${solveWord(t)}`;
  return t.respondedAt === null
    ? `请于 ${formatClock(t.responseDueAt, tz, now)} 前响应, ${solve}`
    : `请于 ${solve}`;
}

/** " (超过响应时限 2分钟)" when the response that just happened came late, else "". */
export function lateResponseNote(t: Pick<Ticket, 'responseDueAt'>, respondedAt: number): string {
  return respondedAt > t.responseDueAt ? `, 超过响应时限 ${took(respondedAt - t.responseDueAt)}` : '';
}

/** Longest note a step may carry: a sentence or two, not an essay in the group. */
export const MAX_NOTE = 300;

/** Argument schema of the commands that take only `#n` (anything after it is ignored). */
export const refOnlyArgs = argSchema((input) => ({
  no: requireTicketRef(stripMentions(input.text, input.mentions)).no,
}));

/**
 * Argument schema of `#n <text>`; `missing` is the refusal when the text is required and
 * absent, null when the text is optional. The note is kept on one line (core/display.ts): it
 * is quoted inside the bot's lines in the group, the timeline and the reminders.
 */
export function refWithTextArgs(missing: string | null) {
  return argSchema((input) => {
    const ref = requireTicketRef(stripMentions(input.text, input.mentions));
    const rest = oneLine(ref.rest);
    if (rest === '' && missing !== null) fail(missing);
    if ([...rest].length > MAX_NOTE) fail(`内容太长了, 请控制在 ${MAX_NOTE} 字以内。`);
    return { no: ref.no, text: rest === '' ? null : rest };
  });
}
