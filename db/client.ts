/**
 * The store: SQLite (a file path, the embedded default) or PostgreSQL (a postgres:// URL), behind
 * one drizzle handle (SPEC "Many accounts, one store").
 *
 * Every query is built once, by drizzle's SQLite builder over the tables of schema.ts, and handed
 * as SQL text plus parameters to the store's executor (db/stores/): better-sqlite3 runs it as it
 * is, PostgreSQL after its `?` placeholders are numbered. The SQL the builder writes (quoted
 * identifiers, `returning`, `on conflict`, `limit`) means the same on both; where the two stores
 * truly differ, the difference is one function in db/dialect.ts. The PostgreSQL tables
 * (schema-pg.ts) are derived from schema.ts and store values the way its columns write them.
 */
import { type SQL, sql } from 'drizzle-orm';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import * as schema from './schema.js';
import type { Executor, Method } from './stores/executor.js';
import { openSqliteExecutor, type SqliteExecutor } from './stores/sqlite.js';

export type StoreKind = 'sqlite' | 'postgres';

type Drizzle = SqliteRemoteDatabase<typeof schema>;

/**
 * The drizzle handle every query function takes first. Asynchronous on both stores: a query
 * function awaits its statements; a transaction is `db.transaction(async (tx) => …)`.
 */
export type Db = Omit<Drizzle, 'transaction'> & {
  /** Which store this is, for the few places in db/dialect.ts where the SQL differs. */
  readonly store: StoreKind;
  /**
   * Runs `fn` in a transaction; nested calls take a savepoint. Commits when `fn` resolves, rolls
   * back when it throws. Statements of `fn` (and of everything it awaits) run inside it, whether
   * they go through `tx` or the outer `db`: the transaction follows the async call chain.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
};

/** A transaction is the same handle (see `Db.transaction`); the names stay for readability. */
export type Tx = Db;
export type DbOrTx = Db;

export interface DatabaseHandle {
  db: Db;
  store: StoreKind;
  /** The better-sqlite3 connection, on SQLite only (backups, checkpoints, benchmarks). */
  sqlite: SqliteExecutor['connection'] | null;
  close(): Promise<void>;
}

/** The result of a `.run()`: how many rows the statement changed, on either store. */
export function changedRows(result: { rows?: unknown }): number {
  // Typed as drizzle's run result so that passing the Promise of one (a missing await) fails to compile.
  return (result as { changes?: number }).changes ?? 0;
}

export interface OpenOptions {
  /**
   * Puts something between drizzle and the store's executor. For the benchmark's exact floor
   * (bench/command-floor.ts), which records every statement one command sends through the very
   * handle its dispatcher was timed on: drizzle's callback and `transaction` close over the
   * executor, so this is the only place to reach it. Applied once, here; the bot never passes
   * it, and without it nothing changes.
   */
  wrapExecutor?: (executor: Executor) => Executor;
}

/** Opens a store by URL: `postgres://…` (or `postgresql://…`) is PostgreSQL, anything else a SQLite file. */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const store: StoreKind = isPostgresUrl(url) ? 'postgres' : 'sqlite';
  const sqliteExecutor = store === 'sqlite' ? openSqliteExecutor(url) : null;
  // node-postgres is loaded only for a PostgreSQL store: a SQLite bot does not carry it.
  const executor: Executor =
    sqliteExecutor ?? (await (await import('./stores/postgres.js')).openPostgresExecutor(url));
  const db = wrap(options.wrapExecutor?.(executor) ?? executor, store);
  return {
    db,
    store,
    sqlite: sqliteExecutor?.connection ?? null,
    close: () => executor.close(),
  };
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

function wrap(executor: Executor, store: StoreKind): Db {
  const inner = drizzle(
    (text, params, method) =>
      executor.query(text, params, method as Method) as Promise<{ rows: unknown[] }> as Promise<{
        // biome-ignore lint/suspicious/noExplicitAny: drizzle's proxy types its rows as any[]
        rows: any[];
      }>,
    { schema },
  );
  if (store === 'sqlite') writeLimitsIntoSql(inner);
  const db = inner as unknown as Db & { store: StoreKind };
  Object.defineProperty(db, 'store', { value: store, enumerable: true });
  // drizzle's own proxy transaction sends BEGIN and COMMIT through the same callback as every
  // statement, with nothing that ties them to one connection; the executors keep the
  // transaction's connection in an AsyncLocalStorage instead, so this replaces it.
  const transaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> => executor.transaction(() => fn(db));
  Object.defineProperty(db, 'transaction', { value: transaction });
  return db;
}

/**
 * A drizzle prepared query (values through `sql.placeholder`), built once per database handle.
 * Building a query's SQL text is most of a command's cost (60% of a /报修 in a CPU profile of
 * the dispatcher), so hot paths with a fixed shape build it once; a transaction is the same
 * handle, so one prepared query serves both.
 */
export function preparedOn<Q>(build: (db: DbOrTx) => Q): (db: DbOrTx) => Q {
  const byDb = new WeakMap<object, Q>();
  return (db) => {
    let query = byDb.get(db);
    if (query === undefined) {
      query = build(db);
      byDb.set(db, query);
    }
    return query;
  };
}

/**
 * drizzle binds `.limit(n)` as a parameter. This SQLite (3.53, STAT4) reads a bound LIMIT while
 * planning, so binding it marks the statement expired and every call compiles it again: the
 * sender's unsent-rows query took 24 µs with `LIMIT ?` and 2 µs with `LIMIT 500` (20,000 calls
 * each, warm). So the dialect every query of a handle is built with writes a whole-number limit
 * into the SQL text; anything else (a placeholder, a fraction, a negative) goes to drizzle as
 * before. SQLite only: PostgreSQL plans a named prepared statement once per connection, bound
 * limit or not, so its handle is left as drizzle made it. test/db/query-plans.test.ts fails on any
 * `limit ?` the bot still prepares on SQLite.
 */
function writeLimitsIntoSql(db: Drizzle): void {
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
 * Copies the WAL back into the database file without waiting for readers (PASSIVE). The bot calls
 * it every few seconds from a timer on SQLite, so no command pays for it. Returns the pages
 * checkpointed.
 */
export function checkpointWal(sqlite: SqliteExecutor['connection']): number {
  const [row] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { checkpointed: number }[];
  return row?.checkpointed ?? 0;
}
