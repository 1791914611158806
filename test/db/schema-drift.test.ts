/**
 * The two stores must hold the same tables (STYLE.md, Database): the bot builds every query with
 * the SQLite tables and runs the same SQL text on PostgreSQL. First, the committed migrations of
 * both dialects must be what drizzle-kit generates from the schema files now (a schema change
 * without `npm run db:generate` fails here). Then a fresh database of each is migrated, both
 * catalogs are read into one shape (SQLite types mapped as db/schema-pg.ts maps them) and
 * compared: migrations generated for one dialect only, a hand edit of one folder, or a mapping
 * mistake in db/schema-pg.ts shows up as a diff.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import {
  generateDrizzleJson,
  generateMigration,
  generateSQLiteDrizzleJson,
  generateSQLiteMigration,
} from 'drizzle-kit/api';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema.js';
import { compounds, inbox } from '../../db/schema.js';
import * as affairsSchema from '../../db/schema-affairs.js';
import * as meetingsSchema from '../../db/schema-meetings.js';
import * as pgSchema from '../../db/schema-pg.js';
import * as rankingsSchema from '../../db/schema-rankings.js';
import * as schedulesSchema from '../../db/schema-schedules.js';
import * as votesSchema from '../../db/schema-votes.js';
import { freshPostgres } from '../support/pg.js';

interface ColumnShape {
  type: string;
  notNull: boolean;
  default: string | null;
  /** Assigned by the store when left out (SQLite's rowid alias, a PostgreSQL identity). */
  generated: boolean;
}
interface IndexShape {
  columns: string[];
  unique: boolean;
  /** The predicate of a partial index, normalized, or null. */
  where: string | null;
}
interface ForeignKeyShape {
  columns: string[];
  references: string;
  referencedColumns: string[];
  onUpdate: string;
  onDelete: string;
}
interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  indexes: Record<string, IndexShape>;
  foreignKeys: ForeignKeyShape[];
}
type Catalog = Record<string, TableShape>;

/** The rule of db/schema-pg.ts, from SQLite's declared type to PostgreSQL's. */
const PG_TYPE_OF: Record<string, string> = { integer: 'bigint', text: 'text', blob: 'bytea' };

/** Literal defaults as both render them: SQLite keeps `false`/`true` as typed, PostgreSQL adds casts. */
function normalizeDefault(value: string | null): string | null {
  if (value === null) return null;
  const bare = value.replace(/::(text|bigint)$/, '');
  if (bare.toLowerCase() === 'false') return '0';
  if (bare.toLowerCase() === 'true') return '1';
  return bare;
}

/**
 * A partial index predicate without what the two catalogs write differently: SQLite keeps the
 * text drizzle-kit wrote (`"outbox"."sent_at" is null`), PostgreSQL its own deparse
 * (`(sent_at IS NULL)`, `'held'::text`).
 */
function normalizePredicate(table: string, predicate: string): string {
  return predicate
    .replaceAll(`"${table}".`, '')
    .replaceAll('::text', '')
    .replace(/["()]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function sortForeignKeys(keys: ForeignKeyShape[]): ForeignKeyShape[] {
  return keys.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function readSqlite(db: Database.Database): Catalog {
  const catalog: Catalog = {};
  const tables = db
    .prepare(
      `select name, sql from sqlite_master where type = 'table'
       and name not like 'sqlite_%' and name not like '__drizzle%' order by name`,
    )
    .all() as { name: string; sql: string }[];
  for (const { name: table } of tables) {
    const info = db.prepare(`pragma table_info("${table}")`).all() as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const primaryKey = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    // Only a lone INTEGER primary key is the rowid, which SQLite assigns.
    const rowid =
      primaryKey.length === 1 && primaryKey[0]?.type.toLowerCase() === 'integer' ? primaryKey[0].name : null;

    const columns: Record<string, ColumnShape> = {};
    for (const c of info) {
      const type = PG_TYPE_OF[c.type.toLowerCase()];
      if (!type) throw new Error(`${table}.${c.name} is ${c.type}, which db/schema-pg.ts does not map`);
      columns[c.name] = {
        type,
        // A primary key column is NOT NULL in PostgreSQL whatever its declaration.
        notNull: c.notnull === 1 || c.pk > 0,
        default: normalizeDefault(c.dflt_value),
        generated: c.name === rowid,
      };
    }

    const indexes: Record<string, IndexShape> = {};
    const list = db.prepare(`pragma index_list("${table}")`).all() as {
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }[];
    for (const ix of list.filter((i) => i.origin !== 'pk')) {
      const keyColumns = (
        db.prepare(`pragma index_xinfo("${ix.name}")`).all() as {
          seqno: number;
          name: string | null;
          key: number;
        }[]
      )
        .filter((c) => c.key === 1)
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name ?? '<expression>');
      let where: string | null = null;
      if (ix.partial === 1) {
        const { sql } = db
          .prepare('select sql from sqlite_master where type = ? and name = ?')
          .get('index', ix.name) as {
          sql: string;
        };
        where = normalizePredicate(table, sql.slice(sql.search(/\bwhere\b/i) + 'where'.length));
      }
      indexes[ix.name] = { columns: keyColumns, unique: ix.unique === 1, where };
    }

    const fkRows = db.prepare(`pragma foreign_key_list("${table}")`).all() as {
      id: number;
      seq: number;
      table: string;
      from: string;
      to: string;
      on_update: string;
      on_delete: string;
    }[];
    const foreignKeys = [...new Set(fkRows.map((r) => r.id))].map((id) => {
      const rows = fkRows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
      const first = rows[0] as (typeof rows)[number];
      return {
        columns: rows.map((r) => r.from),
        references: first.table,
        referencedColumns: rows.map((r) => r.to),
        onUpdate: first.on_update.toLowerCase(),
        onDelete: first.on_delete.toLowerCase(),
      };
    });

    catalog[table] = {
      columns,
      primaryKey: primaryKey.map((c) => c.name),
      indexes,
      foreignKeys: sortForeignKeys(foreignKeys),
    };
  }
  return catalog;
}

const PG_ACTION: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

async function readPostgres(client: pg.Client): Promise<Catalog> {
  const catalog: Catalog = {};
  const columns = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
  }>(
    `select table_name, column_name, data_type, is_nullable, column_default, is_identity
     from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
  );
  for (const c of columns.rows) {
    catalog[c.table_name] ??= { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [] };
    (catalog[c.table_name] as TableShape).columns[c.column_name] = {
      type: c.data_type,
      notNull: c.is_nullable === 'NO',
      default: normalizeDefault(c.column_default),
      generated: c.is_identity === 'YES',
    };
  }

  const indexes = await client.query<{
    table: string;
    name: string;
    primary: boolean;
    unique: boolean;
    predicate: string | null;
    columns: string[];
  }>(
    `select t.relname as table, i.relname as name, x.indisprimary as primary, x.indisunique as unique,
       pg_get_expr(x.indpred, x.indrelid) as predicate,
       array(select coalesce(a.attname::text, '<expression>')
             from unnest(x.indkey::int2[]) with ordinality as k(attnum, position)
             left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
             order by k.position) as columns
     from pg_index x
     join pg_class i on i.oid = x.indexrelid
     join pg_class t on t.oid = x.indrelid
     join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public'`,
  );
  for (const ix of indexes.rows) {
    const table = catalog[ix.table] as TableShape;
    if (ix.primary) table.primaryKey = ix.columns;
    else
      table.indexes[ix.name] = {
        columns: ix.columns,
        unique: ix.unique,
        where: ix.predicate === null ? null : normalizePredicate(ix.table, ix.predicate),
      };
  }

  const foreignKeys = await client.query<{
    table: string;
    references: string;
    columns: string[];
    referenced_columns: string[];
    on_update: string;
    on_delete: string;
  }>(
    `select t.relname as table, r.relname as references,
       array(select a.attname::text from unnest(c.conkey) with ordinality as k(attnum, position)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.position) as columns,
       array(select a.attname::text from unnest(c.confkey) with ordinality as k(attnum, position)
             join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.position)
         as referenced_columns,
       c.confupdtype as on_update, c.confdeltype as on_delete
     from pg_constraint c
     join pg_class t on t.oid = c.conrelid
     join pg_class r on r.oid = c.confrelid
     join pg_namespace n on n.oid = t.relnamespace
     where c.contype = 'f' and n.nspname = 'public'`,
  );
  for (const fk of foreignKeys.rows) {
    (catalog[fk.table] as TableShape).foreignKeys.push({
      columns: fk.columns,
      references: fk.references,
      referencedColumns: fk.referenced_columns,
      onUpdate: PG_ACTION[fk.on_update] ?? fk.on_update,
      onDelete: PG_ACTION[fk.on_delete] ?? fk.on_delete,
    });
  }
  for (const table of Object.values(catalog)) sortForeignKeys(table.foreignKeys);
  return catalog;
}

/** `?` placeholders (SQLite's) as `$1, $2, …`, as the PostgreSQL store runs the same SQL text. */
function toPgPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The snapshot drizzle-kit wrote with the newest migration of a folder. */
function lastSnapshot(folder: string) {
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as {
    entries: { idx: number }[];
  };
  const idx = journal.entries.at(-1)?.idx ?? 0;
  return JSON.parse(readFileSync(`${folder}/meta/${String(idx).padStart(4, '0')}_snapshot.json`, 'utf8'));
}

describe('the committed migrations', () => {
  it('GIVEN the SQLite schema files THEN db/migrations already holds every change', async () => {
    const now = await generateSQLiteDrizzleJson({
      ...schema,
      ...affairsSchema,
      ...schedulesSchema,
      ...votesSchema,
      ...meetingsSchema,
      ...rankingsSchema,
    });
    expect(await generateSQLiteMigration(lastSnapshot('db/migrations'), now)).toEqual([]);
  });

  it('GIVEN the derived PostgreSQL schema THEN db/migrations-pg already holds every change', async () => {
    const now = generateDrizzleJson({ ...pgSchema });
    expect(await generateMigration(lastSnapshot('db/migrations-pg'), now)).toEqual([]);
  });
});

describe('the SQLite and PostgreSQL schemas', () => {
  let sqlite: Database.Database;
  let server: Awaited<ReturnType<typeof freshPostgres>>;
  let client: pg.Client;
  let sqliteCatalog: Catalog;
  let pgCatalog: Catalog;

  beforeAll(async () => {
    sqlite = new Database(':memory:');
    migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: 'db/migrations' });
    sqliteCatalog = readSqlite(sqlite);

    server = await freshPostgres();
    client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await migratePg(drizzlePg({ client }), { migrationsFolder: 'db/migrations-pg' });
    pgCatalog = await readPostgres(client);
  });

  afterAll(async () => {
    sqlite?.close();
    await client?.end();
    await server?.drop();
  });

  it('GIVEN both migrated THEN they have the same tables', () => {
    expect(Object.keys(pgCatalog).sort()).toEqual(Object.keys(sqliteCatalog).sort());
    expect(Object.keys(sqliteCatalog).length).toBeGreaterThan(20);
  });

  it('GIVEN both migrated THEN every table has the same columns, mapped types, nullability and defaults', () => {
    for (const table of Object.keys(sqliteCatalog)) {
      expect({ table, columns: pgCatalog[table]?.columns }).toEqual({
        table,
        columns: sqliteCatalog[table]?.columns,
      });
    }
  });

  it('GIVEN both migrated THEN every table has the same primary key, indexes and foreign keys', () => {
    for (const table of Object.keys(sqliteCatalog)) {
      const { primaryKey, indexes, foreignKeys } = pgCatalog[table] ?? {};
      const expected = sqliteCatalog[table] as TableShape;
      expect({ table, primaryKey, indexes, foreignKeys }).toEqual({
        table,
        primaryKey: expected.primaryKey,
        indexes: expected.indexes,
        foreignKeys: expected.foreignKeys,
      });
    }
    // The comparison saw the partial indexes, not two empty lists.
    const partial = Object.values(sqliteCatalog).flatMap((t) =>
      Object.values(t.indexes).filter((i) => i.where),
    );
    expect(partial.length).toBeGreaterThan(3);
  });

  it('GIVEN a table whose id PostgreSQL generates THEN a trigger fills an id the SQLite builder left NULL', async () => {
    const generated = Object.entries(pgCatalog)
      .filter(([, t]) => Object.values(t.columns).some((c) => c.generated))
      .map(([name]) => name)
      .sort();
    const triggers = await client.query<{ table: string }>(
      `select c.relname as table from pg_trigger t
       join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
       where p.proname = 'hgj_fill_id' and not t.tgisinternal
         and t.tgtype & 2 = 2 and t.tgtype & 4 = 4 -- BEFORE, INSERT
       order by 1`,
    );
    expect(generated.length).toBeGreaterThan(5);
    expect(triggers.rows.map((r) => r.table)).toEqual(generated);
  });

  it('GIVEN an insert built by the SQLite builder without an id THEN PostgreSQL numbers the rows from the sequence', async () => {
    const db = drizzleSqlite(sqlite);
    const ids: number[] = [];
    for (const name of ['一号小区', '二号小区']) {
      const query = db
        .insert(compounds)
        .values({ name, createdAt: 1 })
        .returning({ id: compounds.id })
        .toSQL();
      expect(query.sql).toContain('values (null,');
      const { rows } = await client.query<{ id: string }>(toPgPlaceholders(query.sql), query.params);
      ids.push(Number(rows[0]?.id));
    }
    expect(ids).toEqual([1, 2]);

    // inbox's id is a plain INTEGER PRIMARY KEY (a rowid without AUTOINCREMENT): same rule.
    const query = db
      .insert(inbox)
      .values({ messageId: 'm1', receivedAt: 1 })
      .returning({ id: inbox.id, recoveries: inbox.recoveries })
      .toSQL();
    const { rows } = await client.query<{ id: string; recoveries: string }>(
      toPgPlaceholders(query.sql),
      query.params,
    );
    expect(rows).toEqual([{ id: '1', recoveries: '0' }]);

    // An id given explicitly is kept, as SQLite keeps it.
    const given = db.insert(compounds).values({ id: 40, name: '三号小区', createdAt: 1 }).toSQL();
    await client.query(toPgPlaceholders(given.sql), given.params);
    const { rows: kept } = await client.query('select id from compounds where name = $1', ['三号小区']);
    expect(kept).toEqual([{ id: '40' }]);
  });
});
