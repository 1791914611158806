/**
 * Three-affairs notices on the real wiring with node-cron ticking: a notice set to every minute
 * by `/设置` posts once per minute with its picture, and a restart in the middle neither repeats
 * nor loses one (SPEC "Three-affairs notices", issue 5).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { affairNotices } from '../../db/schema-affairs.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';

const OWNERS = demoOwnersRoom.id;
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

const isNotice = (m: SentMessage) => (m.text ?? '').startsWith('【阳光花园 三务公开】');
const isPicture = (m: SentMessage) => m.file?.name.endsWith('.png') === true;

describe('three-affairs notices every minute, across a restart', () => {
  it('GIVEN /设置 公示 * * * * * THEN one notice with a PNG per minute, none repeated or lost over a restart', async () => {
    const databaseUrl = join(mkdtempSync(join(tmpdir(), 'hgj-notices-')), 'bot.db');
    const first = await startMockBot({ databaseUrl });
    running = first;
    first.world.say('wxid_chen_shuji', OWNERS, '/公示 党务 11月15日党员志愿服务日');
    first.world.say('wxid_admin_liu', OWNERS, '/设置 公示 * * * * *');
    await first.waitFor(OWNERS, (m) => (m.text ?? '').includes('改为「* * * * *」'));

    const one = await first.waitFor(OWNERS, isNotice, 75_000);
    expect(one.text).toContain('【党务】11月15日党员志愿服务日');
    await first.waitFor(OWNERS, isPicture, 15_000);
    const firstSent = first.sentTo(OWNERS);
    await first.stop();
    running = null;

    const second = await startMockBot({ databaseUrl, seed: false });
    running = second;
    const two = await second.waitFor(OWNERS, isNotice, 75_000);
    // Items are published once: the next month-of-minutes notice has none left.
    expect(two.text).toContain('本期无党务、居务、财务公示事项');
    await second.waitFor(OWNERS, isPicture, 15_000);

    const all = [...firstSent, ...second.sentTo(OWNERS)];
    const notices = all.filter(isNotice);
    expect(notices).toHaveLength(2);
    expect(new Set(notices.map((m) => m.text)).size).toBe(2);
    expect(all.filter(isPicture)).toHaveLength(2);
    const rows = second.handle.db.select().from(affairNotices).all();
    expect(rows).toHaveLength(2);
    // One per minute: the two periods end on consecutive minute boundaries.
    const ends = rows.map((r) => r.periodTo).sort((a, b) => a - b);
    expect((ends[1] ?? 0) - (ends[0] ?? 0)).toBe(60_000);
    expect(ends.every((t) => t % 60_000 === 0)).toBe(true);
  }, 200_000);
});
