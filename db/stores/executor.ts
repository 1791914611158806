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

/**
 * A statement with more parameters than this is a batch (rows of a multi-row insert, a long id
 * list): its text changes with the batch's size and it seldom runs twice, so both stores prepare
 * it for the one run and do not keep it. Kept, a 400-row upsert of six columns held about 240 KB
 * of SQLite's memory for the life of the process. Batches the bot repeats (lease renewals, first
 * schedules) go as one JSON parameter instead (db/dialect.ts jsonRows); what is left here are
 * drizzle's long id lists (`inArray`) and multi-row inserts of other sizes.
 */
export const MAX_KEPT_PARAMS = 100;

/**
 * PostgreSQL text cannot hold U+0000 (the insert fails), SQLite's can. A member can paste one, so
 * both stores drop it from every string they are given: what is stored is the same on both, and
 * nothing a member types can make a write fail. (It is invisible, and shown text drops control
 * characters anyway: core/display.ts.)
 */
export function storable(params: unknown[]): unknown[] {
  let copy: unknown[] | null = null;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (typeof value === 'string' && value.includes('\u0000')) {
      copy ??= [...params];
      copy[i] = value.replaceAll('\u0000', '');
    }
  }
  return copy ?? params;
}
