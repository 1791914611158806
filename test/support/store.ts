/**
 * The store a test runs on: SQLite in memory, or a fresh PostgreSQL database when the test run is
 * the PostgreSQL half (`HGJ_TEST_STORE=postgres`, set by the vitest project of that name). Every
 * call gives its own empty, migrated database, so test files stay parallel-safe.
 */
import { afterAll } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { freshPostgres } from './pg.js';

export type TestStore = 'sqlite' | 'postgres';

export const testStore: TestStore = process.env.HGJ_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

const cleanups: (() => Promise<void>)[] = [];

/** How many databases are closed and dropped at once when a file ends. */
const CLEANUP_CONCURRENCY = 8;

// Registered when a test file imports this module (hooks cannot be added from inside a test);
// outside vitest (the bench starts bots through test/support/mock-bot.ts) there is no file to end.
// A file may open hundreds of databases (test/hardening/permissions.test.ts opens one per row and
// persona): dropped one after the other on PostgreSQL under a loaded CI machine that took over
// the hook's two minutes, so they go several at a time, each database closed before it is dropped.
if (process.env.VITEST) {
  afterAll(async () => {
    const pending = cleanups.splice(0).reverse();
    const worker = async () => {
      for (let c = pending.shift(); c !== undefined; c = pending.shift()) await c().catch(() => {});
    };
    await Promise.all(Array.from({ length: CLEANUP_CONCURRENCY }, worker));
  }, 600_000);
}

function onFileEnd(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/**
 * A URL for a new empty database of the test's store: a file in `dir` on SQLite (for tests that
 * start the bot as its own process), a new database on PostgreSQL. Dropped when the file's tests end.
 */
export async function testDatabaseUrl(sqliteFile: string): Promise<string> {
  const fresh = await freshDatabase(sqliteFile);
  onFileEnd(fresh.drop);
  return fresh.url;
}

async function freshDatabase(sqliteFile: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (testStore === 'sqlite') return { url: sqliteFile, drop: async () => {} };
  return freshPostgres();
}

/** Opens a new empty, migrated database of the test's store, closed (and dropped) when the file's tests end. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const fresh = await freshDatabase(':memory:');
  const handle = await openDatabase(fresh.url);
  onFileEnd(async () => {
    await handle.close().catch(() => {});
    await fresh.drop();
  });
  return handle;
}
