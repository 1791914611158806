import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type SQL, sql } from 'drizzle-orm';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

/** The drizzle handle every query function takes first. Synchronous: never `await` inside a transaction. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** A drizzle handle or the transaction handle a `db.transaction` callback receives. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Either: query functions accept both so they can run inside or outside a transaction. */
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Distinct SQL texts kept prepared; the bot has a few hundred, a runaway would be a bug. */
const STATEMENT_CACHE = 1000;

/**
 * Drizzle asks better-sqlite3 to prepare every statement anew on each call; preparing is a third
 * of a command's cost (measured by `npm run bench`). Statements are reusable and every call is
 * synchronous, so one prepared statement per SQL text is kept. Drizzle's builder reads through
 * `stmt.raw()` and never switches it back, so a reused reader is reset first (plain `sql` of the
 * same text expects objects).
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = prepare(source);
    if (cache.size >= STATEMENT_CACHE) cache.clear();
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * drizzle's `transaction` builds a new transaction handle on every call and every savepoint, each
 * setting up a query builder per table of the schema, and better-sqlite3's `transaction()` wraps
 * a new function per call. In the bot, where messages come seconds apart and that code never gets
 * hot, the BEGIN and the command's savepoint took 0.17 ms of a `/进度` round trip (traced). The
 * handle holds no state of its own transaction (statements run on the one connection), so one
 * handle is taken once and reused, with one better-sqlite3 wrapper: it begins (nested: takes a
 * savepoint), commits (releases) when the callback returns and rolls back when it throws, as
 * drizzle's did.
 */
function reuseTransactionHandle(db: Db, sqlite: Database.Database): void {
  let taken: Tx | undefined;
  db.transaction((tx) => {
    taken = tx;
  });
  if (taken === undefined) throw new Error('drizzle gave no transaction handle');
  const tx = taken;
  const wrapped = sqlite.transaction((fn: (tx: Tx) => unknown) => fn(tx));
  const transaction = (
    fn: (tx: Tx) => unknown,
    config?: { behavior?: 'deferred' | 'immediate' | 'exclusive' },
  ) => wrapped[config?.behavior ?? 'deferred'](fn);
  db.transaction = transaction as Db['transaction'];
  tx.transaction = transaction as Tx['transaction'];
}

/** The better-sqlite3 connection behind a drizzle handle or a transaction on it. */
export function connectionOf(db: DbOrTx): object {
  // drizzle keeps it at `session.client` for both; fall back to the handle itself.
  return (db as unknown as { session?: { client?: object } }).session?.client ?? db;
}

/**
 * A drizzle prepared query (values through `sql.placeholder`), built once per connection.
 * Building a query's SQL text is most of a command's cost: 60% of a /报修 in a CPU profile of
 * the dispatcher, which ran 18 statements, three of them the same group lookup. better-sqlite3
 * runs a statement on its connection whether or not a transaction is open, so the query built
 * for `db` serves every `tx` on it. Only for hot paths with a fixed shape.
 */
export function preparedOn<Q>(build: (db: DbOrTx) => Q): (db: DbOrTx) => Q {
  const byConnection = new WeakMap<object, Q>();
  return (db) => {
    const connection = connectionOf(db);
    let query = byConnection.get(connection);
    if (query === undefined) {
      query = build(db);
      byConnection.set(connection, query);
    }
    return query;
  };
}

/**
 * drizzle binds `.limit(n)` as a parameter. This SQLite (3.53, STAT4) reads a bound LIMIT while
 * planning, so binding it marks the statement expired and every call compiles it again: the
 * sender's unsent-rows query took 24 µs with `LIMIT ?` and 2 µs with `LIMIT 500` (20,000 calls
 * each, warm). So the dialect every query of this connection is built with writes a whole-number
 * limit into the SQL text; anything else (a placeholder, a fraction, a negative) goes to drizzle
 * as before. test/db/query-plans.test.ts fails on any `limit ?` the bot still prepares.
 */
function writeLimitsIntoSql(db: Db): void {
  // drizzle's db, its session and every transaction handle share this one dialect object.
  const dialect = (db as unknown as { dialect: { buildLimit(limit: unknown): SQL | undefined } }).dialect;
  const buildLimit = dialect.buildLimit.bind(dialect);
  dialect.buildLimit = (limit) =>
    typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 0
      ? sql.raw(` limit ${limit}`)
      : buildLimit(limit);
}

/**
 * A placeholder where drizzle's types want a value, not a bare `sql.placeholder`: the `set` of an
 * update or an upsert in a prepared query.
 */
export function placeholderValue(name: string) {
  return sql`${sql.placeholder(name)}`;
}

/**
 * Opens (creating the folder and file if needed) and migrates the SQLite store.
 * `:memory:` gives a private in-memory database with the real migrations, as tests use.
 */
export function openDatabase(url: string): DatabaseHandle {
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const sqlite = new Database(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's automatic checkpoint runs inside whichever commit fills 1,000 WAL pages, adding an
  // fsync to that command (the p99 spike in `npm run bench`). The bot checkpoints on a timer
  // instead (checkpointWal); a short-lived process's WAL is checkpointed when it closes.
  sqlite.pragma('wal_autocheckpoint = 0');
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema });
  writeLimitsIntoSql(db);
  migrate(db, { migrationsFolder });
  reuseTransactionHandle(db, sqlite);
  return { db, sqlite, close: () => sqlite.close() };
}

/**
 * Copies the WAL back into the database file without waiting for readers (PASSIVE). The bot calls
 * it every few seconds from a timer, so no command pays for it. Returns the pages checkpointed.
 */
export function checkpointWal(sqlite: Database.Database): number {
  const [row] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { checkpointed: number }[];
  return row?.checkpointed ?? 0;
}
