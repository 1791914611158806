/**
 * What the deadline pings say (SPEC "Reminders"): the clause of each reminder point, the ping to
 * the staff group with its hint, the committee's line at a breach, the quiet-hours digests and
 * the timeline notes. Pure: the clock and zone come in, a string goes out.
 */

import type { Ticket } from '../../db/schema.js';
import { formatMinuteOfDay, type QuietHours } from '../settings/catalog.js';
import { formatClock, formatDuration } from '../time/index.js';
import type { ReminderPoint } from './reminder-plan.js';
import { effectiveSolveDueAt, solveWindowOf } from './sla.js';
import { formatLeft, formatOver, solveWord, ticketLine } from './wording.js';

/** The moment a run speaks at, and the zone its clock times are shown in. */
export interface ReminderClock {
  now: number;
  tz: string;
}

const clockOf = (c: ReminderClock, at: number): string => formatClock(at, c.tz, c.now);

/** The clause a point says about its window, e.g. "还剩 6分钟解决 (14:30 前)". */
export function pointClause(c: ReminderClock, t: Ticket, p: ReminderPoint): string {
  const verb = p.seq === 'response' ? '响应' : solveWord(t);
  if (p.percent < 100) return `还剩 ${formatLeft(p.deadline - c.now)}${verb} (${clockOf(c, p.deadline)} 前)`;
  const over = c.now - p.deadline;
  const late = over >= 60_000 ? `, 已超时 ${formatOver(over)}` : '';
  const nobody = p.seq === 'response' && t.assigneeId === null ? ', 仍无人接单' : '';
  return `已超过${verb}时限 (${clockOf(c, p.deadline)})${late}${nobody}`;
}

/**
 * The ping to the staff group for the points due now (not the escalation): the ticket's line
 * with a clause per point, then what to do next, and at the solve breach when the automatic 吹哨
 * will come. `clauses` also go into the timeline note.
 */
export function pingText(
  c: ReminderClock,
  t: Ticket,
  pings: readonly ReminderPoint[],
): { text: string; clauses: string[] } {
  const clauses = pings.map((p) => pointClause(c, t, p));
  const hints: string[] = [];
  const unassigned = t.assigneeId === null;
  const responseDue = pings.some((p) => p.seq === 'response');
  if (unassigned) hints.push(`请物业发 /接单 #${t.no}。`);
  else if (responseDue) hints.push(`到场后请发 /到场 #${t.no}。`);
  const breach = pings.some((p) => p.seq === 'solve' && p.percent === 100);
  if (breach && t.escalatedAt === null) {
    hints.push(`超过 2 倍时限 (${clockOf(c, t.solveDueAt + solveWindowOf(t))}) 将自动吹哨到社区。`);
  }
  // The response breach of an unassigned ticket says 仍无人接单 itself.
  const line = ticketLine(t, clauses, unassigned && !responseDue ? '无人接单' : undefined);
  return { text: [line, ...hints].join('\n'), clauses };
}

/** The timeline note of a ping: "提醒王师傅: 还剩 …". `who` is null when nobody took the ticket. */
export function remindedNote(who: string | null, clauses: readonly string[]): string {
  return `提醒${who ?? '全体物业'}: ${clauses.join(', ')}`;
}

/** The committee's line at the solve breach; `who` is the assignee's name, null when nobody took it. */
export function committeeBreachText(c: ReminderClock, t: Ticket, who: string | null): string {
  const verb = solveWord(t);
  const twice =
    t.escalatedAt === null
      ? `${clockOf(c, t.solveDueAt + solveWindowOf(t))} 前仍未${verb}将自动吹哨到社区。`
      : '';
  const line = ticketLine(
    t,
    [`已超过${verb}时限 (${clockOf(c, t.solveDueAt)})`],
    who === null ? '无人接单' : `负责人 ${who}`,
  );
  return `业委会督办: ${line}。${twice}`;
}

/** Why the schedule blows the whistle itself at twice the window. */
export function autoEscalationReason(t: Ticket): string {
  const verb = solveWord(t);
  return `超过 2 倍${verb}时限 (${formatDuration(2 * solveWindowOf(t))}) 仍未${verb}, 系统自动吹哨`;
}

/** What the quiet-hours digest says about a ticket now. */
export function currentClauses(c: ReminderClock, t: Ticket): string[] {
  const clauses: string[] = [];
  if (t.resolvedAt === null) {
    const verb = solveWord(t);
    const due = effectiveSolveDueAt(t, c.now);
    clauses.push(
      c.now < due
        ? `还剩 ${formatLeft(due - c.now)}${verb} (${clockOf(c, due)} 前)`
        : `已超过${verb}时限 ${formatOver(c.now - due)}`,
    );
  }
  if (t.respondedAt === null && c.now >= t.responseDueAt && t.assigneeId !== null) clauses.push('未响应');
  if (t.escalatedAt !== null) clauses.push('已吹哨到社区');
  return clauses;
}

/** The timeline note of a ticket in a quiet-hours digest. */
export function quietNote(clauses: readonly string[]): string {
  return `免打扰结束后提醒: ${clauses.join(', ')}`;
}

function quietSpan(quiet: QuietHours | null): string {
  return quiet === null ? '' : ` (${formatMinuteOfDay(quiet.start)}-${formatMinuteOfDay(quiet.end)}) `;
}

/** The staff group's digest when quiet hours end: one line per ticket. */
export function quietDigestText(quiet: QuietHours | null, lines: readonly string[]): string {
  return [`免打扰时段${quietSpan(quiet)}内到点的工单提醒, 共 ${lines.length} 件:`, ...lines].join('\n');
}

/** The committee's digest of the breaches held over quiet hours. */
export function quietCommitteeText(quiet: QuietHours | null, lines: readonly string[]): string {
  return [`业委会督办: 免打扰时段${quietSpan(quiet)}内超过时限的工单, 共 ${lines.length} 件:`, ...lines].join(
    '\n',
  );
}
