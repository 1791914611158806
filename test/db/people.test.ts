import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { holdersOf, touchMember, upsertPerson } from '../../db/people.js';
import { groupMembers, people, roleGrants } from '../../db/schema.js';

const HOUR = 3_600_000;

describe('people written by every command', () => {
  it('GIVEN the same name again THEN the row is left alone; a new name replaces it', () => {
    const { db } = openDatabase(':memory:');
    upsertPerson(db, { id: 'wxid_a', name: '张三' }, 1000);
    upsertPerson(db, { id: 'wxid_a', name: '张三' }, 2000);
    expect(db.select().from(people).where(eq(people.id, 'wxid_a')).get()).toEqual({
      id: 'wxid_a',
      name: '张三',
      updatedAt: 1000,
    });
    upsertPerson(db, { id: 'wxid_a', name: '张三 (3-201)' }, 3000);
    expect(db.select().from(people).where(eq(people.id, 'wxid_a')).get()).toEqual({
      id: 'wxid_a',
      name: '张三 (3-201)',
      updatedAt: 3000,
    });
  });

  it('GIVEN a member seen again within the hour THEN seenAt stays; after an hour it moves', () => {
    const { db } = openDatabase(':memory:');
    upsertPerson(db, { id: 'wxid_a', name: '张三' }, 0);
    const seen = () =>
      db
        .select({ at: groupMembers.seenAt })
        .from(groupMembers)
        .where(and(eq(groupMembers.roomId, 'room@chatroom'), eq(groupMembers.personId, 'wxid_a')))
        .get()?.at;
    touchMember(db, 'room@chatroom', 'wxid_a', 10 * HOUR);
    expect(seen()).toBe(10 * HOUR);
    touchMember(db, 'room@chatroom', 'wxid_a', 10.5 * HOUR);
    expect(seen()).toBe(10 * HOUR);
    touchMember(db, 'room@chatroom', 'wxid_a', 11.5 * HOUR);
    expect(seen()).toBe(11.5 * HOUR);
  });

  it('GIVEN grants of several roles THEN holdersOf returns only the roles asked for', () => {
    const { sqlite, db } = openDatabase(':memory:');
    sqlite.exec("insert into compounds (id, name, created_at) values (1, '阳光花园', 0)");
    for (const [id, name] of [
      ['wxid_m', '王经理'],
      ['wxid_c', '陈主任'],
    ] as const)
      upsertPerson(db, { id, name }, 0);
    db.insert(roleGrants)
      .values([
        { compoundId: 1, personId: 'wxid_m', role: 'manager', grantedBy: 'x', grantedAt: 1 },
        { compoundId: 1, personId: 'wxid_c', role: 'committee', grantedBy: 'x', grantedAt: 2 },
      ])
      .run();
    expect(holdersOf(db, 1, ['manager'])).toEqual([{ id: 'wxid_m', name: '王经理', role: 'manager' }]);
    expect(holdersOf(db, 1, ['committee', 'manager']).map((h) => h.id)).toEqual(['wxid_m', 'wxid_c']);
    expect(holdersOf(db, 2, ['manager'])).toEqual([]);
  });
});
