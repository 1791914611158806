/**
 * A database the benchmark measures on, on either store: a SQLite file in a temp folder of its
 * own, or a fresh database on the PostgreSQL server of bench/postgres.ts. The bot's code reaches
 * it through `handle` (the store, as the bot opens it); fills and raw baselines go around the
 * store, through better-sqlite3 prepared statements on SQLite (bench/fill.ts) and set-based SQL
 * on a plain node-postgres client on PostgreSQL (bench/fill-pg.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../db/client.js';
import {
  type ExactFloor,
  pgExactFloor,
  StatementRecorder,
  type Step,
  sqliteExactFloor,
} from './command-floor.js';
import { filingWrites, fillPolls, fillSentOutbox, fillTickets } from './fill.js';
import {
  bareInsertPg,
  filingWritesPg,
  fillPollsPg,
  fillSentOutboxPg,
  fillTicketsPg,
  settleAfterFill,
} from './fill-pg.js';
import { type BenchStore, freshPgDatabase } from './postgres.js';

export const storeName: Record<BenchStore, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

type Fill<F extends (target: never, opts: never) => unknown> = Parameters<F>[1];

export interface BenchDb {
  store: BenchStore;
  url: string;
  /** The store on this database, as the bot opens it (migrated). */
  handle: DatabaseHandle;
  fillTickets(opts: Fill<typeof fillTickets>): Promise<void>;
  fillSentOutbox(opts: Fill<typeof fillSentOutbox>): Promise<void>;
  fillPolls(opts: Fill<typeof fillPolls>): Promise<void>;
  /** After the fills, before any timing (PostgreSQL: statistics and visibility map; SQLite: nothing). */
  settle(): Promise<void>;
  /** The raw writes of one /报修 (bench/fill.ts `filingWrites`), one call per command. */
  filingWrites(opts: Fill<typeof filingWrites>): Promise<(i: number, now: number) => void | Promise<void>>;
  /** One row into a table of its own, in its own transaction, one call per row. */
  bareInsert(): Promise<(i: number) => void | Promise<void>>;
  /**
   * What `fn` sends to the store through `handle` (bench/command-floor.ts); only on a database
   * opened with `{ record: true }`.
   */
  record<T>(fn: () => Promise<T>): Promise<{ result: T; steps: Step[] }>;
  /** The recorded steps replayed raw, one call per replay (bench/command-floor.ts). */
  exactFloor(steps: readonly Step[]): Promise<ExactFloor>;
  count(table: 'tickets' | 'inbox' | 'ballots'): Promise<number>;
  /** Closes the store and removes the database (the SQLite folder, the PostgreSQL database). */
  drop(): Promise<void>;
}

/**
 * A new empty, migrated database on `store`; `part` names it (PostgreSQL) for whoever looks at the
 * server. With `record`, the handle's executor goes through a {@link StatementRecorder} (one
 * check per statement while it does not record), for `record()`.
 */
export async function openBenchDb(
  store: BenchStore,
  part: string,
  options: { record?: boolean } = {},
): Promise<BenchDb> {
  const recorder = options.record ? new StatementRecorder() : null;
  const open = (url: string) => openDatabase(url, recorder ? { wrapExecutor: recorder.wrap } : {});
  const record: BenchDb['record'] = (fn) => {
    if (recorder === null) throw new Error(`bench db ${part} was not opened with { record: true }`);
    return recorder.record(fn);
  };
  return store === 'sqlite' ? openSqliteBenchDb(part, open, record) : openPgBenchDb(part, open, record);
}

type Open = (url: string) => Promise<DatabaseHandle>;

async function openSqliteBenchDb(part: string, open: Open, record: BenchDb['record']): Promise<BenchDb> {
  const dir = mkdtempSync(join(tmpdir(), 'hgj-bench-'));
  const url = join(dir, `${part}.db`);
  const handle = await open(url);
  const sqlite = handle.sqlite;
  if (sqlite === null) throw new Error(`${url} did not open as SQLite`);
  return {
    store: 'sqlite',
    url,
    handle,
    fillTickets: async (opts) => fillTickets(sqlite, opts),
    fillSentOutbox: async (opts) => fillSentOutbox(sqlite, opts),
    fillPolls: async (opts) => fillPolls(sqlite, opts),
    settle: async () => {},
    filingWrites: async (opts) => filingWrites(sqlite, opts),
    async bareInsert() {
      sqlite.exec(
        'CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL, at INTEGER NOT NULL)',
      );
      const insert = sqlite.prepare('INSERT INTO bench_rows (body, at) VALUES (?, ?)');
      const one = sqlite.transaction((i: number) => insert.run('3号楼2单元楼道灯不亮', i));
      return (i) => void one(i);
    },
    record,
    exactFloor: async (steps) => sqliteExactFloor(sqlite, steps),
    count: async (table) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    async drop() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPgBenchDb(part: string, open: Open, record: BenchDb['record']): Promise<BenchDb> {
  const fresh = await freshPgDatabase(part);
  let handle: DatabaseHandle | undefined;
  let client: pg.Client | undefined;
  try {
    handle = await open(fresh.url);
    client = new pg.Client({ connectionString: fresh.url });
    client.on('error', () => {});
    await client.connect();
  } catch (error) {
    await handle?.close();
    await fresh.drop();
    throw error;
  }
  const c = client;
  const store = handle;
  return {
    store: 'postgres',
    url: fresh.url,
    handle: store,
    fillTickets: (opts) => fillTicketsPg(c, opts),
    fillSentOutbox: (opts) => fillSentOutboxPg(c, opts),
    fillPolls: (opts) => fillPollsPg(c, opts),
    settle: () => settleAfterFill(c),
    filingWrites: (opts) => filingWritesPg(c, opts),
    bareInsert: () => bareInsertPg(c),
    record,
    exactFloor: (steps) => pgExactFloor(c, steps),
    async count(table) {
      const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      return Number(rows[0]?.n ?? 0);
    },
    async drop() {
      await c.end();
      await store.close();
      await fresh.drop();
    },
  };
}
