/**
 * `npm run db:copy -- <sqlite file> <postgres url>`: moves a compound up from SQLite to PostgreSQL.
 *
 * The SQLite file is first copied with SQLite's online backup (scripts/backup.ts), so the bot may
 * keep running and the copy is of one moment. The PostgreSQL database must be empty (it is
 * migrated here); every table is copied in one transaction, parents before children, the id
 * sequences are moved past the copied ids, and then each table is compared: row count, and a
 * SHA-256 over its rows in primary-key order as the bot's own queries read them on each store.
 * Anything different and the command says so and exits 1; a database that is not empty is left
 * alone (exit 2).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { asc, count, getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { type DatabaseHandle, type Db, isPostgresUrl, openDatabase } from '../db/client.js';
import * as core from '../db/schema.js';
import * as affairs from '../db/schema-affairs.js';
import * as meetings from '../db/schema-meetings.js';
import * as rankings from '../db/schema-rankings.js';
import * as schedules from '../db/schema-schedules.js';
import * as votes from '../db/schema-votes.js';
import { backupDatabase } from './backup.js';

export interface TableCopy {
  table: string;
  rows: number;
  sourceSum: string;
  targetSum: string;
  targetRows: number;
  ok: boolean;
}

export class CopyRefused extends Error {}

/** Every table of the schema, parents before the tables whose foreign keys point at them. */
export function tablesInCopyOrder(): SQLiteTable[] {
  const all = [core, affairs, schedules, votes, meetings, rankings]
    .flatMap((m) => Object.values(m))
    .filter((v): v is SQLiteTable => is(v, SQLiteTable));
  const tables = [...new Set(all)];
  const ordered: SQLiteTable[] = [];
  const placed = new Set<SQLiteTable>();
  const visit = (table: SQLiteTable, path: Set<SQLiteTable>) => {
    if (placed.has(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle at ${getTableName(table)}`);
    path.add(table);
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = fk.reference().foreignTable as SQLiteTable;
      if (parent !== table) visit(parent, path);
    }
    path.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

function primaryKeyColumns(table: SQLiteTable) {
  const config = getTableConfig(table);
  const single = config.columns.filter((c) => c.primary);
  return single.length > 0 ? single : (config.primaryKeys[0]?.columns ?? config.columns);
}

async function readRows(db: Db, table: SQLiteTable): Promise<Record<string, unknown>[]> {
  return (await db
    .select()
    .from(table)
    .orderBy(...primaryKeyColumns(table).map((c) => asc(c)))
    .all()) as Record<string, unknown>[];
}

/** One SHA-256 over the rows as the bot reads them: the same rows give the same sum on both stores. */
function checksum(rows: readonly Record<string, unknown>[]): string {
  const hash = createHash('sha256');
  for (const row of rows) {
    const values = Object.keys(row)
      .sort()
      .map((k) => {
        const v = row[k];
        return Buffer.isBuffer(v) ? `b64:${v.toString('base64')}` : v;
      });
    hash.update(JSON.stringify(values));
    hash.update('\n');
  }
  return hash.digest('hex');
}

const BATCH = 200;

/** Copies the SQLite store `sqliteFile` into the empty PostgreSQL database at `postgresUrl`. */
export async function copyDatabase(sqliteFile: string, postgresUrl: string): Promise<TableCopy[]> {
  if (!isPostgresUrl(postgresUrl))
    throw new CopyRefused(`目标不是 postgres:// 地址 / target is not a postgres:// URL: ${postgresUrl}`);
  const dir = mkdtempSync(join(tmpdir(), 'hgj-copy-'));
  let source: DatabaseHandle | null = null;
  let target: DatabaseHandle | null = null;
  try {
    const snapshot = join(dir, 'snapshot.db');
    await backupDatabase(sqliteFile, snapshot);
    source = await openDatabase(snapshot);
    target = await openDatabase(postgresUrl);
    const tables = tablesInCopyOrder();
    for (const table of tables) {
      const [row] = await target.db.select({ n: count() }).from(table).all();
      if ((row?.n ?? 0) > 0)
        throw new CopyRefused(
          `目标数据库不是空的 (${getTableName(table)} 有 ${row?.n} 行), 没有复制任何数据。/ The target database is not empty (${getTableName(table)} has ${row?.n} rows); nothing was copied.`,
        );
    }
    const from = source.db;
    const copied = new Map<SQLiteTable, Record<string, unknown>[]>();
    await target.db.transaction(async (tx) => {
      for (const table of tables) {
        const rows = await readRows(from, table);
        copied.set(table, rows);
        for (let i = 0; i < rows.length; i += BATCH) {
          await tx
            .insert(table)
            .values(rows.slice(i, i + BATCH))
            .run();
        }
        const id = getTableConfig(table).columns.find(
          (c) => c.name === 'id' && c.primary && c.columnType === 'SQLiteInteger',
        );
        if (id !== undefined) {
          // Ids given explicitly do not move the sequence; the next new row must not reuse one.
          const name = getTableName(table);
          await tx.run(
            sql`select setval(pg_get_serial_sequence(${`"${name}"`}, 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`,
          );
        }
      }
    });
    const results: TableCopy[] = [];
    for (const table of tables) {
      const rows = copied.get(table) ?? [];
      const back = await readRows(target.db, table);
      const sourceSum = checksum(rows);
      const targetSum = checksum(back);
      results.push({
        table: getTableName(table),
        rows: rows.length,
        targetRows: back.length,
        sourceSum,
        targetSum,
        ok: rows.length === back.length && sourceSum === targetSum,
      });
    }
    return results;
  } finally {
    await target?.close();
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report, one line per table, in Chinese and English. */
export function describeCopy(results: readonly TableCopy[]): string {
  const lines = results.map((r) =>
    r.ok
      ? `${r.table}: ${r.rows} 行, 行数和校验和一致 / ${r.rows} rows, count and checksum match`
      : `${r.table}: 源 ${r.rows} 行, 目标 ${r.targetRows} 行, 校验和${r.sourceSum === r.targetSum ? '一致' : '不一致'} / source ${r.rows} rows, target ${r.targetRows}, checksum ${r.sourceSum === r.targetSum ? 'matches' : 'DIFFERS'}`,
  );
  const bad = results.filter((r) => !r.ok).length;
  const total = results.reduce((n, r) => n + r.rows, 0);
  lines.push(
    bad === 0
      ? `复制完成: ${results.length} 张表, ${total} 行, 全部核对一致。/ Copy complete: ${results.length} tables, ${total} rows, all verified.`
      : `复制有误: ${bad} 张表核对不一致, 请不要用这个数据库启动机器人。/ Copy FAILED: ${bad} tables differ; do not start the bot on this database.`,
  );
  return lines.join('\n');
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const [file, url] = process.argv.slice(2);
  if (file === undefined || url === undefined) {
    process.stderr.write(
      '用法 / usage: npm run db:copy -- <SQLite 文件 / file> <postgres://用户@主机:5432/数据库>\n',
    );
    process.exit(2);
  }
  try {
    const results = await copyDatabase(file, url);
    process.stdout.write(`${describeCopy(results)}\n`);
    process.exit(results.every((r) => r.ok) ? 0 : 1);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`复制失败 / copy failed: ${message}\n`);
    process.exit(error instanceof CopyRefused ? 2 : 1);
  }
}
