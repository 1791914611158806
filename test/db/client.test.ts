import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
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
