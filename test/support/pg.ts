/**
 * A throwaway PostgreSQL database per test file, on the server named by HGJ_TEST_PG_URL (a local
 * trust-auth server by default), so files running in parallel never see each other's rows.
 */
import pg from 'pg';

const serverUrl = process.env.HGJ_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates an empty database and returns its URL; `drop()` ends its connections and drops it. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hgj_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE (PostgreSQL 13+) ends the connections a failed test left open.
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
