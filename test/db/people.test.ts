import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import {
  compoundsOfMember,
  holdersOf,
  isMember,
  membersLeft,
  membersOf,
  syncMembers,
  touchMember,
  upsertPerson,
} from '../../db/people.js';
import { groupMembers, groups, people, roleGrants } from '../../db/schema.js';

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

describe('a group roster that follows joins and leaves', () => {
  const ROOM = 'room@chatroom';
  const A = { id: 'wxid_a', name: '张三' };
  const B = { id: 'wxid_b', name: '李四' };
  const C = { id: 'wxid_c', name: '王芳' };

  function boundRoom() {
    const handle = openDatabase(':memory:');
    handle.sqlite.exec("insert into compounds (id, name, created_at) values (1, '阳光花园', 0)");
    handle.db.insert(groups).values({ roomId: ROOM, compoundId: 1, boundBy: 'x', boundAt: 0 }).run();
    return handle.db;
  }
  const leftAt = (db: ReturnType<typeof boundRoom>, id: string) =>
    db
      .select({ at: groupMembers.leftAt })
      .from(groupMembers)
      .where(and(eq(groupMembers.roomId, ROOM), eq(groupMembers.personId, id)))
      .get()?.at;

  it('GIVEN a member list read again without someone THEN they are marked left (row kept), no longer a member anywhere', () => {
    const db = boundRoom();
    syncMembers(db, ROOM, [A, B, C], 1000);
    expect(membersOf(db, ROOM).sort()).toEqual(['wxid_a', 'wxid_b', 'wxid_c']);
    syncMembers(db, ROOM, [A, C], 2000);
    expect(membersOf(db, ROOM).sort()).toEqual(['wxid_a', 'wxid_c']);
    expect(isMember(db, ROOM, B.id)).toBe(false);
    expect(compoundsOfMember(db, B.id)).toEqual([]);
    expect(compoundsOfMember(db, A.id).map((c) => c.name)).toEqual(['阳光花园']);
    expect(leftAt(db, B.id)).toBe(2000);
    expect(leftAt(db, A.id)).toBeNull();
  });

  it('GIVEN a member who leaves THEN they are left from then on; WHEN they rejoin or speak THEN they are a member again', () => {
    const db = boundRoom();
    syncMembers(db, ROOM, [A, B], 1000);
    membersLeft(db, ROOM, [B.id], 2000);
    expect(membersOf(db, ROOM)).toEqual(['wxid_a']);
    expect(leftAt(db, B.id)).toBe(2000);
    // Leaving twice keeps the first time.
    membersLeft(db, ROOM, [B.id], 3000);
    expect(leftAt(db, B.id)).toBe(2000);
    // Back within the hour: seenAt is fresh, yet the return must count.
    touchMember(db, ROOM, B.id, 3500);
    expect(isMember(db, ROOM, B.id)).toBe(true);
    expect(leftAt(db, B.id)).toBeNull();
  });
});
