/**
 * SQLite through better-sqlite3: one connection, every statement synchronous underneath.
 *
 * A transaction may now await between its statements, and other messages are handled in those
 * gaps. On one connection their statements would land inside the open transaction (and be rolled
 * back with it), so while a transaction is open, statements from outside its async call chain
 * wait until it ends, and transactions run one at a time. Transactions begin IMMEDIATE: the write
 * lock is taken at BEGIN, so two processes on one file queue on busy_timeout instead of failing
 * when a reader turns writer.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { type Executor, MAX_KEPT_PARAMS, type Method, type StatementResult, storable } from './executor.js';

const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/** Distinct SQL texts kept prepared; the bot has a few hundred, a runaway would be a bug. */
const STATEMENT_CACHE = 1000;

interface Open {
  savepoints: number;
  done: Promise<void>;
}

export interface SqliteExecutor extends Executor {
  readonly connection: Database.Database;
  /** How many statements are kept prepared (one per SQL text run, batches aside). */
  keptStatements(): number;
}

/** Opens (creating the folder and file if needed) and migrates a SQLite file, or `:memory:`. */
export function openSqliteExecutor(url: string): SqliteExecutor {
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const connection = new Database(url);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // SQLite's automatic checkpoint runs inside whichever commit fills 1,000 WAL pages, adding an
  // fsync to that command (the p99 spike in `npm run bench`). The bot checkpoints on a timer
  // instead (checkpointWal); a short-lived process's WAL is checkpointed when it closes.
  connection.pragma('wal_autocheckpoint = 0');
  migrate(drizzle(connection), { migrationsFolder });

  // Preparing is a third of a statement's cost (measured by `npm run bench`), and statements are
  // reusable: one prepared statement per SQL text, except batches (MAX_KEPT_PARAMS), which
  // better-sqlite3 finalizes once collected.
  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string, params: number): Database.Statement => {
    if (params > MAX_KEPT_PARAMS) return connection.prepare(text);
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = connection.prepare(text);
      if (statements.size >= STATEMENT_CACHE) statements.clear();
      statements.set(text, statement);
    }
    return statement;
  };

  const scope = new AsyncLocalStorage<Open>();
  let open: Open | null = null;

  const run = (text: string, params: unknown[], method: Method): StatementResult => {
    const statement = prepare(text, params.length);
    if (!statement.reader) {
      const info = statement.run(...params);
      return { rows: [], changes: info.changes };
    }
    statement.raw(true);
    if (method === 'get') return { rows: statement.get(...params) };
    return { rows: statement.all(...params) };
  };

  const exec = (text: string) => connection.exec(text);

  return {
    connection,
    keptStatements: () => statements.size,
    async query(text, params, method) {
      // No await between the check and the statement: nothing else can open a transaction there.
      while (open !== null && scope.getStore() !== open) await open.done;
      return run(text, storable(params), method);
    },
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const mine = scope.getStore();
      if (mine !== undefined && mine === open) {
        const name = `sp${++mine.savepoints}`;
        exec(`savepoint ${name}`);
        try {
          const result = await fn();
          exec(`release ${name}`);
          return result;
        } catch (error) {
          exec(`rollback to ${name}`);
          exec(`release ${name}`);
          throw error;
        }
      }
      while (open !== null) await open.done;
      let end = () => {};
      const state: Open = { savepoints: 0, done: new Promise<void>((resolve) => (end = resolve)) };
      open = state;
      try {
        exec('begin immediate');
        const result = await scope.run(state, fn);
        exec('commit');
        return result;
      } catch (error) {
        if (connection.inTransaction) exec('rollback');
        throw error;
      } finally {
        open = null;
        end();
      }
    },
    async close() {
      while (open !== null) await open.done;
      connection.close();
    },
  };
}
