import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import {
  compoundsOfMember,
  holdersOf,
  isMember,
  membersLeft,
  membersOf,
  notePerson,
  syncMembers,
  touchMember,
  upsertPerson,
} from '../../db/people.js';
import { compounds, groupMembers, groups, people, roleGrants } from '../../db/schema.js';
import { openTestDatabase } from '../support/store.js';

const HOUR = 3_600_000;

describe('people written by every command', () => {
  it('GIVEN the same name again THEN the row is left alone; a new name replaces it', async () => {
    const { db } = await openTestDatabase();
    await upsertPerson(db, { id: 'wxid_a', name: '张三' }, 1000);
    await upsertPerson(db, { id: 'wxid_a', name: '张三' }, 2000);
    expect(await db.select().from(people).where(eq(people.id, 'wxid_a')).get()).toEqual({
      id: 'wxid_a',
      name: '张三',
      updatedAt: 1000,
    });
    await upsertPerson(db, { id: 'wxid_a', name: '张三 (3-201)' }, 3000);
    expect(await db.select().from(people).where(eq(people.id, 'wxid_a')).get()).toEqual({
      id: 'wxid_a',
      name: '张三 (3-201)',
      updatedAt: 3000,
    });
  });

  it('GIVEN a member seen again within the hour THEN seenAt stays; after an hour it moves', async () => {
    const { db } = await openTestDatabase();
    await upsertPerson(db, { id: 'wxid_a', name: '张三' }, 0);
    const seen = async () =>
      (
        await db
          .select({ at: groupMembers.seenAt })
          .from(groupMembers)
          .where(and(eq(groupMembers.roomId, 'room@chatroom'), eq(groupMembers.personId, 'wxid_a')))
          .get()
      )?.at;
    await touchMember(db, 'room@chatroom', 'wxid_a', 10 * HOUR);
    expect(await seen()).toBe(10 * HOUR);
    await touchMember(db, 'room@chatroom', 'wxid_a', 10.5 * HOUR);
    expect(await seen()).toBe(10 * HOUR);
    await touchMember(db, 'room@chatroom', 'wxid_a', 11.5 * HOUR);
    expect(await seen()).toBe(11.5 * HOUR);
  });

  it('GIVEN someone speaking in a group (notePerson) THEN name and membership follow the same rules as upsertPerson and touchMember', async () => {
    const { db } = await openTestDatabase();
    const row = async () => ({
      person: await db.select().from(people).where(eq(people.id, 'wxid_n')).get(),
      member: await db
        .select()
        .from(groupMembers)
        .where(and(eq(groupMembers.roomId, 'room@chatroom'), eq(groupMembers.personId, 'wxid_n')))
        .get(),
    });
    // Someone never seen: both rows at once (the membership refers to the person).
    await notePerson(db, { id: 'wxid_n', name: '新人' }, 'room@chatroom', 10 * HOUR);
    expect(await row()).toEqual({
      person: { id: 'wxid_n', name: '新人', updatedAt: 10 * HOUR },
      member: { roomId: 'room@chatroom', personId: 'wxid_n', seenAt: 10 * HOUR, leftAt: null },
    });
    // Renamed within the hour: the name moves, the membership stays.
    await notePerson(db, { id: 'wxid_n', name: '新人 (5-101)' }, 'room@chatroom', 10.5 * HOUR);
    expect(await row()).toEqual({
      person: { id: 'wxid_n', name: '新人 (5-101)', updatedAt: 10.5 * HOUR },
      member: { roomId: 'room@chatroom', personId: 'wxid_n', seenAt: 10 * HOUR, leftAt: null },
    });
    // Left, then speaks again within the hour: a member again at once; the name unchanged stays put.
    await membersLeft(db, 'room@chatroom', ['wxid_n'], 10.6 * HOUR);
    await notePerson(db, { id: 'wxid_n', name: '新人 (5-101)' }, 'room@chatroom', 10.7 * HOUR);
    expect(await row()).toEqual({
      person: { id: 'wxid_n', name: '新人 (5-101)', updatedAt: 10.5 * HOUR },
      member: { roomId: 'room@chatroom', personId: 'wxid_n', seenAt: 10.7 * HOUR, leftAt: null },
    });
    // After the hour the membership is refreshed; a private chat touches no group.
    await notePerson(db, { id: 'wxid_n', name: '新人 (5-101)' }, 'room@chatroom', 12 * HOUR);
    expect((await row()).member?.seenAt).toBe(12 * HOUR);
    await notePerson(db, { id: 'wxid_p', name: '私聊' }, null, 13 * HOUR);
    expect(await db.select().from(groupMembers).where(eq(groupMembers.personId, 'wxid_p')).all()).toEqual([]);
    expect((await db.select().from(people).where(eq(people.id, 'wxid_p')).get())?.name).toBe('私聊');
  });

  it('GIVEN grants of several roles THEN holdersOf returns only the roles asked for', async () => {
    const { db } = await openTestDatabase();
    await db.insert(compounds).values({ id: 1, name: '阳光花园', createdAt: 0 }).run();
    for (const [id, name] of [
      ['wxid_m', '王经理'],
      ['wxid_c', '陈主任'],
    ] as const)
      await upsertPerson(db, { id, name }, 0);
    await db
      .insert(roleGrants)
      .values([
        { compoundId: 1, personId: 'wxid_m', role: 'manager', grantedBy: 'x', grantedAt: 1 },
        { compoundId: 1, personId: 'wxid_c', role: 'committee', grantedBy: 'x', grantedAt: 2 },
      ])
      .run();
    expect(await holdersOf(db, 1, ['manager'])).toEqual([{ id: 'wxid_m', name: '王经理', role: 'manager' }]);
    expect((await holdersOf(db, 1, ['committee', 'manager'])).map((h) => h.id)).toEqual(['wxid_m', 'wxid_c']);
    expect(await holdersOf(db, 2, ['manager'])).toEqual([]);
  });
});

describe('a group roster that follows joins and leaves', () => {
  const ROOM = 'room@chatroom';
  const A = { id: 'wxid_a', name: '张三' };
  const B = { id: 'wxid_b', name: '李四' };
  const C = { id: 'wxid_c', name: '王芳' };

  async function boundRoom(): Promise<Db> {
    const { db } = await openTestDatabase();
    await db.insert(compounds).values({ id: 1, name: '阳光花园', createdAt: 0 }).run();
    await db.insert(groups).values({ roomId: ROOM, compoundId: 1, boundBy: 'x', boundAt: 0 }).run();
    return db;
  }
  const leftAt = async (db: Db, id: string) =>
    (
      await db
        .select({ at: groupMembers.leftAt })
        .from(groupMembers)
        .where(and(eq(groupMembers.roomId, ROOM), eq(groupMembers.personId, id)))
        .get()
    )?.at;

  it('GIVEN a member list read again without someone THEN they are marked left (row kept), no longer a member anywhere', async () => {
    const db = await boundRoom();
    await syncMembers(db, ROOM, [A, B, C], 1000);
    expect((await membersOf(db, ROOM)).sort()).toEqual(['wxid_a', 'wxid_b', 'wxid_c']);
    await syncMembers(db, ROOM, [A, C], 2000);
    expect((await membersOf(db, ROOM)).sort()).toEqual(['wxid_a', 'wxid_c']);
    expect(await isMember(db, ROOM, B.id)).toBe(false);
    expect(await compoundsOfMember(db, B.id)).toEqual([]);
    expect((await compoundsOfMember(db, A.id)).map((c) => c.name)).toEqual(['阳光花园']);
    expect(await leftAt(db, B.id)).toBe(2000);
    expect(await leftAt(db, A.id)).toBeNull();
  });

  it('GIVEN a member who leaves THEN they are left from then on; WHEN they rejoin or speak THEN they are a member again', async () => {
    const db = await boundRoom();
    await syncMembers(db, ROOM, [A, B], 1000);
    await membersLeft(db, ROOM, [B.id], 2000);
    expect(await membersOf(db, ROOM)).toEqual(['wxid_a']);
    expect(await leftAt(db, B.id)).toBe(2000);
    // Leaving twice keeps the first time.
    await membersLeft(db, ROOM, [B.id], 3000);
    expect(await leftAt(db, B.id)).toBe(2000);
    // Back within the hour: seenAt is fresh, yet the return must count.
    await touchMember(db, ROOM, B.id, 3500);
    expect(await isMember(db, ROOM, B.id)).toBe(true);
    expect(await leftAt(db, B.id)).toBeNull();
  });
});
