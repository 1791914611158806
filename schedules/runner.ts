/**
 * Schedules are pure functions of (db, now) that write due work (state and outbox rows) in one
 * transaction; node-cron only ticks them, here, in one place (STYLE.md "The shape"). A tick
 * that finds nothing due writes nothing, so running one twice, or late, is harmless.
 */
import { createTask, type ScheduledTask } from 'node-cron';
import type { Db, Tx } from '../db/client.js';

export interface ScheduleContext {
  tz: string;
}

/** One schedule: how often it looks, and what it writes when something is due. */
export interface ScheduleDefinition {
  name: string;
  /** A node-cron expression for the tick (six fields allowed, e.g. every second). */
  every: string;
  /** Writes what is due at `now`; returns how many outbox rows it queued. Synchronous. */
  run(tx: Tx, now: number, ctx: ScheduleContext): number;
}

export interface ScheduleLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs one schedule once, in its own transaction. */
export function runSchedule(db: Db, def: ScheduleDefinition, now: number, ctx: ScheduleContext): number {
  return db.transaction((tx) => def.run(tx, now, ctx));
}

export interface ScheduleRunner {
  /** Runs every schedule once now (catch-up after downtime), then on its tick. */
  start(): void;
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
}): ScheduleRunner {
  const tasks: ScheduledTask[] = [];
  const ctx = { tz: deps.tz };

  function tick(def: ScheduleDefinition): void {
    try {
      const queued = runSchedule(deps.db, def, deps.now(), ctx);
      if (queued > 0) {
        deps.log.info({ schedule: def.name, queued }, 'schedule queued messages');
        deps.onQueued();
      }
    } catch (error) {
      deps.log.error({ schedule: def.name, err: error }, 'schedule run failed');
    }
  }

  return {
    start() {
      for (const def of deps.schedules) {
        tick(def);
        const task = createTask(def.every, () => tick(def), {
          name: def.name,
          timezone: deps.tz,
          noOverlap: true,
        });
        task.start();
        tasks.push(task);
      }
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
      tasks.length = 0;
    },
  };
}
