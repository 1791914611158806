import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkpointWal, openDatabase } from '../../db/client.js';
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
