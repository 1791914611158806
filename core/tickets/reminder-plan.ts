/**
 * When a ticket's deadline pings fall due (SPEC "Reminders"; the clock rules are in the TSDoc of
 * the \`tickets\` table): the reminder points of each window, which of them to send now after a
 * look at what was dealt with already, and whether one held over quiet hours still means
 * something. Pure: the schedule (schedules/ticket-reminders.ts) reads and writes, this decides.
 */

import type { Ticket } from '../../db/schema.js';
import { responseWindowOf, solveWindowOf } from './sla.js';

const DAY = 86_400_000;

/**
 * Open tickets whose solve deadline passed longer ago than this have nothing left to ping: the
 * last point of a ticket (the escalation at twice the window) is at most one window after its
 * deadline, and `/设置` allows no window over 30 days. Bounding the scan by it keeps the query on
 * the `tickets_open_idx` range, so its cost follows the tickets in play, not all ever filed (or
 * left unconfirmed). A ticket older than that is the daily digest's business.
 */
export const REMINDER_HORIZON_MS = 31 * DAY;

export type ReminderSequence = 'response' | 'solve' | 'escalate';

/** One reminder point of a ticket. */
export interface ReminderPoint {
  seq: ReminderSequence;
  /** Percent of the window: a reminder point, 100 for the breach, 200 for the escalation. */
  percent: number;
  /** When it falls due. */
  at: number;
  /** The deadline it counts towards. */
  deadline: number;
  /** `<seq>:<percent>:<window ms>`, the marker key (see `ticket_reminders`). */
  key: string;
}

export type ReminderTicket = Pick<
  Ticket,
  | 'filedAt'
  | 'responseDueAt'
  | 'solveDueAt'
  | 'respondedAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'pausedAt'
  | 'pausedMs'
  | 'escalatedAt'
  | 'assigneeId'
>;

function cleanPercents(percents: readonly number[]): number[] {
  return [...new Set(percents.filter((p) => Number.isInteger(p) && p >= 1 && p <= 99))].sort((a, b) => a - b);
}

/**
 * Every reminder point the ticket has in its present state, earliest first per sequence. None
 * while closed or paused (a paused ticket's deadline is moving, SPEC "Tickets"); no response
 * points once responded, no solve points once resolved, no escalation once escalated.
 */
export function reminderPointsOf(t: ReminderTicket, reminderPercents: readonly number[]): ReminderPoint[] {
  if (t.closedAt !== null || t.pausedAt !== null) return [];
  const percents = cleanPercents(reminderPercents);
  const points: ReminderPoint[] = [];
  const r = responseWindowOf(t);
  if (t.respondedAt === null && r > 0) {
    for (const p of percents) {
      points.push({
        seq: 'response',
        percent: p,
        at: t.filedAt + Math.round((r * p) / 100),
        deadline: t.responseDueAt,
        key: `response:${p}:${r}`,
      });
    }
    points.push({
      seq: 'response',
      percent: 100,
      at: t.responseDueAt,
      deadline: t.responseDueAt,
      key: `response:100:${r}`,
    });
  }
  const w = solveWindowOf(t);
  if (t.resolvedAt === null && w > 0) {
    for (const p of percents) {
      points.push({
        seq: 'solve',
        percent: p,
        at: t.solveDueAt - Math.round((w * (100 - p)) / 100),
        deadline: t.solveDueAt,
        key: `solve:${p}:${w}`,
      });
    }
    points.push({
      seq: 'solve',
      percent: 100,
      at: t.solveDueAt,
      deadline: t.solveDueAt,
      key: `solve:100:${w}`,
    });
    if (t.escalatedAt === null) {
      points.push({
        seq: 'escalate',
        percent: 200,
        at: t.solveDueAt + w,
        deadline: t.solveDueAt,
        key: `escalate:200:${w}`,
      });
    }
  }
  return points;
}

export interface ReminderPlan {
  /** At most one point per sequence: the latest that fell due and was not dealt with. */
  due: ReminderPoint[];
  /** Points passed over: caught up by a later one, or with nobody to ping. */
  skipped: ReminderPoint[];
}

/**
 * What to do for one ticket at `now`, given the marker keys already dealt with. Pure: the heart
 * of the schedule, tested with a fixed clock.
 * - Per sequence only the latest point due is sent; earlier ones still open are skipped (the
 *   catch-up after downtime), and points before one already dealt with never come back (a
 *   reminder point added later in `/设置` does not ping the past).
 * - Before the response breach an unassigned ticket has nobody to ping: those points are
 *   skipped; the breach itself goes to all managers.
 * - When the escalation is due, it supersedes a solve ping due at the same time: the escalation
 *   notice carries the news.
 */
export function planTicketReminders(
  t: ReminderTicket,
  reminderPercents: readonly number[],
  handled: ReadonlySet<string>,
  now: number,
): ReminderPlan {
  const due: ReminderPoint[] = [];
  const skipped: ReminderPoint[] = [];
  const all = reminderPointsOf(t, reminderPercents);
  for (const seq of ['response', 'solve', 'escalate'] as const) {
    const points = all.filter((p) => p.seq === seq);
    const lastHandled = Math.max(0, ...points.filter((p) => handled.has(p.key)).map((p) => p.percent));
    const fresh = points.filter((p) => p.at <= now && p.percent > lastHandled && !handled.has(p.key));
    const latest = fresh.at(-1);
    if (latest === undefined) continue;
    skipped.push(...fresh.slice(0, -1));
    if (seq === 'response' && latest.percent < 100 && t.assigneeId === null) skipped.push(latest);
    else due.push(latest);
  }
  if (due.some((p) => p.seq === 'escalate')) {
    const solve = due.findIndex((p) => p.seq === 'solve');
    if (solve >= 0) skipped.push(...due.splice(solve, 1));
  }
  return { due, skipped };
}

/** The sequence, percent and window encoded in a marker key. */
function parseKey(key: string): { seq: ReminderSequence; percent: number; window: number } | null {
  const [seq, percent, window] = key.split(':');
  if (seq !== 'response' && seq !== 'solve' && seq !== 'escalate') return null;
  return { seq, percent: Number(percent), window: Number(window) };
}

/** Whether a held point still means something when quiet hours end. */
export function stillRelevant(t: Ticket, key: string): boolean {
  const k = parseKey(key);
  if (k === null || t.closedAt !== null || t.pausedAt !== null) return false;
  if (k.seq === 'response') return t.respondedAt === null && k.window === responseWindowOf(t);
  if (t.resolvedAt !== null || k.window !== solveWindowOf(t)) return false;
  return k.seq === 'solve' || t.escalatedAt === null;
}
