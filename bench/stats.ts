import { demoBot } from '../bot/sandbox/demo-compound.js';
import { createDispatcher } from '../commands/dispatcher.js';
import { allCommands } from '../commands/index.js';
import type { Db } from '../db/client.js';

/** Small helpers shared by the benchmark parts. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Benchmark sizes scale with HGJ_BENCH_SCALE (1 = the sizes of issue 6; 0.01 for a quick try). */
export const SCALE = Number(process.env.HGJ_BENCH_SCALE ?? 1);
export const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves on the next turn of the event loop, after the callbacks already queued have run. */
export const nextTurn = () => new Promise<void>((r) => setImmediate(r));

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The real dispatcher on `db`, silent and without flood control (the bench sends fast). */
export function benchDispatcher(db: Db) {
  return createDispatcher({
    db,
    tz: 'Asia/Shanghai',
    bot: { names: [demoBot.name] },
    configAdmins: new Set(),
    commands: allCommands,
    log: { info() {}, warn() {}, error() {} },
    flood: { limit: 1e9, windowMs: 1 },
  });
}
