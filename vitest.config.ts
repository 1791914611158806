import { defineConfig } from 'vitest/config';

// Run every test in a zone that is not China's, so any time computed in the server's
// zone instead of HGJ_TZ shows up as a failure (STYLE.md, Tests).
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    env: { TZ: 'UTC' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
