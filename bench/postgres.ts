/**
 * The PostgreSQL server the benchmark measures on, and the databases it makes there: each part
 * that runs on PostgreSQL gets a fresh database of its own (`hgj_bench_<part>_<pid>_<random>`),
 * dropped when the part ends. HGJ_BENCH_PG_URL names a database on the server that may run
 * CREATE DATABASE (the admin connection); the bot's DATABASE_URL plays no part here.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { alive, databaseUrl, onServer, probe } from '../test/support/pg-server.js';

export const benchPgUrl = process.env.HGJ_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The store a part runs on, as run.ts tells a part started as its own process. */
export type BenchStore = 'sqlite' | 'postgres';

export const storeOfThisProcess: BenchStore =
  process.env.HGJ_BENCH_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** Why the server does not answer within 2 s, or undefined when it does. */
export function postgresMissing(): Promise<string | undefined> {
  return probe(benchPgUrl, 2_000);
}

const BENCH_DB = /^hgj_bench_[a-z0-9]+_(\d+)_[0-9a-f]+$/;

/**
 * A new empty database on the server (template0, C collation: text ordered by code point, as
 * SQLite orders it, and as the tests make theirs); `drop()` ends its connections and drops it.
 */
export async function freshPgDatabase(part: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hgj_bench_${part}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await onServer(
    benchPgUrl,
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
  );
  return {
    url: databaseUrl(benchPgUrl, name),
    drop: () => onServer(benchPgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * Drops the bench databases that an interrupted run left behind (a million rows each): those
 * whose creating process is gone and that nobody is connected to. Only on a server of this
 * machine, where the pid in the name means something.
 */
export async function dropAbandonedPgDatabases(): Promise<string[]> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(benchPgUrl).hostname)) return [];
  const client = new pg.Client({ connectionString: benchPgUrl });
  client.on('error', () => {});
  await client.connect();
  const dropped: string[] = [];
  try {
    const { rows } = await client.query<{ datname: string }>(String.raw`
      SELECT datname FROM pg_database d WHERE datname LIKE 'hgj\_bench\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`);
    for (const { datname } of rows) {
      const pid = BENCH_DB.exec(datname)?.[1];
      if (pid === undefined || alive(Number(pid))) continue;
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)}`).then(
        () => dropped.push(datname),
        () => {}, // in use meanwhile: left for the next run
      );
    }
  } finally {
    await client.end();
  }
  return dropped;
}

/** What a reader needs to weigh the PostgreSQL figures: the server's version and durability. */
export async function serverSettings(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings
        WHERE name IN ('server_version', 'synchronous_commit', 'fsync', 'shared_buffers') ORDER BY name`,
    );
    const value = (name: string) => {
      const row = rows.find((r) => r.name === name);
      if (!row) return '?';
      // shared_buffers is counted in 8 kB pages.
      if (row.unit === '8kB') return `${Math.round((Number(row.setting) * 8) / 1024)} MB`;
      return row.setting;
    };
    const { hostname, port } = new URL(url);
    return `PostgreSQL ${value('server_version')} at ${hostname}:${port || 5432} over TCP, fsync=${value('fsync')}, synchronous_commit=${value('synchronous_commit')}, shared_buffers=${value('shared_buffers')}`;
  } finally {
    await client.end();
  }
}
