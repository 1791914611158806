import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts. The schema is derived from the SQLite tables
// (db/schema-pg.ts); `npm run db:generate` runs both configs.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema-pg.ts',
  out: './db/migrations-pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hongguanjia' },
});
