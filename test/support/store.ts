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

// Registered when a test file imports this module (hooks cannot be added from inside a test).
// Not outside a test run: the bench imports test/support/mock-bot.ts too, and there afterAll throws.
if (process.env.VITEST)
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  });

function onFileEnd(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/**
 * A URL for a new empty database of the test's store: a file in `dir` on SQLite (for tests that
 * start the bot as its own process), a new database on PostgreSQL. Dropped when the file's tests end.
 */
export async function testDatabaseUrl(sqliteFile: string): Promise<string> {
  if (testStore === 'sqlite') return sqliteFile;
  const fresh = await freshPostgres();
  onFileEnd(fresh.drop);
  return fresh.url;
}

/** Opens a new empty, migrated database of the test's store, closed when the file's tests end. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const handle = await openDatabase(await testDatabaseUrl(':memory:'));
  onFileEnd(() => handle.close());
  return handle;
}
