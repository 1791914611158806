/**
 * The calendar schedules' next and last runs per compound (db/schema-schedules.ts scheduleRuns):
 * the queries behind schedules/daily-digest.ts.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { perStatement } from './compounds.js';
import { type ScheduleRun, scheduleRuns } from './schema-schedules.js';

/** The stored runs of one schedule, by compound. */
export async function scheduleRunsOf(db: DbOrTx, name: string): Promise<Map<number, ScheduleRun>> {
  const rows = await db.select().from(scheduleRuns).where(eq(scheduleRuns.name, name)).all();
  return new Map(rows.map((r) => [r.compoundId, r]));
}

/**
 * Stores the first runs of compounds that had none, a statement per 500 rows: on a street's first
 * start, 200 new compounds were 200 inserts, about 6 MB of drizzle's garbage at start.
 */
export async function addFirstScheduleRuns(
  db: DbOrTx,
  name: string,
  first: readonly { compoundId: number; nextRunAt: number }[],
): Promise<void> {
  for (const rows of perStatement(first))
    await db
      .insert(scheduleRuns)
      .values(rows.map((r) => ({ name, compoundId: r.compoundId, nextRunAt: r.nextRunAt })))
      .run();
}

/** Moves a compound's next run on; records the last run when it ran (undefined keeps the one stored). */
export async function setScheduleRun(
  db: DbOrTx,
  name: string,
  compoundId: number,
  run: { nextRunAt: number; lastRunAt?: number },
): Promise<void> {
  await db
    .update(scheduleRuns)
    .set({ nextRunAt: run.nextRunAt, lastRunAt: run.lastRunAt })
    .where(and(eq(scheduleRuns.name, name), eq(scheduleRuns.compoundId, compoundId)))
    .run();
}
