/**
 * Whether a deadline was kept, as of a moment (SPEC "Tickets and the 5431 rule": every ticket must
 * be answered and solved within its windows; `/统计` and the three-affairs 阳光物业 figures report
 * how often that happened). One rule for every reader, so `/统计`, the notices and the morning
 * digest never disagree about which tickets are late.
 */

/**
 * - `met`: done at or before the deadline;
 * - `missed`: done after it, or not done and the deadline has come (at the deadline itself the
 *   reminders already say 超时);
 * - `running`: not done and the deadline is still ahead: neither on time nor late yet, so it is
 *   left out of on-time rates until it is done or its window closes.
 */
export type DeadlineOutcome = 'met' | 'missed' | 'running';

/** The outcome at `now` of a deadline `dueAt` for something done at `doneAt` (null: not yet). */
export function deadlineOutcome(doneAt: number | null, dueAt: number, now: number): DeadlineOutcome {
  if (doneAt !== null) return doneAt <= dueAt ? 'met' : 'missed';
  return dueAt <= now ? 'missed' : 'running';
}
