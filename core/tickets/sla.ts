/**
 * The "5431" clocks of a ticket (SPEC "Tickets and the 5431 rule"), as pure functions of the
 * ticket, the compound's settings and `now`. The rules are written on the `tickets` table.
 */

import type { Ticket } from '../../db/schema.js';
import type { TicketClass } from '../classify/index.js';
import { type DeadlineOutcome, deadlineOutcome } from '../deadline.js';
import type { CompoundSettings } from '../settings/catalog.js';

export interface Deadlines {
  responseDueAt: number;
  solveDueAt: number;
}

/** Both deadlines from the filing time, the class's windows and the pauses so far. */
export function deadlinesFor(
  filedAt: number,
  ticketClass: TicketClass,
  settings: Pick<CompoundSettings, 'responseMs' | 'solveMs'>,
  pausedMs = 0,
): Deadlines {
  return {
    responseDueAt: filedAt + settings.responseMs,
    solveDueAt: filedAt + settings.solveMs[ticketClass] + pausedMs,
  };
}

/**
 * The stricter clock for a ticket whose class is not yet confirmed (SPEC "Owners' own words"):
 * each deadline is the earliest among the candidate classes, so whatever staff decide, the
 * ticket was never given more time than it should have had.
 */
export function strictestDeadlines(
  filedAt: number,
  candidates: readonly TicketClass[],
  settings: Pick<CompoundSettings, 'responseMs' | 'solveMs'>,
  pausedMs = 0,
): Deadlines {
  const all = candidates.map((c) => deadlinesFor(filedAt, c, settings, pausedMs));
  return {
    responseDueAt: Math.min(...all.map((d) => d.responseDueAt)),
    solveDueAt: Math.min(...all.map((d) => d.solveDueAt)),
  };
}

/** The solve window of the class (without pauses). */
export function solveWindowMs(ticketClass: TicketClass, settings: Pick<CompoundSettings, 'solveMs'>): number {
  return settings.solveMs[ticketClass];
}

type ClockFields = Pick<
  Ticket,
  'filedAt' | 'solveDueAt' | 'pausedAt' | 'pausedMs' | 'resolvedAt' | 'closedAt'
>;

/**
 * The solve deadline as of `now`: while paused the clock stands still, so the deadline moves
 * with the pause (`solveDueAt` itself only grows when the pause ends).
 */
export function effectiveSolveDueAt(t: ClockFields, now: number): number {
  return t.pausedAt === null ? t.solveDueAt : t.solveDueAt + Math.max(0, now - t.pausedAt);
}

/** Solve time used so far (or until resolved), pauses subtracted exactly. */
export function solveElapsedMs(t: ClockFields, now: number): number {
  const end = t.resolvedAt ?? now;
  const currentPause = t.pausedAt === null ? 0 : Math.max(0, Math.min(end, now) - t.pausedAt);
  return Math.max(0, end - t.filedAt - t.pausedMs - currentPause);
}

/** True when solved by the deadline (false while still open). */
export function solvedOnTime(t: ClockFields): boolean {
  return t.resolvedAt !== null && t.resolvedAt <= t.solveDueAt;
}

/** True when the ticket stands resolved (a complex one by its plan); a reopened one is not. */
export function isResolved(t: Pick<Ticket, 'status' | 'resolvedAt'>): boolean {
  return t.resolvedAt !== null && (t.status === 'resolved' || t.status === 'closed');
}

/** Whether the response deadline was kept, as of `now` (see {@link deadlineOutcome}). */
export function responseOutcome(
  t: Pick<Ticket, 'respondedAt' | 'responseDueAt'>,
  now: number,
): DeadlineOutcome {
  return deadlineOutcome(t.respondedAt, t.responseDueAt, now);
}

/**
 * Whether the solve deadline was kept, as of `now` (see {@link deadlineOutcome}): a resolved
 * ticket against its deadline, an open one against the deadline as it stands now (a pause moves
 * it, so a paused ticket with time left is still running).
 */
export function solveOutcome(t: ClockFields & Pick<Ticket, 'status'>, now: number): DeadlineOutcome {
  return isResolved(t)
    ? deadlineOutcome(t.resolvedAt, t.solveDueAt, now)
    : deadlineOutcome(null, effectiveSolveDueAt(t, now), now);
}

/** Pause bookkeeping for `/继续`: the new total paused time and the extended deadline. */
export function resumeClock(
  t: Pick<Ticket, 'pausedAt' | 'pausedMs' | 'solveDueAt'>,
  now: number,
): Pick<Ticket, 'pausedMs' | 'solveDueAt'> {
  const pause = t.pausedAt === null ? 0 : Math.max(0, now - t.pausedAt);
  return { pausedMs: t.pausedMs + pause, solveDueAt: t.solveDueAt + pause };
}

/**
 * The solve window the ticket runs on, as fixed when it was filed or last reclassified: the
 * stored deadline minus the filing time and the pauses, so a later `/设置 时限` change does
 * not rewrite the past.
 */
export function solveWindowOf(t: Pick<Ticket, 'filedAt' | 'solveDueAt' | 'pausedMs'>): number {
  return t.solveDueAt - t.filedAt - t.pausedMs;
}

/** The response window the ticket runs on (see {@link solveWindowOf}). */
export function responseWindowOf(t: Pick<Ticket, 'filedAt' | 'responseDueAt'>): number {
  return t.responseDueAt - t.filedAt;
}

/** Time the solve clock has stood still so far, the running pause included. */
export function pausedSoFarMs(t: Pick<Ticket, 'pausedAt' | 'pausedMs'>, now: number): number {
  return t.pausedMs + (t.pausedAt === null ? 0 : Math.max(0, now - t.pausedAt));
}
