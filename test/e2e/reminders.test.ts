/**
 * Deadline pings on the real wiring with node-cron really ticking: short windows set by `/设置`,
 * a ticket filed and taken in the mock groups, the bot stopped and started again on the same
 * database in the middle (SPEC "Reminders": sent once, nothing lost over a restart).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { tickets } from '../../db/schema.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';
import { testDatabaseUrl } from '../support/store.js';

const OWNERS = demoOwnersRoom.id;
const STAFF = demoStaffRoom.id;
const SHIFU = 'wxid_shifu_wang';
const SECOND = 1000;
/** node-cron ticks the schedule every 5 s; the sender paces and the service hop adds a little. */
const SLACK = 9 * SECOND;

let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const text = (m: SentMessage) => m.text ?? '';
const isPing = (m: SentMessage) =>
  /#1 (还剩 .*解决|已超过解决时限)/.test(text(m)) && !text(m).includes('业委会督办');
/** Seconds left a ping states: 15-20 at the 50% point (ticks are 5 s apart), under 9 at 80%. */
const secondsLeft = (m: SentMessage) => Number(/#1 还剩 (\d+)秒解决/.exec(text(m))?.[1] ?? Number.NaN);
const isFifty = (m: SentMessage) => isPing(m) && secondsLeft(m) >= 10;
const isEighty = (m: SentMessage) => isPing(m) && secondsLeft(m) < 10;
const isBreach = (m: SentMessage) => isPing(m) && text(m).includes('已超过解决时限');
const isCommittee = (m: SentMessage) => text(m).startsWith('业委会督办: #1 已超过解决时限');

describe('deadline pings in the mock groups, across a restart', () => {
  it('GIVEN a general ticket with a 40 s window, taken at once, and the bot restarted after the 50% ping THEN 50%, 80% and the breach each arrive once', async () => {
    const databaseUrl = await testDatabaseUrl(join(mkdtempSync(join(tmpdir(), 'hgj-reminders-')), 'bot.db'));
    const first = await startMockBot({ databaseUrl });
    running = first;

    first.world.say('wxid_admin_liu', OWNERS, '/设置 免打扰 关');
    first.world.say('wxid_admin_liu', OWNERS, '/设置 时限 响应 20秒');
    first.world.say('wxid_admin_liu', OWNERS, '/设置 时限 一般 40秒');
    const settingReplies = await first.waitForCount(OWNERS, 3);
    expect(settingReplies.map(text).every((t) => t.startsWith('已把'))).toBe(true);

    first.world.say('wxid_zhangsan', OWNERS, '/报修 3号楼楼道灯坏了');
    await first.waitFor(OWNERS, (m) => text(m).includes('#1'));
    first.world.say(SHIFU, STAFF, '/接单 #1');
    await first
      .waitFor(STAFF, (m) => text(m).includes('#1') && m.mentionIds.length === 0 && !isPing(m), 10_000)
      .catch(() => first.waitFor(OWNERS, (m) => text(m).includes('接单'), 5_000));
    const filed = await first.handle.db.select().from(tickets).where(eq(tickets.no, 1)).get();
    expect(filed?.respondedAt).not.toBeNull();
    const filedAt = filed?.filedAt ?? 0;

    // 50% of 40 s: 20 s after filing, to the manager, in the staff group.
    const fifty = await first.waitFor(STAFF, isPing, 20 * SECOND + SLACK + 5 * SECOND);
    expect(isFifty(fifty)).toBe(true);
    expect(fifty.mentionIds).toEqual([SHIFU]);
    expect(fifty.at - filedAt).toBeGreaterThanOrEqual(20 * SECOND);
    expect(fifty.at - filedAt).toBeLessThan(20 * SECOND + SLACK);
    const firstPings = () => first.sentTo(STAFF).filter(isPing);

    // Down across the 80% point (32 s).
    await first.stop();
    running = null;
    expect(firstPings()).toHaveLength(1);
    expect(Date.now() - filedAt).toBeLessThan(32 * SECOND);
    await sleep(filedAt + 33 * SECOND - Date.now());

    const second = await startMockBot({ databaseUrl, seed: false });
    running = second;
    const breach = await second.waitFor(
      STAFF,
      isBreach,
      40 * SECOND + SLACK + 20 * SECOND - (Date.now() - filedAt),
    );
    expect(breach.at - filedAt).toBeGreaterThanOrEqual(40 * SECOND);
    expect(breach.mentionIds).toEqual([SHIFU]);
    await second.waitFor(OWNERS, isCommittee);
    // Let a few more ticks pass: nothing may come twice.
    await sleep(6 * SECOND);

    const pings = second.sentTo(STAFF).filter(isPing);
    expect(pings.filter(isFifty)).toEqual([]);
    expect(pings.filter(isBreach)).toHaveLength(1);
    // The 80% point fell due while the bot was down: once on return (unless the return itself
    // came after the breach, when the catch-up sends only the latest point).
    const eighty = pings.filter(isEighty);
    if (second.transport === 'mock') {
      expect(eighty).toHaveLength(1);
      expect((eighty[0]?.at ?? 0) - filedAt).toBeLessThan(40 * SECOND);
    } else {
      expect(eighty.length).toBeLessThanOrEqual(1);
    }
    expect(second.sentTo(OWNERS).filter(isCommittee)).toHaveLength(1);
    expect(first.sentTo(STAFF).filter(isEighty)).toEqual([]);
  }, 90_000);
});
