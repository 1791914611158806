import { inject } from 'vitest';
import { databaseUrl, onServer, testDatabaseName } from './pg-server.js';

/**
 * A new empty PostgreSQL database of its own for a test or a test file, so files stay
 * parallel-safe; `url` is its postgres:// URL (for the store, or DATABASE_URL of a bot process).
 * `drop()` ends its connections and drops it. The server is the run's (pg-global-setup.ts).
 */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = inject('hgjTestPgUrl');
  if (!server)
    throw new Error(
      'no PostgreSQL test server: run the tests with vitest.config.ts, whose globalSetup finds one',
    );
  const name = testDatabaseName(process.pid, Date.now());
  // template0 and the C collation: the same empty database on the local server and on a
  // throwaway one, with text ordered by code point as SQLite orders it.
  await onServer(
    server,
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
  );
  return {
    url: databaseUrl(server, name),
    drop: () => onServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
