import type { TestProject } from 'vitest/node';
import { dropStaleTestDatabases, findTestServer } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server of this run (test/support/pg-server.ts); test files use freshPostgres(). */
    hgjTestPgUrl: string;
  }
}

/**
 * Finds or starts the PostgreSQL server for this `vitest run` before any worker forks, and stops
 * a throwaway one at teardown. Every project that extends the root config runs this file too:
 * only the root's run does the work, and the projects inherit what the root provides, so a run
 * has one server however many projects it runs.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!project.isRootProject()) return undefined;
  const server = await findTestServer(process.env, (line) => console.log(line));
  if (server.kind === 'shared') {
    const dropped = await dropStaleTestDatabases(server.url, Date.now());
    if (dropped.length > 0)
      console.log(`PostgreSQL tests: dropped ${dropped.length} databases of killed runs`);
  }
  project.provide('hgjTestPgUrl', server.url);
  return server.stop;
}
