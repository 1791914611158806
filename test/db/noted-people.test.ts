import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import {
  isMember,
  membersLeft,
  notePersonUnlessKnown,
  rememberNoted,
  storedName,
  syncMembers,
  upsertPerson,
} from '../../db/people.js';
import { openTestDatabase } from '../support/store.js';

const t0 = Date.UTC(2026, 11, 2, 2, 0);
const HOUR = 3_600_000;
const zhang = { id: 'wxid_zhang', name: '张三' };

/** Notes and, as the dispatcher does once its transaction has committed, remembers. */
async function note(db: Db, person: { id: string; name: string }, roomId: string | null, now: number) {
  const noted = await db.transaction((tx) => notePersonUnlessKnown(tx, person, roomId, now));
  if (noted !== null) rememberNoted(db, noted);
  return noted !== null;
}

describe("a command's speaker noted once, then remembered (db/people.ts notePersonUnlessKnown)", () => {
  it('GIVEN a member noted in a group THEN the next commands within the hour write nothing, and after it the membership is noted again', async () => {
    const { db } = await openTestDatabase();
    expect(await note(db, zhang, 'owners@r', t0)).toBe(true);
    expect(await storedName(db, zhang.id)).toBe('张三');
    expect(await isMember(db, 'owners@r', zhang.id)).toBe(true);
    expect(await note(db, zhang, 'owners@r', t0 + 1000)).toBe(false);
    expect(await note(db, zhang, 'owners@r', t0 + HOUR - 1)).toBe(false);
    expect(await note(db, zhang, 'owners@r', t0 + HOUR)).toBe(true);
    // Another group, or privately once the name is known.
    expect(await note(db, zhang, 'staff@r', t0 + HOUR)).toBe(true);
    expect(await isMember(db, 'staff@r', zhang.id)).toBe(true);
    expect(await note(db, zhang, null, t0 + HOUR)).toBe(false);
  });

  it('GIVEN a new name THEN it is written', async () => {
    const { db } = await openTestDatabase();
    await note(db, zhang, 'owners@r', t0);
    expect(await note(db, { id: zhang.id, name: '张三(3-201)' }, 'owners@r', t0 + 1)).toBe(true);
    expect(await storedName(db, zhang.id)).toBe('张三(3-201)');
    // A name written another way (a mention, a roster) is not taken for the one remembered.
    await upsertPerson(db, { id: zhang.id, name: '老张' }, t0 + 2);
    expect(await note(db, { id: zhang.id, name: '张三(3-201)' }, 'owners@r', t0 + 3)).toBe(true);
    expect(await storedName(db, zhang.id)).toBe('张三(3-201)');
  });

  it('GIVEN a member marked as having left, then speaking again THEN they are a member again at once', async () => {
    const { db } = await openTestDatabase();
    await note(db, zhang, 'owners@r', t0);
    await membersLeft(db, 'owners@r', [zhang.id], t0 + 1);
    expect(await isMember(db, 'owners@r', zhang.id)).toBe(false);
    expect(await note(db, zhang, 'owners@r', t0 + 2)).toBe(true);
    expect(await isMember(db, 'owners@r', zhang.id)).toBe(true);
    // So with a roster synced without them.
    await syncMembers(db, 'owners@r', [{ id: 'wxid_li', name: '李四' }], t0 + 3);
    expect(await isMember(db, 'owners@r', zhang.id)).toBe(false);
    expect(await note(db, zhang, 'owners@r', t0 + 4)).toBe(true);
    expect(await isMember(db, 'owners@r', zhang.id)).toBe(true);
  });

  it('GIVEN a note that ran before the member was marked as having left THEN it is not remembered after', async () => {
    const { db } = await openTestDatabase();
    const noted = await db.transaction((tx) => notePersonUnlessKnown(tx, zhang, 'owners@r', t0));
    await membersLeft(db, 'owners@r', [zhang.id], t0 + 1);
    if (noted !== null) rememberNoted(db, noted);
    expect(await note(db, zhang, 'owners@r', t0 + 2)).toBe(true);
    expect(await isMember(db, 'owners@r', zhang.id)).toBe(true);
  });

  it('GIVEN a note whose transaction rolled back THEN nothing is remembered and the next one writes', async () => {
    const { db } = await openTestDatabase();
    await expect(
      db.transaction(async (tx) => {
        await notePersonUnlessKnown(tx, zhang, 'owners@r', t0);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await storedName(db, zhang.id)).toBeNull();
    expect(await note(db, zhang, 'owners@r', t0 + 1)).toBe(true);
    expect(await isMember(db, 'owners@r', zhang.id)).toBe(true);
  });

  it('GIVEN two stores in one process THEN each remembers its own', async () => {
    const { db: a } = await openTestDatabase();
    const { db: b } = await openTestDatabase();
    await note(a, zhang, 'owners@r', t0);
    expect(await note(b, zhang, 'owners@r', t0 + 1)).toBe(true);
    expect(await storedName(b, zhang.id)).toBe('张三');
  });
});
