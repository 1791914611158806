/**
 * The ticket figures of a compound over a period: what `/统计` shows and what the three-affairs
 * notice prints as 阳光物业 (SPEC "`/统计`" and "Three-affairs notices"). A pure function of the
 * database and a range, so the command, the notice schedule and tests all read the same numbers.
 *
 * Every figure counts whole things (tickets, events, milliseconds, score points) in integers;
 * the two derived ratios are rounded once, half up, to one decimal with integer arithmetic, so
 * every reader prints the same "66.7%" and "4.3" without float drift.
 */

import { and, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { storedName } from '../../db/people.js';
import { ticketEvents, tickets } from '../../db/schema.js';
import { type TicketClass, ticketClasses } from '../classify/index.js';
import { displayName } from '../display.js';
import { compareZh } from '../text.js';
import { fromZoned, toZoned } from '../time/index.js';
import { isResolved, responseOutcome, solveElapsedMs, solveOutcome } from './sla.js';

/**
 * The figures of one compound over `[from, to)` (epoch ms, `to` exclusive).
 *
 * Which tickets each figure looks at:
 * - `filed`: tickets filed in the range. `solved`, `solvedOnTime`, `respondedOnTime`, the two
 *   medians and `byClass` are about these tickets, as they stand at `now`.
 * - `solved`: of those, the ones resolved (status resolved or closed; a complex ticket is resolved
 *   by its plan). A reopened ticket counts again only once it is resolved again.
 * - `solvedOnTime`: of the solved, `resolvedAt <= solveDueAt` (schema rules on `tickets`: pauses
 *   are already added to `solveDueAt`).
 * - `solveJudged`: of the filed, those whose solve deadline can be judged at `now`
 *   (core/deadline.ts): resolved, or open with the deadline come (pauses counted). An open ticket
 *   inside its window is neither on time nor late yet; one left open past it is late.
 * - `onTimeRate`: `solvedOnTime / solveJudged` in percent (0–100) rounded half up to one decimal
 *   (66.7 for 2 of 3); null when nothing can be judged yet.
 * - `respondedOnTime`: of the filed, `respondedAt <= responseDueAt`.
 * - `responseJudged`: of the filed, those answered or whose response window has closed; the
 *   ones still inside it are not counted as answered late.
 * - `medianResponseMs`: median of `respondedAt - filedAt` over the filed tickets answered so far.
 * - `medianSolveMs`: median solve time of the solved, pauses subtracted (`solveElapsedMs`).
 *   Medians of an even count take the lower-rounded mean of the two middle values.
 * - `rework`: 'reopened' events that happened in the range (any ticket of the compound).
 * - `escalations`: tickets escalated in the range: `escalatedAt` in the range, or an 'escalated'
 *   event in the range (the event survives when the mark is cleared at closing); each ticket once.
 * - `pauses`: 'paused' events in the range.
 * - `avgScore`, `scored`, `lowScores`: over the tickets confirmed (closed with a score) in the
 *   range: the mean score rounded half up to one decimal (null when none), how many, and how many
 *   scored 1 or 2 (the committee's follow-up list, SPEC "Tickets"). `scoreSum` is the sum of those
 *   scores, so figures of several compounds can be pooled (the company ranking) without rounding twice.
 * - `byClass`: `filed`, `solved`, `solvedOnTime` per current class.
 * - `byManager`: everyone who is the assignee of a ticket filed in the range or of a ticket
 *   confirmed in the range: `assigned` (filed in range and assigned to them now), `solved`,
 *   `solvedOnTime`, `medianSolveMs` of those, and `avgScore` of their tickets confirmed in the
 *   range. Ordered by solved, then assigned (both descending), then name.
 */
export interface TicketFigures {
  from: number;
  to: number;
  filed: number;
  solved: number;
  solvedOnTime: number;
  solveJudged: number;
  onTimeRate: number | null;
  respondedOnTime: number;
  responseJudged: number;
  medianResponseMs: number | null;
  medianSolveMs: number | null;
  rework: number;
  escalations: number;
  pauses: number;
  avgScore: number | null;
  scored: number;
  scoreSum: number;
  lowScores: number;
  byClass: Record<'general' | 'major' | 'complex', { filed: number; solved: number; solvedOnTime: number }>;
  byManager: {
    id: string;
    name: string;
    assigned: number;
    solved: number;
    solvedOnTime: number;
    medianSolveMs: number | null;
    avgScore: number | null;
  }[];
}

/** `num / den` rounded half up to an integer, for non-negative integers (den > 0). */
function roundDiv(num: number, den: number): number {
  return Math.floor((2 * num + den) / (2 * den));
}

/** A percentage with one decimal (66.7 for 2 of 3), or null when `of` is 0. */
export function percentOneDecimal(part: number, of: number): number | null {
  return of === 0 ? null : roundDiv(part * 1000, of) / 10;
}

/** A mean score with one decimal (4.3 for 13 points over 3), or null when nobody scored. */
export function meanOneDecimal(sum: number, count: number): number | null {
  return count === 0 ? null : roundDiv(sum * 10, count) / 10;
}

/** The median of integer milliseconds; an even count takes the floor of the two middles' mean. */
export function medianMs(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  if (sorted.length % 2 === 1) return upper;
  return Math.floor(((sorted[mid - 1] as number) + upper) / 2);
}

/** "66.7%" for a rate from {@link TicketFigures}; one decimal always. */
export function formatRate(rate: number): string {
  return `${rate.toFixed(1)}%`;
}

/** "4.3" for a score from {@link TicketFigures}. */
export function formatScore(score: number): string {
  return score.toFixed(1);
}

interface ManagerTally {
  assigned: number;
  solved: number;
  solvedOnTime: number;
  solveTimes: number[];
  scoreSum: number;
  scored: number;
}

/**
 * The figures of a compound over a range, as the tickets stand at `now`; see
 * {@link TicketFigures} for each definition.
 */
export async function ticketFigures(
  db: DbOrTx,
  compoundId: number,
  range: { from: number; to: number },
  now: number,
): Promise<TicketFigures> {
  const { from, to } = range;
  const inRange = (column: typeof tickets.filedAt | typeof ticketEvents.at) =>
    and(gte(column, from), lt(column, to));

  const filedRows = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.compoundId, compoundId), inRange(tickets.filedAt)))
    .all();

  const confirmedRows = await db
    .select({ score: tickets.score, assigneeId: tickets.assigneeId })
    .from(tickets)
    .where(
      and(
        eq(tickets.compoundId, compoundId),
        isNotNull(tickets.score),
        gte(tickets.closedAt, from),
        lt(tickets.closedAt, to),
      ),
    )
    .all();

  const eventRows = await db
    .select({ kind: ticketEvents.kind, ticketId: ticketEvents.ticketId })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(
      and(
        eq(tickets.compoundId, compoundId),
        inRange(ticketEvents.at),
        inArray(ticketEvents.kind, ['reopened', 'paused', 'escalated']),
      ),
    )
    .all();

  const markedEscalated = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(eq(tickets.compoundId, compoundId), gte(tickets.escalatedAt, from), lt(tickets.escalatedAt, to)),
    )
    .all();

  const byClass = Object.fromEntries(
    ticketClasses.map((c) => [c, { filed: 0, solved: 0, solvedOnTime: 0 }]),
  ) as TicketFigures['byClass'];
  const managers = new Map<string, ManagerTally>();
  const tally = (id: string): ManagerTally => {
    let m = managers.get(id);
    if (m === undefined) {
      m = { assigned: 0, solved: 0, solvedOnTime: 0, solveTimes: [], scoreSum: 0, scored: 0 };
      managers.set(id, m);
    }
    return m;
  };

  let solved = 0;
  let onTime = 0;
  let solveJudged = 0;
  let respondedOnTime = 0;
  let responseJudged = 0;
  const responseTimes: number[] = [];
  const solveTimes: number[] = [];
  for (const t of filedRows) {
    const cls = byClass[t.ticketClass as TicketClass];
    cls.filed++;
    const manager = t.assigneeId === null ? null : tally(t.assigneeId);
    if (manager) manager.assigned++;
    if (t.respondedAt !== null) responseTimes.push(t.respondedAt - t.filedAt);
    const response = responseOutcome(t, now);
    if (response !== 'running') responseJudged++;
    if (response === 'met') respondedOnTime++;
    const solve = solveOutcome(t, now);
    if (solve !== 'running') solveJudged++;
    // An open ticket past its deadline counts against the rate above, but it is not solved.
    if (!isResolved(t)) continue;
    const elapsed = solveElapsedMs(t, t.resolvedAt as number);
    const timely = solve === 'met';
    solved++;
    cls.solved++;
    solveTimes.push(elapsed);
    if (timely) {
      onTime++;
      cls.solvedOnTime++;
    }
    if (manager) {
      manager.solved++;
      manager.solveTimes.push(elapsed);
      if (timely) manager.solvedOnTime++;
    }
  }

  let scoreSum = 0;
  let lowScores = 0;
  for (const c of confirmedRows) {
    const score = c.score as number;
    scoreSum += score;
    if (score <= 2) lowScores++;
    if (c.assigneeId !== null) {
      const m = tally(c.assigneeId);
      m.scoreSum += score;
      m.scored++;
    }
  }

  const escalated = new Set(markedEscalated.map((r) => r.id));
  let rework = 0;
  let pauses = 0;
  for (const e of eventRows) {
    if (e.kind === 'reopened') rework++;
    else if (e.kind === 'paused') pauses++;
    else escalated.add(e.ticketId);
  }

  const byManager: TicketFigures['byManager'] = [];
  for (const [id, m] of managers) {
    byManager.push({
      id,
      name: displayName(await storedName(db, id)),
      assigned: m.assigned,
      solved: m.solved,
      solvedOnTime: m.solvedOnTime,
      medianSolveMs: medianMs(m.solveTimes),
      avgScore: meanOneDecimal(m.scoreSum, m.scored),
    });
  }
  byManager.sort((a, b) => b.solved - a.solved || b.assigned - a.assigned || compareZh(a.name, b.name));

  return {
    from,
    to,
    filed: filedRows.length,
    solved,
    solvedOnTime: onTime,
    solveJudged,
    onTimeRate: percentOneDecimal(onTime, solveJudged),
    respondedOnTime,
    responseJudged,
    medianResponseMs: medianMs(responseTimes),
    medianSolveMs: medianMs(solveTimes),
    rework,
    escalations: escalated.size,
    pauses,
    avgScore: meanOneDecimal(scoreSum, confirmedRows.length),
    scored: confirmedRows.length,
    scoreSum,
    lowScores,
    byClass,
    byManager,
  };
}

/**
 * The local calendar month containing `now` (本月) or the one before it (上月) in `tz`, as
 * `[from, to)` epoch ms and a label "2026年11月". A ticket filed 2026-11-30 23:30 in Shanghai is
 * in November whatever the server's zone.
 */
export function monthRange(
  now: number,
  tz: string,
  which: '本月' | '上月',
): { from: number; to: number; label: string } {
  const local = toZoned(now, tz);
  const month = which === '本月' ? local.month : local.month - 1;
  // fromZoned rolls month 0 over to December of the year before, and 13 to January.
  const from = fromZoned({ year: local.year, month, day: 1 }, tz);
  const to = fromZoned({ year: local.year, month: month + 1, day: 1 }, tz);
  const start = toZoned(from, tz);
  return { from, to, label: `${start.year}年${start.month}月` };
}
