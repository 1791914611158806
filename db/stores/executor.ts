/**
 * What a store does for drizzle: run one statement, and run a function in a transaction.
 * SQLite (sqlite.ts) and PostgreSQL (postgres.ts) each implement it; db/client.ts puts drizzle's
 * SQLite builder in front of either.
 */

/** How drizzle wants the rows: `all`/`values` as arrays of arrays, `get` one array, `run` none. */
export type Method = 'run' | 'all' | 'get' | 'values';

/** `rows` as drizzle's proxy reads them; `changes` for a `run`, read with changedRows(). */
export interface StatementResult {
  rows: unknown;
  changes?: number;
}

export interface Executor {
  query(text: string, params: unknown[], method: Method): Promise<StatementResult>;
  /**
   * Runs `fn` in a transaction on one connection; statements of its async call chain join it; a
   * call from inside takes a savepoint.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
