import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { changedRows, checkpointWal, type Db, openDatabase, preparedOn } from '../../db/client.js';
import { people } from '../../db/schema.js';
import { MAX_KEPT_PARAMS } from '../../db/stores/executor.js';
import { openSqliteExecutor } from '../../db/stores/sqlite.js';
import { openTestDatabase, testDatabaseUrl, testStore } from '../support/store.js';

const names = async (db: Db) =>
  (await db.select({ id: people.id }).from(people).all()).map((p) => p.id).sort();
const add = (db: Db, id: string) => db.insert(people).values({ id, name: id, updatedAt: 1 }).run();
/** Lets every other pending callback run, so interleavings that can happen do. */
const yieldTurn = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('prepared queries (preparedOn)', () => {
  const byId = preparedOn((db) =>
    db
      .select({ name: people.name })
      .from(people)
      .where(eq(people.id, sql.placeholder('id')))
      .prepare(),
  );

  it('GIVEN a handle THEN one prepared query serves it and its transactions', async () => {
    const { db } = await openTestDatabase();
    expect(byId(db)).toBe(byId(db));
    await db.transaction(async (tx) => {
      expect(byId(tx)).toBe(byId(db));
    });
  });

  it('GIVEN a write inside a transaction THEN the prepared query sees it, and not after a rollback', async () => {
    const { db } = await openTestDatabase();
    await expect(
      db.transaction(async (tx) => {
        await add(tx, 'wxid_a');
        expect(await byId(tx).get({ id: 'wxid_a' })).toEqual({ name: 'wxid_a' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await byId(db).get({ id: 'wxid_a' })).toBeUndefined();
  });

  it('GIVEN two handles THEN each has its own prepared query and sees only its rows', async () => {
    const one = await openTestDatabase();
    const two = await openTestDatabase();
    await one.db.insert(people).values({ id: 'wxid_a', name: '甲', updatedAt: 1 }).run();
    await two.db.insert(people).values({ id: 'wxid_a', name: '乙', updatedAt: 1 }).run();
    expect(byId(one.db)).not.toBe(byId(two.db));
    expect(await byId(one.db).get({ id: 'wxid_a' })).toEqual({ name: '甲' });
    expect(await byId(two.db).get({ id: 'wxid_a' })).toEqual({ name: '乙' });
  });
});

describe.runIf(testStore === 'sqlite')('WAL checkpoints (SQLite)', () => {
  it('GIVEN many commits THEN no commit checkpoints by itself, and checkpointWal copies the WAL back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hgj-wal-'));
    const { db, sqlite, close } = await openDatabase(join(dir, 'wal.db'));
    try {
      if (!sqlite) throw new Error('a file path opens SQLite');
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      for (let i = 0; i < 3000; i++)
        await db
          .insert(people)
          .values({ id: `wxid_${i}`, name: '甲', updatedAt: i })
          .run();
      // Without automatic checkpoints the WAL holds every page written since the open.
      expect(statSync(join(dir, 'wal.db-wal')).size).toBeGreaterThan(1000 * 4096);
      expect(checkpointWal(sqlite)).toBeGreaterThan(1000);
      expect(await db.select().from(people).all()).toHaveLength(3000);
    } finally {
      await close();
    }
  });

  it('GIVEN a transaction open on one connection THEN another connection cannot begin one (the write lock is taken at BEGIN)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hgj-tx-')), 'tx.db');
    const one = await openDatabase(file);
    const two = await openDatabase(file);
    try {
      two.sqlite?.pragma('busy_timeout = 0');
      await one.db.transaction(async (tx) => {
        await expect(two.db.transaction((t) => add(t, 'wxid_two'))).rejects.toThrow(/locked|busy/);
        await add(tx, 'wxid_one');
      });
      expect(await names(two.db)).toEqual(['wxid_one']);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('transactions', () => {
  it('GIVEN a savepoint that throws inside a transaction THEN only its writes are undone and the transaction commits', async () => {
    const { db } = await openTestDatabase();
    const result = await db.transaction(async (tx) => {
      await add(tx, 'wxid_outer');
      await expect(
        tx.transaction(async (inner) => {
          await add(inner, 'wxid_inner');
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      await tx.transaction((inner) => add(inner, 'wxid_kept'));
      return 'done';
    });
    expect(result).toBe('done');
    expect(await names(db)).toEqual(['wxid_kept', 'wxid_outer']);
  });

  it('GIVEN the transaction throws after a savepoint was released THEN nothing of it is written', async () => {
    const { db } = await openTestDatabase();
    await expect(
      db.transaction(async (tx) => {
        await tx.transaction((inner) => add(inner, 'wxid_inner'));
        await add(tx, 'wxid_outer');
        throw new Error('command failed');
      }),
    ).rejects.toThrow('command failed');
    expect(await names(db)).toEqual([]);
  });

  it('GIVEN many transactions THEN they share one handle: nothing is built per call', async () => {
    const { db } = await openTestDatabase();
    const handles = new Set<unknown>([db]);
    for (let i = 0; i < 3; i++) {
      await db.transaction(async (tx) => {
        handles.add(tx);
        await tx.transaction(async (inner) => {
          handles.add(inner);
        });
      });
    }
    expect(handles.size).toBe(1);
  });

  it('GIVEN a transaction that awaits between statements WHEN another caller writes meanwhile and the transaction then fails THEN the other write stays', async () => {
    const { db } = await openTestDatabase();
    let opened = () => {};
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = db.transaction(async (tx) => {
      await add(tx, 'wxid_inside');
      opened();
      await gate;
      await add(tx, 'wxid_inside_too');
      throw new Error('command failed');
    });
    await isOpen;
    // Another message handled while the transaction waits: not part of it.
    const outside = add(db, 'wxid_outside');
    await yieldTurn();
    release();
    await expect(failing).rejects.toThrow('command failed');
    await outside;
    expect(await names(db)).toEqual(['wxid_outside']);
  });

  it('GIVEN two transactions started together on one handle THEN both commit with all their writes', async () => {
    const { db } = await openTestDatabase();
    const write = (prefix: string) =>
      db.transaction(async (tx) => {
        await add(tx, `${prefix}_1`);
        await yieldTurn();
        await add(tx, `${prefix}_2`);
        return prefix;
      });
    expect(await Promise.all([write('wxid_a'), write('wxid_b')])).toEqual(['wxid_a', 'wxid_b']);
    expect(await names(db)).toEqual(['wxid_a_1', 'wxid_a_2', 'wxid_b_1', 'wxid_b_2']);
  });

  it('GIVEN two transactions started together WHEN one fails THEN only its writes are undone', async () => {
    const { db } = await openTestDatabase();
    const kept = db.transaction(async (tx) => {
      await add(tx, 'wxid_kept_1');
      await yieldTurn();
      await add(tx, 'wxid_kept_2');
    });
    const undone = db.transaction(async (tx) => {
      await add(tx, 'wxid_undone');
      await yieldTurn();
      throw new Error('command failed');
    });
    const [first, second] = await Promise.allSettled([kept, undone]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: new Error('command failed') });
    expect(await names(db)).toEqual(['wxid_kept_1', 'wxid_kept_2']);
  });

  it('GIVEN two handles on one store WHEN one writes in a transaction THEN the other sees it only after the commit', async () => {
    const url = await testDatabaseUrl(join(mkdtempSync(join(tmpdir(), 'hgj-two-')), 'two.db'));
    const one = await openDatabase(url);
    const two = await openDatabase(url);
    try {
      await one.db.transaction(async (tx) => {
        await add(tx, 'wxid_one');
        expect(await names(two.db)).toEqual([]);
      });
      expect(await names(two.db)).toEqual(['wxid_one']);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('changedRows', () => {
  it('GIVEN an insert, an update of two rows and a delete of none THEN it reports 1, 2 and 0, in a transaction too', async () => {
    const { db } = await openTestDatabase();
    expect(changedRows(await add(db, 'wxid_a'))).toBe(1);
    await add(db, 'wxid_b');
    await add(db, 'wxid_c');
    const rename = await db
      .update(people)
      .set({ name: '改' })
      .where(inArray(people.id, ['wxid_a', 'wxid_b']))
      .run();
    expect(changedRows(rename)).toBe(2);
    expect(changedRows(await db.delete(people).where(eq(people.id, 'wxid_none')).run())).toBe(0);
    await db.transaction(async (tx) => {
      expect(changedRows(await tx.delete(people).where(eq(people.id, 'wxid_c')).run())).toBe(1);
    });
    expect(await names(db)).toEqual(['wxid_a', 'wxid_b']);
  });
});

describe('a NUL character in text', () => {
  it('GIVEN a name with U+0000 THEN it is stored without it on both stores (PostgreSQL text cannot hold it)', async () => {
    const { db } = await openTestDatabase();
    await db.insert(people).values({ id: 'wxid_nul', name: '张\u0000三', updatedAt: 1 }).run();
    const [row] = await db.select({ name: people.name }).from(people).where(eq(people.id, 'wxid_nul')).all();
    expect(row?.name).toBe('张三');
  });
});

describe('.limit(n)', () => {
  it('GIVEN .limit(2) THEN two rows come back, on both stores', async () => {
    const { db } = await openTestDatabase();
    for (const id of ['wxid_a', 'wxid_b', 'wxid_c']) await add(db, id);
    expect(await db.select({ id: people.id }).from(people).orderBy(people.id).limit(2).all()).toEqual([
      { id: 'wxid_a' },
      { id: 'wxid_b' },
    ]);
  });
});

// The workaround for SQLite's bound LIMIT (db/client.ts writeLimitsIntoSql); PostgreSQL's handle
// is drizzle's own and binds it.
describe.runIf(testStore === 'sqlite')('limits in the SQL text (SQLite)', () => {
  const threePeople = async () => {
    const { db } = await openTestDatabase();
    for (const id of ['wxid_a', 'wxid_b', 'wxid_c']) await add(db, id);
    return db;
  };

  it('GIVEN .limit(2) on the db or in a transaction THEN the 2 is written into the SQL, not bound, and still limits', async () => {
    const db = await threePeople();
    const query = db.select({ id: people.id }).from(people).orderBy(people.id).limit(2);
    expect(query.toSQL().sql).toMatch(/ limit 2$/);
    expect(query.toSQL().params).toEqual([]);
    expect(await query.all()).toEqual([{ id: 'wxid_a' }, { id: 'wxid_b' }]);
    await db.transaction(async (tx) => {
      const inTx = tx.select({ id: people.id }).from(people).orderBy(people.id).limit(1);
      expect(inTx.toSQL()).toMatchObject({ sql: expect.stringMatching(/ limit 1$/), params: [] });
      expect(await inTx.all()).toEqual([{ id: 'wxid_a' }]);
    });
  });

  it('GIVEN a placeholder, a fraction or a negative THEN nothing is written in: drizzle binds or drops it as before', async () => {
    const db = await threePeople();
    const base = () => db.select({ id: people.id }).from(people).orderBy(people.id);
    const byPlaceholder = base().limit(sql.placeholder('n')).prepare();
    expect(await byPlaceholder.all({ n: 1 })).toEqual([{ id: 'wxid_a' }]);
    expect(base().limit(1.5).toSQL()).toMatchObject({
      sql: expect.stringMatching(/ limit \?$/),
      params: [1.5],
    });
    expect(base().limit(-1).toSQL().sql).not.toMatch(/limit/);
    expect(await base().limit(-1).all()).toHaveLength(3);
  });
});

describe('prepared statements kept', () => {
  const batch = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `wxid_batch_${n}_${i}`, name: `成员${i}`, updatedAt: 1 }));

  it('GIVEN batches of 40 and 50 rows (over MAX_KEPT_PARAMS) and a small insert twice THEN all is written and only the small insert stays prepared', async () => {
    expect(3 * 40).toBeGreaterThan(MAX_KEPT_PARAMS);
    if (testStore === 'sqlite') {
      const executor = openSqliteExecutor(':memory:');
      const kept = executor.keptStatements();
      const insert = `insert into "people" ("id", "name", "updated_at") values `;
      const run = (rows: ReturnType<typeof batch>) =>
        executor.query(
          insert + rows.map(() => '(?, ?, ?)').join(', '),
          rows.flatMap((r) => [r.id, r.name, r.updatedAt]),
          'run',
        );
      await run(batch(40));
      await run(batch(50));
      expect(executor.keptStatements()).toBe(kept);
      await run([{ id: 'wxid_one', name: '一', updatedAt: 1 }]);
      await run([{ id: 'wxid_two', name: '二', updatedAt: 1 }]);
      expect(executor.keptStatements()).toBe(kept + 1);
      const count = await executor.query('select count(*) from "people"', [], 'get');
      expect(count.rows).toEqual([92]);
      await executor.close();
      return;
    }
    const { db } = await openTestDatabase();
    // One transaction: one connection, whose prepared statements pg_prepared_statements lists.
    const prepared = await db.transaction(async (tx) => {
      await tx.insert(people).values(batch(40)).run();
      await tx.insert(people).values(batch(50)).run();
      await add(tx, 'wxid_one');
      await add(tx, 'wxid_two');
      return tx.values<[string]>(sql`select statement from pg_prepared_statements`);
    });
    const inserts = prepared.map(([text]) => text).filter((text) => text.startsWith('insert into "people"'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]?.match(/\$/g)).toHaveLength(3);
    expect(await names(db)).toHaveLength(92);
  });
});
