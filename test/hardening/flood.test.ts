/**
 * Flood (issue 13): no setting may make the bot post a notice more often than once an hour.
 * Every cron-valued `/设置` item refuses what would fire more often (or is not five-field cron),
 * and the notice schedule, run over a simulated day with a flooding expression already stored
 * (written before the rule, or by hand), posts each kind at most once an hour.
 */
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { settingsCommand } from '../../commands/settings/settings-command.js';
import { MIN_SCHEDULED_POST_GAP_MS } from '../../core/schedule-limits.js';
import { putNoticeSchedule } from '../../db/affairs.js';
import { compounds } from '../../db/schema.js';
import { affairNotices, noticeKinds } from '../../db/schema-affairs.js';
import { putSetting } from '../../db/settings.js';
import { affairsNoticesSchedule, publishNotice } from '../../schedules/affairs-notices.js';
import { runSchedule } from '../../schedules/runner.js';
import { createCommandHarness } from '../support/command-harness.js';

const ADMIN = 'wxid_admin_liu';
const HOUR = 3_600_000;
const TZ = 'Asia/Shanghai';
const BOARD_URL = 'http://board.test';
// Mon 2027-02-01 00:00 in Shanghai: the 1st and a Monday, so both default schedules fire at 09:00.
const DAY_START = Date.UTC(2027, 0, 31, 16, 0);

/** The cron-valued items, read from the usage line so that a new one is covered too. */
const cronItems = [...settingsCommand.usage.matchAll(/(\S+) <cron>/g)].map((m) => m[1] ?? '');

const flooding = [
  '* * * * * *',
  '*/10 * * * * *',
  '0 0 9 1 * *',
  '* * * * *',
  '*/5 * * * *',
  '*/1 * * * *',
  '0,30 * * * *',
  '0-59 9 * * *',
  '*/30 9 1 * *',
  '0,1 9 1 * *',
];

describe('every cron-valued setting refuses a schedule more often than once an hour', () => {
  it('GIVEN the settings usage THEN it names the cron-valued items (公示, 周报)', () => {
    expect(cronItems).toEqual(expect.arrayContaining(['公示', '周报']));
  });

  it.each(cronItems.flatMap((item) => flooding.map((expr) => [item, expr])))(
    'GIVEN /设置 %s %s THEN it is refused with the reason and nothing is stored',
    async (item, expr) => {
      const h = await createCommandHarness();
      const before = await h.reply(ADMIN, '/设置');
      const text = await h.reply(ADMIN, `/设置 ${item} ${expr}`);
      expect(text).toMatch(/每小时最多一次|需要 5 段/);
      expect(await h.reply(ADMIN, '/设置')).toBe(before);
    },
  );

  it.each(cronItems)('GIVEN /设置 %s 0 * * * * (hourly) THEN it is accepted', async (item) => {
    const h = await createCommandHarness();
    expect(await h.reply(ADMIN, `/设置 ${item} 0 * * * *`)).toContain('改为「0 * * * *」');
  });
});

describe('the notice schedule never posts a kind twice within an hour, whatever is stored', () => {
  it('GIVEN flooding expressions stored before the rule and a due run from them THEN a simulated day posts each kind at most once an hour', async () => {
    const h = await createCommandHarness({ now: DAY_START - HOUR });
    const db = h.handle.db;
    const store = (key: string, expr: string) =>
      putSetting(db, { compoundId: h.compoundId, key, value: JSON.stringify(expr), updatedBy: ADMIN }, h.now);
    await store('cron.notice', '* * * * * *');
    await store('cron.weekly', '*/5 * * * *');
    const compound = await db.select().from(compounds).where(eq(compounds.id, h.compoundId)).get();
    if (!compound) throw new Error('no demo compound');
    // The state the flood left behind: the last notice a second ago, the next run due now.
    await db.transaction(async (tx) => {
      for (const kind of noticeKinds) {
        await publishNotice(
          tx,
          compound,
          kind,
          '* * * * * *',
          DAY_START - 1000,
          DAY_START - 1000,
          TZ,
          BOARD_URL,
        );
        await putNoticeSchedule(
          tx,
          { compoundId: h.compoundId, kind, cron: '* * * * * *', nextRunAt: DAY_START },
          DAY_START - 1000,
        );
      }
    });

    const ticks: number[] = [];
    for (let t = DAY_START; t < DAY_START + 24 * HOUR; t += 60_000) ticks.push(t);
    // The real tick is every second: one minute of those around the default 09:00 run.
    for (let t = DAY_START + 9 * HOUR - 30_000; t < DAY_START + 9 * HOUR + 30_000; t += 1000) ticks.push(t);
    ticks.sort((a, b) => a - b);
    const posts = () =>
      db.select({ kind: affairNotices.kind, createdAt: affairNotices.createdAt }).from(affairNotices).all();
    for (const t of ticks) {
      // A flood queues a picture per tick: stop early rather than render thousands of them.
      if (
        (await runSchedule(db, affairsNoticesSchedule, t, { tz: TZ, publicUrl: BOARD_URL })) > 0 &&
        (await posts()).length > 30
      )
        break;
    }

    for (const kind of noticeKinds) {
      const times = (await posts())
        .filter((n) => n.kind === kind)
        .map((n) => n.createdAt)
        .sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) {
        expect(
          (times[i] ?? 0) - (times[i - 1] ?? 0),
          `${kind} posts ${i - 1} and ${i}`,
        ).toBeGreaterThanOrEqual(MIN_SCHEDULED_POST_GAP_MS);
      }
      // The seeded flood's last post, then the default 09:00 run of the day.
      expect(times).toEqual([DAY_START - 1000, DAY_START + 9 * HOUR]);
    }
  });

  it('GIVEN a notice just posted WHEN another of the same kind is published 30 minutes later THEN nothing is posted; an hour later it is', async () => {
    const h = await createCommandHarness({ now: DAY_START });
    const db = h.handle.db;
    const compound = await db.select().from(compounds).where(eq(compounds.id, h.compoundId)).get();
    if (!compound) throw new Error('no demo compound');
    const publish = (periodTo: number) =>
      db.transaction((tx) =>
        publishNotice(tx, compound, 'weekly', '0 9 * * 1', periodTo, periodTo, TZ, BOARD_URL),
      );
    expect(await publish(DAY_START)).toBe(2);
    expect(await publish(DAY_START + 30 * 60_000)).toBe(0);
    expect(await publish(DAY_START + HOUR)).toBe(2);
  });

  it('GIVEN a notice caught up 40 minutes late after downtime WHEN the next hourly run comes 20 minutes later THEN nothing is posted until an hour after the catch-up', async () => {
    const h = await createCommandHarness({ now: DAY_START });
    const db = h.handle.db;
    const compound = await db.select().from(compounds).where(eq(compounds.id, h.compoundId)).get();
    if (!compound) throw new Error('no demo compound');
    const publish = (periodTo: number, now: number) =>
      db.transaction((tx) =>
        publishNotice(tx, compound, 'weekly', '0 * * * *', periodTo, now, TZ, BOARD_URL),
      );
    // The 10:00 run, posted at 10:40 when the bot came back.
    expect(await publish(DAY_START + 10 * HOUR, DAY_START + 10 * HOUR + 40 * 60_000)).toBe(0 + 2);
    // The 11:00 run is 20 minutes after that post: the group hears nothing.
    expect(await publish(DAY_START + 11 * HOUR, DAY_START + 11 * HOUR)).toBe(0);
    // The 12:00 run covers 10:00-12:00.
    expect(await publish(DAY_START + 12 * HOUR, DAY_START + 12 * HOUR)).toBe(2);
    const notices = await db.select().from(affairNotices).orderBy(asc(affairNotices.id)).all();
    const covered = notices.map((n) => [n.periodFrom, n.periodTo]);
    expect(covered.at(-1)).toEqual([DAY_START + 10 * HOUR, DAY_START + 12 * HOUR]);
  });
});
