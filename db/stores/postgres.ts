/**
 * PostgreSQL through node-postgres: a pool of connections; a transaction holds one of them for
 * its async call chain (AsyncLocalStorage), statements outside any transaction take any.
 *
 * drizzle's SQLite builder writes `?` placeholders; they are numbered `$1…` here (once per SQL
 * text), and each text is a named prepared statement on every connection that runs it, so
 * PostgreSQL parses and plans it once per connection, as better-sqlite3 does once per process.
 * bigint and numeric values come back as JavaScript numbers: the schema stores times in
 * milliseconds and counts, all far below 2^53.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { type Executor, MAX_KEPT_PARAMS, type Method, type StatementResult, storable } from './executor.js';

export type { Executor, Method } from './executor.js';

const migrationsFolder = fileURLToPath(new URL('../migrations-pg', import.meta.url));

/** Any number that both the migration lock and an operator can recognise in pg_locks. */
const MIGRATION_LOCK = 0x4847_4a31; // "HGJ1"

/** Distinct SQL texts prepared by name; the bot has a few hundred. */
const STATEMENT_NAMES = 2000;

const INT8 = 20;
const NUMERIC = 1700;

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    // biome-ignore lint/suspicious/noExplicitAny: node-postgres types its own parser lookup loosely
    return pg.types.getTypeParser(oid, format as any);
  },
};

/**
 * drizzle's SQLite builder names an upsert's conflict columns with their table
 * (`on conflict ("groups"."room_id")`), which SQLite accepts and PostgreSQL does not: the
 * columns of a conflict target are bare names there.
 */
export function bareConflictTarget(text: string): string {
  return text.replace(
    /on conflict \(([^)]*)\)/g,
    (_, cols: string) => `on conflict (${cols.replace(/"[^"]+"\./g, '')})`,
  );
}

/** `?` → `$n`, leaving quoted strings and identifiers alone. */
export function numberPlaceholders(text: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

interface Open {
  client: pg.PoolClient;
  savepoints: number;
}

export async function openPostgresExecutor(url: string, options: { max?: number } = {}): Promise<Executor> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle connection that the server drops (restart, failover) must not crash the process.
  pool.on('error', () => {});
  await migrateOnce(pool);

  // Names are never reused (a connection keeps what it prepared under a name); past the cap, a
  // runaway of distinct texts (a bulk copy's batch sizes, say) runs unnamed, as batches do
  // (MAX_KEPT_PARAMS).
  const texts = new Map<string, { name?: string; text: string }>();
  let named = 0;
  const statement = (sqlText: string, params: number) => {
    const known = texts.get(sqlText);
    if (known !== undefined) return known;
    const text = numberPlaceholders(bareConflictTarget(sqlText));
    if (named >= STATEMENT_NAMES || params > MAX_KEPT_PARAMS) return { text };
    const fresh = { name: `hgj_${named++}`, text };
    texts.set(sqlText, fresh);
    return fresh;
  };

  const scope = new AsyncLocalStorage<Open>();

  const run = async (
    client: pg.Pool | pg.PoolClient,
    sqlText: string,
    params: unknown[],
    method: Method,
  ): Promise<StatementResult> => {
    const { name, text } = statement(sqlText, params.length);
    const result = await client.query({ name, text, values: storable(params), rowMode: 'array' });
    if (method === 'run') return { rows: [], changes: result.rowCount ?? 0 };
    if (method === 'get') return { rows: result.rows[0] };
    return { rows: result.rows };
  };

  return {
    query(text, params, method) {
      return run(scope.getStore()?.client ?? pool, text, params, method);
    },
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const mine = scope.getStore();
      if (mine !== undefined) {
        const name = `sp${++mine.savepoints}`;
        await mine.client.query(`savepoint ${name}`);
        try {
          const result = await fn();
          await mine.client.query(`release savepoint ${name}`);
          return result;
        } catch (error) {
          await mine.client.query(`rollback to savepoint ${name}`);
          throw error;
        }
      }
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('begin');
        const result = await scope.run({ client, savepoints: 0 }, fn);
        await client.query('commit');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/** Several processes may start at once on one database: one migrates, the others wait for it. */
async function migrateOnce(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
