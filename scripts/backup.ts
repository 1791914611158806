/**
 * `npm run backup [destination]`: a consistent copy of the SQLite store while the bot runs,
 * through SQLite's online backup API (better-sqlite3 `backup()`), checked with
 * `pragma integrity_check` before it is reported. Restore: see the README.
 *
 * A PostgreSQL store is backed up with PostgreSQL's own pg_dump, which copies a consistent
 * snapshot while the bot writes; this script says so and exits with status 2.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { ConfigError, parseConfig } from '../bot/config.js';
import { isPostgresUrl } from '../db/client.js';

function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
}

export interface BackupResult {
  path: string;
  pages: number;
  bytes: number;
}

/** Copies the live database at `source` to `destination` and verifies the copy. */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
  mkdirSync(dirname(destination), { recursive: true });
  const live = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // After the first step copy the rest in one step: a copy made in many small steps restarts
    // whenever the bot writes in between, and a busy bot could keep it from ever finishing.
    const progress = await live.backup(destination, { progress: () => 1_000_000_000 });
    const copy = new Database(destination, { readonly: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`备份校验失败: ${String(check)}`);
      const pageSize = Number(copy.pragma('page_size', { simple: true }));
      return { path: destination, pages: progress.totalPages, bytes: progress.totalPages * pageSize };
    } finally {
      copy.close();
    }
  } finally {
    live.close();
  }
}

/**
 * What to run instead on PostgreSQL, in Chinese and English. The URL stays `$DATABASE_URL`: it
 * may carry a password, and this goes to the terminal.
 */
export function pgDumpAdvice(date: Date): string {
  const file = `hongguanjia-${stamp(date)}.dump`;
  return [
    'DATABASE_URL 是 PostgreSQL: 请用 pg_dump 备份, npm run backup 只备份 SQLite 文件。',
    'DATABASE_URL is PostgreSQL: back it up with pg_dump; npm run backup copies SQLite files only.',
    `  备份 / backup:  pg_dump --format=custom --file=${file} "$DATABASE_URL"`,
    `  恢复 / restore: pg_restore --clean --if-exists --dbname="$DATABASE_URL" ${file}`,
    '',
  ].join('\n');
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  try {
    const config = parseConfig(process.env);
    if (isPostgresUrl(config.databaseUrl)) {
      process.stderr.write(pgDumpAdvice(new Date()));
      process.exit(2);
    }
    const destination =
      process.argv[2] ?? join(config.dataDir, 'backups', `hongguanjia-${stamp(new Date())}.db`);
    const result = await backupDatabase(config.databaseUrl, destination);
    process.stdout.write(`备份完成: ${result.path} (${result.pages} 页, ${result.bytes} 字节, 校验通过)\n`);
  } catch (error) {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`备份失败: ${message}\n`);
    process.exit(1);
  }
}
