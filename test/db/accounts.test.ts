/**
 * Our accounts, the cross-account message key and the speaker leases, on the store itself (SPEC
 * "Many accounts, one store"); the bots using them are in test/scale/accounts.test.ts.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../bot/config.js';
import { defaultLeaseTiming, LeaseKeeper, worstFailoverMs } from '../../bot/leases.js';
import {
  allAccounts,
  groupSpeakers,
  recordAccount,
  recordAccountRooms,
  releaseLeases,
  takeLeases,
} from '../../db/accounts.js';
import { claimMessage, crossAccountKey, type MessageIdentity } from '../../db/messages.js';
import { accountRooms, inbox, messageClaims, speakerLeases } from '../../db/schema.js';
import { openTestDatabase } from '../support/store.js';

const ROOM = 'r1@chatroom';
const silent = { info() {}, warn() {} };

describe('the cross-account message key', () => {
  const base: MessageIdentity = {
    roomId: ROOM,
    speakerId: 'wxid_zhangsan',
    sentAt: 1_700_000_000_250,
    kind: 'text',
    content: '/报修 楼道灯不亮',
  };

  it('GIVEN one message as two accounts see it (same room, sender, second, text) THEN one key, whatever the milliseconds', () => {
    expect(crossAccountKey({ ...base, sentAt: 1_700_000_000_999 })).toBe(crossAccountKey(base));
  });

  it('GIVEN any one of room, sender, second, kind or text different THEN a different key', () => {
    const key = crossAccountKey(base);
    for (const other of [
      { roomId: 'r2@chatroom' },
      { speakerId: 'wxid_lisi' },
      { sentAt: base.sentAt + 1000 },
      { kind: 'image' as const },
      { content: '/报修 楼道灯不亮了' },
    ])
      expect(crossAccountKey({ ...base, ...other })).not.toBe(key);
    // Fields cannot run together: "a" + "b\0c" is not "a\0b" + "c".
    expect(crossAccountKey({ ...base, roomId: 'a', speakerId: 'bc' })).not.toBe(
      crossAccountKey({ ...base, roomId: 'ab', speakerId: 'c' }),
    );
  });

  it('GIVEN two message ids with one key THEN the first claim wins, the second is refused and its id still marked handled', async () => {
    const { db } = await openTestDatabase();
    const key = crossAccountKey(base);
    expect(await db.transaction((tx) => claimMessage(tx, 'id-seen-by-a', 1000, key))).toBe(true);
    expect(await db.transaction((tx) => claimMessage(tx, 'id-seen-by-b', 1001, key))).toBe(false);
    const b = await db.select().from(inbox).where(eq(inbox.messageId, 'id-seen-by-b')).get();
    expect(b?.handledAt).toBe(1001);
    expect(await db.select().from(messageClaims).all()).toEqual([{ key, claimedAt: 1000 }]);
    // A private message (no key) is claimed by its id alone, as before.
    expect(await claimMessage(db, 'private-id', 1002, null)).toBe(true);
    expect(await claimMessage(db, 'private-id', 1003, null)).toBe(false);
  });

  it('GIVEN the first claim rolled back (a crash before commit) THEN the other account claims the key', async () => {
    const { db } = await openTestDatabase();
    const key = crossAccountKey(base);
    await expect(
      db.transaction(async (tx) => {
        await claimMessage(tx, 'id-a', 1000, key);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await db.transaction((tx) => claimMessage(tx, 'id-b', 1001, key))).toBe(true);
  });
});

describe('speaker leases', () => {
  it('GIVEN the production timing THEN a killed speaker is replaced within SPEC 30 s (20 s lease + 5 s renewal + 1 s sender wake)', () => {
    expect(parseConfig({}).lease).toEqual(defaultLeaseTiming);
    expect(defaultLeaseTiming).toEqual({ ttlMs: 20_000, renewEveryMs: 5_000 });
    expect(worstFailoverMs(defaultLeaseTiming)).toBe(26_000);
    expect(worstFailoverMs(defaultLeaseTiming)).toBeLessThanOrEqual(30_000);
  });

  it('GIVEN a lease renewal as long as the lease THEN the config refuses it with one line', () => {
    expect(() => parseConfig({ HGJ_LEASE_TTL_MS: '5000', HGJ_LEASE_RENEW_MS: '5000' })).toThrow(
      '配置错误: HGJ_LEASE_RENEW_MS 应小于 HGJ_LEASE_TTL_MS (5000), 现在是「5000」',
    );
  });

  it('GIVEN A holds a group THEN B cannot take it until A is gone: expired (killed) or released (stopped), and A cannot take it back', async () => {
    const { db } = await openTestDatabase();
    expect(await takeLeases(db, 'a', [ROOM, 'r2'], 0, 20_000)).toEqual(expect.arrayContaining([ROOM, 'r2']));
    expect(await takeLeases(db, 'b', [ROOM, 'r2', 'r3'], 1_000, 21_000)).toEqual(['r3']);
    // A renews; B still gets nothing.
    expect((await takeLeases(db, 'a', [ROOM], 15_000, 35_000)).sort()).toEqual([ROOM]);
    expect(await takeLeases(db, 'b', [ROOM], 34_999, 54_999)).toEqual([]);
    // A is killed: no renewal. At the expiry B takes it; A, back, does not.
    expect(await takeLeases(db, 'b', [ROOM], 35_000, 55_000)).toEqual([ROOM]);
    expect(await takeLeases(db, 'a', [ROOM], 36_000, 56_000)).toEqual([]);
    // A stops cleanly: its other lease goes at once.
    expect(await releaseLeases(db, 'a')).toBe(1);
    expect(await takeLeases(db, 'b', ['r2'], 36_000, 56_000)).toEqual(['r2']);
  });

  it('GIVEN a renewal of 1,000 groups, one listed twice and ids with quotes and Chinese THEN each is held once, with its expiry, and the rooms recorded', async () => {
    const { db } = await openTestDatabase();
    const rooms = Array.from({ length: 1000 }, (_, i) => `room-${i}@chatroom`);
    const odd = [`it's "r"@chatroom`, '小区[1]群\\%_', '😀'];
    const asked = [...rooms, ...odd, rooms[7] as string];
    expect((await takeLeases(db, 'a', asked, 0, 20_000)).sort()).toEqual([...rooms, ...odd].sort());
    // B asks for two of them and one free: only the free one.
    expect(await takeLeases(db, 'b', [odd[0] as string, 'room-5@chatroom', 'free'], 1_000, 21_000)).toEqual([
      'free',
    ]);
    const leases = await db.select().from(speakerLeases).all();
    expect(leases).toHaveLength(1004);
    expect(leases.filter((l) => l.accountId === 'a' && l.expiresAt === 20_000)).toHaveLength(1003);

    await recordAccountRooms(db, 'a', asked, 5_000);
    await recordAccountRooms(db, 'a', [odd[1] as string], 6_000);
    const seen = await db.select().from(accountRooms).all();
    expect(seen).toHaveLength(1003);
    expect(seen.find((r) => r.roomId === odd[1])?.seenAt).toBe(6_000);
    expect(seen.filter((r) => r.accountId === 'a' && r.seenAt === 5_000)).toHaveLength(1002);
  });

  it('GIVEN two keepers asking for the same groups at once THEN each group has one speaker', async () => {
    const { db } = await openTestDatabase();
    const rooms = Array.from({ length: 20 }, (_, i) => `room-${i}`);
    const [a, b] = await Promise.all([
      takeLeases(db, 'a', rooms, 0, 20_000),
      takeLeases(db, 'b', [...rooms].reverse(), 0, 20_000),
    ]);
    expect([...a, ...b].sort()).toEqual([...rooms].sort());
    expect(a.filter((r) => b.includes(r))).toEqual([]);
  });

  it('GIVEN sends keep failing for a group THEN the keeper gives up its lease and leaves it alone for a lease period', async () => {
    const { db } = await openTestDatabase();
    let now = 0;
    const keeper = new LeaseKeeper({ db, timing: defaultLeaseTiming, now: () => now, log: silent });
    keeper.activate('a');
    keeper.addRooms([ROOM]);
    await keeper.renew();
    expect(await keeper.mayHold(ROOM)).toBe(true);
    await keeper.failed(ROOM);
    await keeper.failed(ROOM);
    expect(await keeper.mayHold(ROOM)).toBe(true);
    await keeper.failed(ROOM);
    expect(await keeper.mayHold(ROOM)).toBe(false);
    expect(await takeLeases(db, 'b', [ROOM], 1, 20_001)).toEqual([ROOM]);
    // B is gone too, and the lease period is over: A takes the group again.
    now = 45_000;
    await keeper.renew();
    expect(await keeper.mayHold(ROOM)).toBe(true);
  });

  it('GIVEN A speaks and B stands by in a group THEN groupSpeakers names them so', async () => {
    const { db } = await openTestDatabase();
    await recordAccount(db, { id: 'a', name: '红管家' }, 0);
    await recordAccount(db, { id: 'b', name: '红管家二号' }, 1);
    await recordAccountRooms(db, 'a', [ROOM], 2);
    await recordAccountRooms(db, 'b', [ROOM], 3);
    await takeLeases(db, 'b', [ROOM], 4, 20_004);
    const speakers = await groupSpeakers(db, ROOM, 10);
    expect(speakers.speaker?.name).toBe('红管家二号');
    expect(speakers.standby.map((s) => s.name)).toEqual(['红管家']);
    // Once the lease ran out, nobody speaks and both stand by.
    expect((await groupSpeakers(db, ROOM, 20_004)).speaker).toBeNull();
    expect((await allAccounts(db)).map((a) => a.id)).toEqual(['a', 'b']);
  });
});
