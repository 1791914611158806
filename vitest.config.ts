import { defineConfig } from 'vitest/config';

// Run every test in a zone that is not China's, so any time computed in the server's
// zone instead of HGJ_TZ shows up as a failure (STYLE.md, Tests).
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    testTimeout: 20_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One PostgreSQL server for the run: the local one, HGJ_TEST_PG_URL's, or a throwaway one.
    globalSetup: ['test/support/pg-global-setup.ts'],
    projects: [
      {
        extends: true,
        // The browser tests need Debian's chromium: `npm test` installs it (scripts/ensure-chromium.sh) and runs them in their own project.
        test: { name: 'all', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'] },
      },
      {
        // Every test that touches the store, a second time on PostgreSQL: each test file's
        // databases are new ones on the test server (test/support/store.ts, test/support/pg.ts).
        extends: true,
        test: {
          name: 'postgres',
          include: [
            'test/commands/**/*.test.ts',
            'test/schedules/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/hardening/**/*.test.ts',
            'test/db/**/*.test.ts',
            // bench/command-floor.ts replays the bot's statements on both stores.
            'test/bench/**/*.test.ts',
            'test/bot/sender.test.ts',
            // Several accounts over one store: PostgreSQL only (each file says why at its top).
            'test/scale/**/*.test.ts',
          ],
          // Store-free or SQLite-only by nature; each says why at its top.
          exclude: ['test/db/schema-drift.test.ts', 'test/db/query-plans.test.ts'],
          env: { TZ: 'UTC', HGJ_TEST_STORE: 'postgres' },
          testTimeout: 30_000,
        },
      },
      {
        // The whole end-to-end suite a second time, with the bot as its own process on
        // wechaty-puppet-service over gRPC on 127.0.0.1 (see test/support/mock-bot.ts), and the
        // roster hardening test, whose joins and leaves travel over the transport too.
        extends: true,
        test: {
          name: 'e2e-service',
          include: ['test/e2e/**/*.test.ts', 'test/hardening/roster.test.ts'],
          exclude: ['test/e2e/puppet-service.test.ts', 'test/e2e/puppet-restart.test.ts'],
          env: { TZ: 'UTC', HGJ_E2E_TRANSPORT: 'service' },
          testTimeout: 60_000,
        },
      },
      ...(process.env.HGJ_BROWSER_TESTS === '1'
        ? [
            {
              // The board pages in a real headless browser (scripts/ensure-chromium.sh), with
              // screenshots under test-artifacts/.
              extends: true as const,
              test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000 },
            },
          ]
        : []),
    ],
  },
});
