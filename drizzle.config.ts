import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  // The SQLite tables; schema-pg.ts derives the PostgreSQL ones from them (drizzle.pg.config.ts).
  schema: [
    './db/schema.ts',
    './db/schema-affairs.ts',
    './db/schema-schedules.ts',
    './db/schema-votes.ts',
    './db/schema-meetings.ts',
    './db/schema-rankings.ts',
  ],
  out: './db/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? './data/hongguanjia.db' },
});
