import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { encodeSetting } from '../../core/settings/catalog.js';
import { ensureCompound, IDS_PER_STATEMENT } from '../../db/compounds.js';
import { scheduleRunsOf } from '../../db/schedule-runs.js';
import { scheduleRuns } from '../../db/schema-schedules.js';
import { putSetting } from '../../db/settings.js';
import {
  DAILY_DIGEST,
  dailyDigestSchedule,
  digestDecision,
  digestLists,
  lastDigestAt,
  nextDigestAt,
} from '../../schedules/daily-digest.js';
import { runSchedule } from '../../schedules/runner.js';
import { createCommandHarness } from '../support/command-harness.js';
import { DAY, HOUR, insertTicket, local, MINUTE } from './fixtures.js';

const TZ = 'Asia/Shanghai';
const STAFF = demoStaffRoom.id;
const OWNERS = demoOwnersRoom.id;

async function setup(now = local('2026-11-24 07:00')) {
  const h = await createCommandHarness({ now });
  const run = (at: number) =>
    runSchedule(h.handle.db, dailyDigestSchedule, at, { tz: TZ, publicUrl: 'http://localhost:8080' });
  return { h, run };
}

describe('when the digest is due (pure, HGJ_TZ whatever the server zone)', () => {
  it('GIVEN 07:00 in Shanghai (23:00 UTC the day before) THEN the next digest is 08:30 Shanghai, 00:30 UTC', () => {
    expect(nextDigestAt(local('2026-11-24 07:00'), TZ)).toBe(Date.UTC(2026, 10, 24, 0, 30));
    expect(nextDigestAt(local('2026-11-24 08:30'), TZ)).toBe(local('2026-11-25 08:30'));
    expect(nextDigestAt(local('2026-11-24 08:30'), TZ, true)).toBe(local('2026-11-24 08:30'));
    expect(nextDigestAt(local('2026-12-31 09:00'), TZ)).toBe(local('2027-01-01 08:30'));
  });

  it('GIVEN a zone with daylight saving THEN the digest stays at 08:30 local across the change', () => {
    const ny = 'America/New_York';
    const after = nextDigestAt(local('2026-11-01 00:10', ny), ny); // the night clocks go back
    expect(after).toBe(local('2026-11-01 08:30', ny));
    expect(nextDigestAt(after, ny) - after).toBe(DAY);
    expect(nextDigestAt(local('2026-10-31 09:00', ny), ny) - local('2026-10-31 08:30', ny)).toBe(DAY + HOUR);
  });

  it('GIVEN the stored next run and now THEN it waits, sends, holds in quiet hours, or drops yesterday’s', () => {
    const due = local('2026-11-24 08:30');
    expect(digestDecision(due, due - 1000, TZ, false)).toBe('wait');
    expect(digestDecision(due, due, TZ, false)).toBe('send');
    expect(digestDecision(due, local('2026-11-24 21:00'), TZ, false)).toBe('send');
    expect(digestDecision(due, local('2026-11-24 23:00'), TZ, true)).toBe('hold');
    expect(digestDecision(due, local('2026-11-25 07:00'), TZ, false)).toBe('stale');
    expect(digestDecision(due, local('2026-11-25 09:00'), TZ, false)).toBe('send');
    expect(lastDigestAt(local('2026-11-25 07:00'), TZ)).toBe(due);
  });
});

describe('what the digest lists', () => {
  it('GIVEN overdue, due-today, later, resolved, closed and paused tickets THEN only overdue and due today are listed, most urgent first', async () => {
    const { h } = await setup();
    const now = local('2026-11-24 08:30');
    const late = await insertTicket(h, {
      filedAt: local('2026-11-24 07:00'),
      assigneeId: 'wxid_shifu_wang',
      respondedAt: local('2026-11-24 07:01'),
    });
    const older = await insertTicket(h, {
      filedAt: local('2026-11-23 20:00'),
      assigneeId: 'wxid_shifu_wang',
      respondedAt: local('2026-11-23 20:01'),
    });
    const unanswered = await insertTicket(h, { filedAt: local('2026-11-24 08:00'), ticketClass: 'complex' });
    const today = await insertTicket(h, {
      filedAt: local('2026-11-23 18:00'),
      ticketClass: 'complex',
      respondedAt: local('2026-11-23 18:02'),
      assigneeId: 'wxid_shifu_wang',
    });
    const tomorrow = await insertTicket(h, {
      filedAt: local('2026-11-24 08:20'),
      ticketClass: 'complex',
      respondedAt: local('2026-11-24 08:21'),
      assigneeId: 'wxid_shifu_wang',
    });
    const resolved = await insertTicket(h, {
      filedAt: local('2026-11-24 06:00'),
      respondedAt: local('2026-11-24 06:01'),
      resolvedAt: local('2026-11-24 06:40'),
    });
    const closed = await insertTicket(h, {
      filedAt: local('2026-11-24 06:00'),
      respondedAt: local('2026-11-24 06:01'),
      resolvedAt: local('2026-11-24 06:20'),
      closedAt: local('2026-11-24 06:30'),
    });
    const paused = await insertTicket(h, {
      filedAt: local('2026-11-24 08:00'),
      respondedAt: local('2026-11-24 08:01'),
      pausedAt: local('2026-11-24 08:10'),
    });
    const lists = digestLists([late, older, unanswered, today, tomorrow, resolved, closed, paused], now, TZ);
    expect(lists.overdue.map((t) => t.no)).toEqual([older.no, late.no, unanswered.no]);
    expect(lists.dueToday.map((t) => t.no)).toEqual([today.no]);
  });
});

describe('the 08:30 daily digest', () => {
  it('GIVEN an overdue and a due-today ticket THEN at 08:30 the staff group gets one list with managers @mentioned and the committee one copy', async () => {
    const { h, run } = await setup(local('2026-11-24 07:00'));
    await insertTicket(h, {
      filedAt: local('2026-11-24 06:00'),
      description: '3号楼门禁坏了',
      assigneeId: 'wxid_shifu_wang',
      respondedAt: local('2026-11-24 06:02'),
    });
    await insertTicket(h, {
      filedAt: local('2026-11-23 17:00'),
      ticketClass: 'complex',
      description: '外墙瓷砖脱落',
    });
    expect(await run(local('2026-11-24 07:00'))).toBe(0);
    expect(await run(local('2026-11-24 08:29'))).toBe(0);
    expect(await h.outboxSince()).toHaveLength(0);

    expect(await run(local('2026-11-24 08:30'))).toBe(2);
    const [staff, committee] = await h.outboxSince();
    expect(staff?.conversationId).toBe(STAFF);
    expect(staff?.mentionIds).toEqual(['wxid_shifu_wang']);
    expect(staff?.text).toBe(
      [
        '「阳光花园」每日工单 (11月24日 周二):',
        '已超时 2 件:',
        '#1 已超过解决时限 2小时: 3号楼门禁坏了 (王师傅)',
        '#2 已超过响应时限 15小时25分钟: 外墙瓷砖脱落 (无人接单)',
      ].join('\n'),
    );
    expect(committee?.conversationId).toBe(OWNERS);
    expect(committee?.text?.startsWith('业委会督办: 「阳光花园」每日工单 (11月24日 周二):')).toBe(true);
    expect(committee?.text).toContain('#2 已超过响应时限');
  });

  it('GIVEN a ticket due this evening THEN it is listed under 今天到期 with its local deadline', async () => {
    const { h, run } = await setup(local('2026-11-24 07:00'));
    await insertTicket(h, {
      filedAt: local('2026-11-23 18:00'),
      ticketClass: 'complex',
      description: '地下车库划线',
      assigneeId: 'wxid_shifu_wang',
      respondedAt: local('2026-11-23 18:03'),
    });
    await run(local('2026-11-24 07:00'));
    await run(local('2026-11-24 08:30'));
    const [staff] = await h.outboxSince();
    expect(staff?.text).toContain('今天到期 1 件:\n#1 18:00 前给出方案: 地下车库划线 (王师傅)');
    expect(staff?.text).not.toContain('已超时');
  });

  it('GIVEN the digest ran THEN running it again at the same minute, later that day or after a restart sends nothing more', async () => {
    const { h, run } = await setup(local('2026-11-24 07:00'));
    await insertTicket(h, { filedAt: local('2026-11-24 06:00') });
    await run(local('2026-11-24 07:00'));
    expect(await run(local('2026-11-24 08:30'))).toBe(2);
    expect(await run(local('2026-11-24 08:30'))).toBe(0);
    expect(await run(local('2026-11-24 08:31'))).toBe(0);
    expect(await run(local('2026-11-24 20:00'))).toBe(0);
    expect(await h.outboxSince()).toHaveLength(2);
    const stored = await h.handle.db
      .select()
      .from(scheduleRuns)
      .where(eq(scheduleRuns.name, DAILY_DIGEST))
      .get();
    expect(stored?.nextRunAt).toBe(local('2026-11-25 08:30'));
    expect(stored?.lastRunAt).toBe(local('2026-11-24 08:30'));
  });

  it('GIVEN the first tick that ever sees a compound falls at 08:30 sharp THEN that morning’s digest goes out, once', async () => {
    const { h, run } = await setup(local('2026-11-24 07:00'));
    await insertTicket(h, { filedAt: local('2026-11-24 06:00') });
    expect(await run(local('2026-11-24 08:30'))).toBe(2);
    expect(await run(local('2026-11-24 08:30'))).toBe(0);
    expect(await run(local('2026-11-24 08:31'))).toBe(0);
    const stored = await scheduleRunsOf(h.handle.db, DAILY_DIGEST);
    expect(stored.get(h.compoundId)).toMatchObject({
      nextRunAt: local('2026-11-25 08:30'),
      lastRunAt: local('2026-11-24 08:30'),
    });
  });

  it('GIVEN more new compounds at once than one statement binds THEN each gets its next 08:30, and none is sent early', async () => {
    const { h, run } = await setup(local('2026-11-24 07:00'));
    const ids = [h.compoundId];
    for (let i = 0; i < IDS_PER_STATEMENT + 20; i++)
      ids.push((await ensureCompound(h.handle.db, `小区${i + 1}`, h.now)).compound.id);
    expect(await run(local('2026-11-24 07:00'))).toBe(0);
    const stored = await scheduleRunsOf(h.handle.db, DAILY_DIGEST);
    expect([...stored.keys()].sort((a, b) => a - b)).toEqual(ids.sort((a, b) => a - b));
    expect(
      [...stored.values()].every((r) => r.nextRunAt === local('2026-11-24 08:30') && r.lastRunAt === null),
    ).toBe(true);
  }, 60_000);

  it('GIVEN the bot was down from 08:00 to 10:15 THEN the missed digest goes out once at 10:15, as of 10:15', async () => {
    const { h, run } = await setup(local('2026-11-24 07:00'));
    await insertTicket(h, {
      filedAt: local('2026-11-24 09:00'),
      assigneeId: 'wxid_shifu_wang',
      respondedAt: local('2026-11-24 09:01'),
    });
    await run(local('2026-11-24 08:00'));
    expect(await run(local('2026-11-24 10:15'))).toBe(2);
    expect((await h.outboxSince())[0]?.text).toContain('#1 已超过解决时限 45分钟');
    expect(await run(local('2026-11-24 10:16'))).toBe(0);
  });

  it('GIVEN the bot was down from yesterday 08:00 until 07:00 THEN yesterday’s digest is dropped and today’s goes at 08:30, once', async () => {
    const { h, run } = await setup(local('2026-11-23 07:00'));
    await insertTicket(h, { filedAt: local('2026-11-23 07:30') });
    await run(local('2026-11-23 08:00'));
    expect(await run(local('2026-11-24 07:00'))).toBe(0);
    expect(await run(local('2026-11-24 08:29'))).toBe(0);
    expect(await run(local('2026-11-24 08:30'))).toBe(2);
    expect((await h.outboxSince())[0]?.text).toContain('(11月24日 周二)');
    expect(await h.outboxSince()).toHaveLength(2);
  });

  it('GIVEN nothing is overdue or due today THEN nothing is posted, and the next day is still looked at', async () => {
    const { h, run } = await setup(local('2026-11-24 07:00'));
    const t = await insertTicket(h, {
      filedAt: local('2026-11-24 09:00'),
      ticketClass: 'complex',
      assigneeId: 'wxid_shifu_wang',
      respondedAt: local('2026-11-24 09:01'),
    });
    await run(local('2026-11-24 07:00'));
    expect(await run(local('2026-11-24 08:30'))).toBe(0);
    expect(await run(local('2026-11-25 08:30'))).toBe(2);
    expect((await h.outboxSince())[0]?.text).toContain(`今天到期 1 件:\n#${t.no} 09:00 前给出方案`);
  });

  it('GIVEN quiet hours that cover 08:30 THEN the digest waits for their end the same morning', async () => {
    const { h, run } = await setup(local('2026-11-24 07:00'));
    await putSetting(
      h.handle.db,
      {
        compoundId: h.compoundId,
        key: 'quietHours',
        value: encodeSetting('quietHours', { start: 22 * 60, end: 9 * 60 }),
        updatedBy: 'test',
      },
      h.now,
    );
    await insertTicket(h, { filedAt: local('2026-11-24 06:00') });
    await run(local('2026-11-24 07:00'));
    expect(await run(local('2026-11-24 08:30'))).toBe(0);
    expect(await run(local('2026-11-24 08:59'))).toBe(0);
    expect(await run(local('2026-11-24 09:00'))).toBe(2);
  });

  it('GIVEN more overdue tickets than fit THEN the list is cut with a count of the rest', async () => {
    const { h, run } = await setup(local('2026-11-24 07:00'));
    for (let i = 0; i < 33; i++) await insertTicket(h, { filedAt: local('2026-11-24 06:00') + i * MINUTE });
    await run(local('2026-11-24 07:00'));
    await run(local('2026-11-24 08:30'));
    const text = (await h.outboxSince())[0]?.text ?? '';
    expect(text).toContain('已超时 33 件:');
    expect(text).toContain('…另有 3 件');
    expect(text.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(30);
  });
});
