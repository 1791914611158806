/**
 * Three-affairs notices on the real wiring with node-cron ticking (SPEC "Three-affairs notices",
 * issue 5). A schedule may fire at most once an hour (issue 13), so each kind is set to fire once
 * within the next two minutes: the monthly notice posts on the tick while the bot runs, the weekly
 * one falls due while the bot is down and posts once when it is back, and the restart repeats
 * neither.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { affairNotices, affairSchedules } from '../../db/schema-affairs.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';
import { testDatabaseUrl } from '../support/store.js';

const OWNERS = demoOwnersRoom.id;
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isNotice = (m: SentMessage) => /^【阳光花园 三务(公开|周报)】/.test(m.text ?? '');
const isPicture = (m: SentMessage) => m.file?.name.endsWith('.png') === true;

/** The first whole minute at least 20 s away, so the bot has stored its next run by then. */
function nextMinute(after: number): number {
  return Math.ceil((after + 20_000) / 60_000) * 60_000;
}

describe('three-affairs notices on the real ticking, across a restart', () => {
  it('GIVEN a notice due while the bot runs and one due while it is down THEN each posts once with its PNG, none repeated after the restart', async () => {
    const databaseUrl = await testDatabaseUrl(join(mkdtempSync(join(tmpdir(), 'hgj-notices-')), 'bot.db'));
    const first = await startMockBot({ databaseUrl });
    running = first;
    const monthlyAt = nextMinute(Date.now());
    const weeklyAt = monthlyAt + 60_000;
    // Asia/Shanghai (HGJ_TZ) is a whole number of hours from UTC: its minutes are UTC's.
    const monthly = `${new Date(monthlyAt).getUTCMinutes()} * * * *`;
    const weekly = `${new Date(weeklyAt).getUTCMinutes()} * * * *`;
    first.world.say('wxid_chen_shuji', OWNERS, '/公示 党务 11月15日党员志愿服务日');
    first.world.say('wxid_admin_liu', OWNERS, `/设置 公示 ${monthly}`);
    await first.waitFor(OWNERS, (m) => (m.text ?? '').includes(`改为「${monthly}」`));
    first.world.say('wxid_admin_liu', OWNERS, `/设置 周报 ${weekly}`);
    await first.waitFor(OWNERS, (m) => (m.text ?? '').includes(`改为「${weekly}」`));

    const one = await first.waitFor(OWNERS, isNotice, 90_000);
    expect(one.text).toContain('三务公开');
    expect(one.text).toContain('【党务】11月15日党员志愿服务日');
    await first.waitFor(OWNERS, isPicture, 15_000);
    const stored = await first.handle.db.select().from(affairSchedules).all();
    expect(stored.find((s) => s.kind === 'weekly')?.nextRunAt).toBe(weeklyAt);
    const firstSent = first.sentTo(OWNERS);
    await first.stop();
    running = null;
    expect(Date.now()).toBeLessThan(weeklyAt);

    await sleep(weeklyAt - Date.now() + 2_000);
    const second = await startMockBot({ databaseUrl, seed: false });
    running = second;
    const two = await second.waitFor(OWNERS, isNotice, 30_000);
    expect(two.text).toContain('三务周报');
    await second.waitFor(OWNERS, isPicture, 15_000);
    // The start-up run and a few ticks: nothing more is due for an hour.
    await sleep(3_000);

    const all = [...firstSent, ...second.sentTo(OWNERS)];
    expect(all.filter(isNotice)).toHaveLength(2);
    expect(all.filter(isPicture)).toHaveLength(2);
    const rows = await second.handle.db.select().from(affairNotices).all();
    expect(rows.map((r) => [r.kind, r.periodTo]).sort()).toEqual([
      ['monthly', monthlyAt],
      ['weekly', weeklyAt],
    ]);
  }, 200_000);
});
