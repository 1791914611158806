/**
 * Schedules are pure functions of (db, now) that write due work (state and outbox rows) in one
 * transaction; node-cron only ticks them, here, in one place (STYLE.md "The shape"). A tick
 * that finds nothing due writes nothing, so running one twice, or late, is harmless.
 */
import { createTask, type ScheduledTask } from 'node-cron';
import type { Db, Tx } from '../db/client.js';
import { lockSchedule } from '../db/dialect.js';

export interface ScheduleContext {
  tz: string;
  /** The board pages' public address (HGJ_PUBLIC_URL): posts end with a link under it. */
  publicUrl: string;
}

/** One schedule: how often it looks, and what it writes when something is due. */
export interface ScheduleDefinition {
  name: string;
  /** A node-cron expression for the tick (six fields allowed, e.g. every second). */
  every: string;
  /**
   * Writes what is due at `now`; resolves with how many outbox rows it queued. Every statement is
   * awaited before it resolves: the transaction ends when it does.
   */
  run(tx: Tx, now: number, ctx: ScheduleContext): Promise<number>;
}

export interface ScheduleLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs one schedule once, in its own transaction, which no other process's run of the same
 * schedule overlaps (lockSchedule): two bots on one store that tick together produce its due
 * work once.
 */
export async function runSchedule(
  db: Db,
  def: ScheduleDefinition,
  now: number,
  ctx: ScheduleContext,
): Promise<number> {
  return await db.transaction(async (tx) => {
    await lockSchedule(tx, def.name);
    return def.run(tx, now, ctx);
  });
}

export interface ScheduleRunner {
  /**
   * Runs every schedule once now (catch-up after downtime), then on its tick; resolves when the
   * catch-up runs are done (each logged, none rejects).
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createScheduleRunner(deps: {
  db: Db;
  schedules: readonly ScheduleDefinition[];
  tz: string;
  now: () => number;
  log: ScheduleLogger;
  /** Called when a run queued outbox rows (wakes the sender). */
  onQueued: () => void;
  /** The board pages' public address, read at each run (known once the port is open). */
  publicUrl: () => string;
}): ScheduleRunner {
  const tasks: ScheduledTask[] = [];
  /** The run under way of each schedule, by name. */
  const running = new Map<string, Promise<void>>();

  /**
   * Runs a schedule unless its previous run is still going: a run that takes longer than the
   * tick (a slow store, a big catch-up at start) is not joined by a second one on the same rows;
   * the next tick after it ends finds what is due. This also covers the catch-up run at start,
   * which node-cron's `noOverlap` does not see (and which would log a warning per tick skipped).
   * Never rejects: a failed run is logged and the next tick tries again.
   */
  function tick(def: ScheduleDefinition): Promise<void> {
    const current = running.get(def.name);
    if (current !== undefined) return current;
    // `finally` runs in a later microtask, so always after the `set` below.
    const run = runLogged(def).finally(() => running.delete(def.name));
    running.set(def.name, run);
    return run;
  }

  async function runLogged(def: ScheduleDefinition): Promise<void> {
    try {
      const queued = await runSchedule(deps.db, def, deps.now(), {
        tz: deps.tz,
        publicUrl: deps.publicUrl(),
      });
      if (queued > 0) {
        deps.log.info({ schedule: def.name, queued }, 'schedule queued messages');
        deps.onQueued();
      }
    } catch (error) {
      deps.log.error({ schedule: def.name, err: error }, 'schedule run failed');
    }
  }

  return {
    async start() {
      const catchUp: Promise<void>[] = [];
      for (const def of deps.schedules) {
        catchUp.push(tick(def));
        const task = createTask(
          def.every,
          () => {
            void tick(def);
          },
          { name: def.name, timezone: deps.tz },
        );
        await task.start();
        tasks.push(task);
      }
      await Promise.all(catchUp);
    },
    /** Stops the ticks and waits for the runs under way, so the store can be closed after. */
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
      tasks.length = 0;
      await Promise.all(running.values());
    },
  };
}
