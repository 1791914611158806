/**
 * The calendar schedules' next and last runs per compound (db/schema-schedules.ts scheduleRuns):
 * the queries behind schedules/daily-digest.ts.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { jsonRows } from './dialect.js';
import { type ScheduleRun, scheduleRuns } from './schema-schedules.js';

/** The stored runs of one schedule, by compound. */
export async function scheduleRunsOf(db: DbOrTx, name: string): Promise<Map<number, ScheduleRun>> {
  const rows = await db.select().from(scheduleRuns).where(eq(scheduleRuns.name, name)).all();
  return new Map(rows.map((r) => [r.compoundId, r]));
}

/**
 * Stores the first runs of compounds that had none, in one statement with the rows as one JSON
 * parameter (db/dialect.ts jsonRows): on a street's first start, 200 new compounds were 200
 * inserts, about 6 MB of drizzle's garbage at start.
 */
export async function addFirstScheduleRuns(
  db: DbOrTx,
  name: string,
  first: readonly { compoundId: number; nextRunAt: number }[],
): Promise<void> {
  if (first.length === 0) return;
  const rows = jsonRows(
    db,
    { compound_id: 'bigint', next_run_at: 'bigint' },
    first.map((r) => [r.compoundId, r.nextRunAt]),
  );
  await db.run(sql`
    insert into ${scheduleRuns} (name, compound_id, next_run_at)
    select cast(${name} as text), compound_id, next_run_at from ${rows} where true`);
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
