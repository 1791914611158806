/** The stored state of one cron schedule (a compound's notice, an area's ranking or agenda). */
export interface ScheduleState {
  cron: string;
  nextRunAt: number | null;
  /** Set when the schedule ran; left as stored otherwise. */
  lastRunAt?: number;
}

/**
 * What an upsert of a schedule's state writes: the expression and the next run always, the last
 * run only when it ran, so a changed expression keeps the record of the last run.
 */
export function scheduleStateColumns(state: ScheduleState, now: number) {
  return {
    cron: state.cron,
    nextRunAt: state.nextRunAt,
    updatedAt: now,
    ...(state.lastRunAt === undefined ? {} : { lastRunAt: state.lastRunAt }),
  };
}
