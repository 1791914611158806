import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkpointWal, connectionOf, openDatabase, preparedOn } from '../../db/client.js';
import { people } from '../../db/schema.js';

describe('the statement cache of openDatabase', () => {
  it('GIVEN the same SQL run again THEN it reuses one prepared statement', () => {
    const { sqlite } = openDatabase(':memory:');
    expect(sqlite.prepare('select 1 as one')).toBe(sqlite.prepare('select 1 as one'));
  });

  it('GIVEN drizzle read a statement as raw arrays THEN plain SQL of the same text still gets objects', () => {
    const { db } = openDatabase(':memory:');
    db.insert(people).values({ id: 'wxid_a', name: '甲', updatedAt: 1 }).run();
    const query = db.select({ id: people.id, name: people.name }).from(people);
    // The builder reads through stmt.raw(); a plain query of the same SQL must not inherit that.
    expect(query.all()).toEqual([{ id: 'wxid_a', name: '甲' }]);
    expect(db.all(sql.raw(query.toSQL().sql))).toEqual([{ id: 'wxid_a', name: '甲' }]);
  });
});

describe('WAL checkpoints', () => {
  it('GIVEN many commits THEN no commit checkpoints by itself, and checkpointWal copies the WAL back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hgj-wal-'));
    const { db, sqlite } = openDatabase(join(dir, 'wal.db'));
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    for (let i = 0; i < 3000; i++)
      db.insert(people)
        .values({ id: `wxid_${i}`, name: '甲', updatedAt: i })
        .run();
    // Without automatic checkpoints the WAL holds every page written since the open.
    expect(statSync(join(dir, 'wal.db-wal')).size).toBeGreaterThan(1000 * 4096);
    expect(checkpointWal(sqlite)).toBeGreaterThan(1000);
    expect(db.select().from(people).all()).toHaveLength(3000);
  });
});

describe('prepared queries (preparedOn)', () => {
  const byId = preparedOn((db) =>
    db
      .select({ name: people.name })
      .from(people)
      .where(eq(people.id, sql.placeholder('id')))
      .prepare(),
  );

  it('GIVEN a transaction THEN it is the same connection as its db, so one prepared query serves both', () => {
    const { db, sqlite } = openDatabase(':memory:');
    db.transaction((tx) => {
      expect(connectionOf(tx)).toBe(sqlite);
      expect(connectionOf(db)).toBe(sqlite);
      expect(byId(tx)).toBe(byId(db));
    });
  });

  it('GIVEN a write inside a transaction THEN the prepared query sees it, and not after a rollback', () => {
    const { db } = openDatabase(':memory:');
    expect(() =>
      db.transaction((tx) => {
        tx.insert(people).values({ id: 'wxid_a', name: '甲', updatedAt: 1 }).run();
        expect(byId(tx).get({ id: 'wxid_a' })).toEqual({ name: '甲' });
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(byId(db).get({ id: 'wxid_a' })).toBeUndefined();
  });

  it('GIVEN two databases THEN each has its own prepared query and sees only its rows', () => {
    const one = openDatabase(':memory:');
    const two = openDatabase(':memory:');
    one.db.insert(people).values({ id: 'wxid_a', name: '甲', updatedAt: 1 }).run();
    two.db.insert(people).values({ id: 'wxid_a', name: '乙', updatedAt: 1 }).run();
    expect(byId(one.db)).not.toBe(byId(two.db));
    expect(byId(one.db).get({ id: 'wxid_a' })).toEqual({ name: '甲' });
    expect(byId(two.db).get({ id: 'wxid_a' })).toEqual({ name: '乙' });
  });
});

describe('transactions (one reused handle)', () => {
  const names = (db: ReturnType<typeof openDatabase>['db']) =>
    db
      .select({ id: people.id })
      .from(people)
      .all()
      .map((p) => p.id)
      .sort();
  const add = (db: Pick<ReturnType<typeof openDatabase>['db'], 'insert'>, id: string) =>
    db.insert(people).values({ id, name: id, updatedAt: 1 }).run();

  it('GIVEN a savepoint that throws inside a transaction THEN only its writes are undone', () => {
    const { db, sqlite } = openDatabase(':memory:');
    const result = db.transaction((tx) => {
      add(tx, 'wxid_outer');
      expect(() =>
        tx.transaction((inner) => {
          add(inner, 'wxid_inner');
          throw new Error('handler failed');
        }),
      ).toThrow('handler failed');
      tx.transaction((inner) => add(inner, 'wxid_kept'));
      expect(sqlite.inTransaction).toBe(true);
      return 'done';
    });
    expect(result).toBe('done');
    expect(sqlite.inTransaction).toBe(false);
    expect(names(db)).toEqual(['wxid_kept', 'wxid_outer']);
  });

  it('GIVEN the transaction throws after a savepoint was released THEN nothing of it is written', () => {
    const { db, sqlite } = openDatabase(':memory:');
    expect(() =>
      db.transaction((tx) => {
        tx.transaction((inner) => add(inner, 'wxid_inner'));
        add(tx, 'wxid_outer');
        throw new Error('command failed');
      }),
    ).toThrow('command failed');
    expect(sqlite.inTransaction).toBe(false);
    expect(names(db)).toEqual([]);
  });

  it('GIVEN many transactions THEN they share one handle: nothing is built per call', () => {
    const { db } = openDatabase(':memory:');
    const handles = new Set<unknown>();
    for (let i = 0; i < 3; i++) {
      db.transaction((tx) => {
        handles.add(tx);
        tx.transaction((inner) => handles.add(inner));
      });
    }
    expect(handles.size).toBe(1);
  });

  it('GIVEN an immediate transaction THEN it takes the write lock at BEGIN and commits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hgj-tx-'));
    const one = openDatabase(join(dir, 'tx.db'));
    const two = openDatabase(join(dir, 'tx.db'));
    two.sqlite.pragma('busy_timeout = 0');
    one.db.transaction(
      (tx) => {
        expect(() => two.db.transaction((t) => add(t, 'wxid_two'), { behavior: 'immediate' })).toThrow(
          /locked|busy/,
        );
        add(tx, 'wxid_one');
      },
      { behavior: 'immediate' },
    );
    expect(names(two.db)).toEqual(['wxid_one']);
  });
});

describe('limits in the SQL text', () => {
  const threePeople = () => {
    const { db } = openDatabase(':memory:');
    for (const id of ['wxid_a', 'wxid_b', 'wxid_c'])
      db.insert(people).values({ id, name: id, updatedAt: 1 }).run();
    return db;
  };

  it('GIVEN .limit(2) on the db or in a transaction THEN the 2 is written into the SQL, not bound, and still limits', () => {
    const db = threePeople();
    const query = db.select({ id: people.id }).from(people).orderBy(people.id).limit(2);
    expect(query.toSQL().sql).toMatch(/ limit 2$/);
    expect(query.toSQL().params).toEqual([]);
    expect(query.all()).toEqual([{ id: 'wxid_a' }, { id: 'wxid_b' }]);
    db.transaction((tx) => {
      const inTx = tx.select({ id: people.id }).from(people).orderBy(people.id).limit(1);
      expect(inTx.toSQL()).toMatchObject({ sql: expect.stringMatching(/ limit 1$/), params: [] });
      expect(inTx.all()).toEqual([{ id: 'wxid_a' }]);
    });
  });

  it('GIVEN a placeholder, a fraction or a negative THEN nothing is written in: drizzle binds or drops it as before', () => {
    const db = threePeople();
    const base = () => db.select({ id: people.id }).from(people).orderBy(people.id);
    const byPlaceholder = base().limit(sql.placeholder('n')).prepare();
    expect(byPlaceholder.all({ n: 1 })).toEqual([{ id: 'wxid_a' }]);
    expect(base().limit(1.5).toSQL()).toMatchObject({
      sql: expect.stringMatching(/ limit \?$/),
      params: [1.5],
    });
    expect(base().limit(-1).toSQL().sql).not.toMatch(/limit/);
    expect(base().limit(-1).all()).toHaveLength(3);
  });
});
