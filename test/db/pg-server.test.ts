import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freshPostgres } from '../support/pg.js';
import {
  databaseUrl,
  dropStaleTestDatabases,
  findTestServer,
  onServer,
  probe,
  type TestServer,
  testDatabaseName,
} from '../support/pg-server.js';

const server = inject('hgjTestPgUrl');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  cleanups.push(() => client.end().catch(() => {}));
  return client;
}

async function databaseExists(name: string): Promise<boolean> {
  const admin = await connect(server);
  const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

const nameOf = (url: string) => new URL(url).pathname.slice(1);

describe('freshPostgres', () => {
  it('GIVEN two fresh databases THEN they differ, start empty, and each keeps its own writes while both are open', async () => {
    const a = await freshPostgres();
    cleanups.push(a.drop);
    const b = await freshPostgres();
    cleanups.push(b.drop);
    expect(a.url).not.toBe(b.url);
    expect(nameOf(a.url)).toMatch(new RegExp(`^hgj_t_${process.pid}_`));

    const [ca, cb] = await Promise.all([connect(a.url), connect(b.url)]);
    for (const c of [ca, cb]) {
      const { rows } = await c.query(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(rows[0].n).toBe(0);
      const collation = await c.query(
        'SELECT datcollate FROM pg_database WHERE datname = current_database()',
      );
      expect(collation.rows).toEqual([{ datcollate: 'C' }]);
    }
    await Promise.all([ca.query('CREATE TABLE t (v text)'), cb.query('CREATE TABLE t (v text)')]);
    await Promise.all([ca.query("INSERT INTO t VALUES ('甲')"), cb.query("INSERT INTO t VALUES ('乙')")]);
    expect((await ca.query('SELECT v FROM t')).rows).toEqual([{ v: '甲' }]);
    expect((await cb.query('SELECT v FROM t')).rows).toEqual([{ v: '乙' }]);
  });

  it('GIVEN two connections to one database THEN a row locked by one is skipped by the other (a real server)', async () => {
    const db = await freshPostgres();
    cleanups.push(db.drop);
    const one = await connect(db.url);
    const two = await connect(db.url);
    await one.query('CREATE TABLE jobs (id int PRIMARY KEY)');
    await one.query('INSERT INTO jobs VALUES (1), (2)');
    await one.query('BEGIN');
    await one.query('SELECT id FROM jobs WHERE id = 1 FOR UPDATE');
    const { rows } = await two.query('SELECT id FROM jobs ORDER BY id FOR UPDATE SKIP LOCKED');
    expect(rows).toEqual([{ id: 2 }]);
    await one.query('COMMIT');
  });

  it('GIVEN drop THEN the database is gone, even with a connection still open to it', async () => {
    const db = await freshPostgres();
    const open = await connect(db.url);
    await db.drop();
    expect(await databaseExists(nameOf(db.url))).toBe(false);
    await expect(open.query('SELECT 1')).rejects.toThrow();
    await db.drop(); // twice is harmless (an afterAll after a test that already dropped)
  });
});

describe('dropStaleTestDatabases', () => {
  it('GIVEN test databases of a dead process, a day old, in use, and live THEN it drops only the first two', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const now = Date.now();
    const names = {
      deadPid: testDatabaseName(dead, now),
      dayOld: testDatabaseName(process.pid, now - 25 * 60 * 60 * 1000),
      inUse: testDatabaseName(dead, now),
      live: testDatabaseName(process.pid, now),
    };
    for (const name of Object.values(names)) {
      await onServer(server, `CREATE DATABASE ${name} TEMPLATE template0`);
      cleanups.push(() => onServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
    await connect(databaseUrl(server, names.inUse));

    const dropped = await dropStaleTestDatabases(server, now);

    expect(dropped).toEqual(expect.arrayContaining([names.deadPid, names.dayOld]));
    expect(dropped).not.toContain(names.inUse);
    expect(dropped).not.toContain(names.live);
    expect(await databaseExists(names.deadPid)).toBe(false);
    expect(await databaseExists(names.dayOld)).toBe(false);
    expect(await databaseExists(names.inUse)).toBe(true);
    expect(await databaseExists(names.live)).toBe(true);
  });
});

describe('findTestServer', () => {
  const noLog = () => {};
  const dead = 'postgres://postgres@127.0.0.1:1/test';

  it('GIVEN nothing answers at the default address THEN it starts a throwaway server, which stop() removes', async () => {
    const lines: string[] = [];
    const found: TestServer = await findTestServer({}, (l) => lines.push(l), dead);
    cleanups.push(found.stop);
    expect(found.kind).toBe('throwaway');
    expect(lines.join('\n')).toMatch(/nothing answers at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
    const client = await connect(found.url);
    const { rows } = await client.query('SHOW server_version');
    expect(rows[0].server_version).toMatch(/^15\./);
    await client.end();

    await found.stop();
    expect(await probe(found.url, 1_000)).toBeDefined();
    expect(existsSync(found.dir ?? '')).toBe(false);
  }, 60_000);

  it('GIVEN HGJ_TEST_PG_URL that does not answer THEN it fails naming it, and starts nothing', async () => {
    await expect(findTestServer({ HGJ_TEST_PG_URL: dead }, noLog)).rejects.toThrow(
      /HGJ_TEST_PG_URL=postgres:\/\/postgres@127\.0\.0\.1:1\/test does not answer/,
    );
  });

  it('GIVEN an unknown HGJ_TEST_PG, or both variables THEN it fails', async () => {
    await expect(findTestServer({ HGJ_TEST_PG: 'pglite' }, noLog)).rejects.toThrow(
      /the only value is "embedded"/,
    );
    await expect(findTestServer({ HGJ_TEST_PG: 'embedded', HGJ_TEST_PG_URL: server }, noLog)).rejects.toThrow(
      /choose one/,
    );
  });

  it('GIVEN the server of this run THEN it answers', async () => {
    expect(server).toMatch(/^postgres:\/\//);
    expect(await probe(server, 2_000)).toBeUndefined();
  });
});
