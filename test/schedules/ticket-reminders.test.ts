import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { encodeSetting, type SettingKey } from '../../core/settings/catalog.js';
import { planTicketReminders, reminderPointsOf } from '../../core/tickets/reminder-plan.js';
import { resumeClock } from '../../core/tickets/sla.js';
import { touchMember } from '../../db/people.js';
import { type Ticket, ticketEvents, tickets } from '../../db/schema.js';
import { ticketReminders } from '../../db/schema-schedules.js';
import { putSetting } from '../../db/settings.js';
import { openTicketsQuery } from '../../db/ticket-reminders.js';
import { runSchedule } from '../../schedules/runner.js';
import { ticketReminderSchedule } from '../../schedules/ticket-reminders.js';
import { type CommandHarness, createCommandHarness, type Reply } from '../support/command-harness.js';
import { testStore } from '../support/store.js';
import { HOUR, insertTicket, local, MINUTE, type TicketSeed, updateTicket } from './fixtures.js';

const TZ = 'Asia/Shanghai';
const STAFF = demoStaffRoom.id;
const OWNERS = demoOwnersRoom.id;
const SHIFU = 'wxid_shifu_wang';
const SECOND = 1000;
const POINTS = [50, 80];

/** 14:00 on a Monday: far from quiet hours. */
const T0 = local('2026-11-23 14:00');

async function setup(now = T0) {
  const h = await createCommandHarness({ now });
  const run = (at: number) =>
    runSchedule(h.handle.db, ticketReminderSchedule, at, { tz: TZ, publicUrl: 'http://localhost:8080' });
  return { h, run };
}

async function setSetting(h: CommandHarness, key: SettingKey, value: unknown): Promise<void> {
  await putSetting(
    h.handle.db,
    // biome-ignore lint/suspicious/noExplicitAny: the test passes values of each key's own type
    { compoundId: h.compoundId, key, value: encodeSetting(key, value as any), updatedBy: 'test' },
    h.now,
  );
}

/** A ticket the manager took the moment it was filed (responded, assigned). */
function taken(h: CommandHarness, seed: Partial<TicketSeed> = {}): Promise<Ticket> {
  const filedAt = seed.filedAt ?? T0;
  return insertTicket(h, { assigneeId: SHIFU, respondedAt: filedAt, ...seed, filedAt });
}

/** Runs the schedule every `step` from `from` to `to`; returns each message with the time it was queued. */
async function tickThrough(
  h: CommandHarness,
  run: (at: number) => Promise<number>,
  from: number,
  to: number,
  step = 5 * SECOND,
): Promise<(Reply & { at: number })[]> {
  const out: (Reply & { at: number })[] = [];
  for (let at = from; at <= to; at += step) {
    const before = await h.lastOutboxId();
    await run(at);
    for (const r of await h.outboxSince(before)) out.push({ ...r, at });
  }
  return out;
}

async function ticketRow(h: CommandHarness, id: number): Promise<Ticket> {
  const t = await h.handle.db.select().from(tickets).where(eq(tickets.id, id)).get();
  if (!t) throw new Error('no ticket');
  return t;
}

function eventsOf(h: CommandHarness, id: number, kind: Ticket['status'] | string) {
  return h.handle.db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, id), eq(ticketEvents.kind, kind as 'reminded')))
    .orderBy(asc(ticketEvents.id))
    .all();
}

describe('the reminder points of a ticket (pure)', () => {
  const base = {
    filedAt: 0,
    responseDueAt: 5 * MINUTE,
    solveDueAt: 30 * MINUTE,
    respondedAt: null,
    resolvedAt: null,
    closedAt: null,
    pausedAt: null,
    pausedMs: 0,
    escalatedAt: null,
    assigneeId: SHIFU,
  };

  it('GIVEN a general ticket assigned but not answered THEN points at 50%, 80% and breach of both windows and the escalation at twice the solve window', () => {
    expect(reminderPointsOf(base, POINTS).map((p) => [p.key, p.at / SECOND])).toEqual([
      ['response:50:300000', 150],
      ['response:80:300000', 240],
      ['response:100:300000', 300],
      ['solve:50:1800000', 900],
      ['solve:80:1800000', 1440],
      ['solve:100:1800000', 1800],
      ['escalate:200:1800000', 3600],
    ]);
  });

  it('GIVEN a response, a resolution, a pause or a close THEN the matching points disappear', () => {
    expect(reminderPointsOf({ ...base, respondedAt: 60 * SECOND }, POINTS).map((p) => p.seq)).not.toContain(
      'response',
    );
    expect(reminderPointsOf({ ...base, respondedAt: 1, resolvedAt: 2 }, POINTS)).toEqual([]);
    expect(reminderPointsOf({ ...base, pausedAt: MINUTE }, POINTS)).toEqual([]);
    expect(reminderPointsOf({ ...base, closedAt: MINUTE }, POINTS)).toEqual([]);
    expect(reminderPointsOf({ ...base, escalatedAt: MINUTE }, POINTS).map((p) => p.seq)).not.toContain(
      'escalate',
    );
  });

  it('GIVEN a pause of 10 minutes THEN the solve points move by it but keep their keys', () => {
    const resumed = { ...base, respondedAt: 1, pausedMs: 10 * MINUTE, solveDueAt: 40 * MINUTE };
    const solve = reminderPointsOf(resumed, POINTS).filter((p) => p.seq === 'solve');
    expect(solve.map((p) => [p.key, p.at / MINUTE])).toEqual([
      ['solve:50:1800000', 25],
      ['solve:80:1800000', 34],
      ['solve:100:1800000', 40],
    ]);
  });

  it('GIVEN the bot was down past several points THEN only the latest of each window is due and the rest skipped', () => {
    const plan = planTicketReminders(base, POINTS, new Set(), 31 * MINUTE);
    expect(plan.due.map((p) => p.key)).toEqual(['response:100:300000', 'solve:100:1800000']);
    expect(plan.skipped.map((p) => p.key).sort()).toEqual(
      ['response:50:300000', 'response:80:300000', 'solve:50:1800000', 'solve:80:1800000'].sort(),
    );
  });

  it('GIVEN a later point was dealt with THEN an earlier one (e.g. a point added in /设置) never comes back', () => {
    const plan = planTicketReminders(
      { ...base, respondedAt: 1 },
      [30, 50, 80],
      new Set(['solve:50:1800000']),
      20 * MINUTE,
    );
    expect(plan.due).toEqual([]);
    expect(plan.skipped).toEqual([]);
  });

  it('GIVEN nobody took the ticket THEN the response points before the breach are skipped and the breach is due', () => {
    const early = planTicketReminders({ ...base, assigneeId: null }, POINTS, new Set(), 4 * MINUTE);
    expect(early.due).toEqual([]);
    expect(early.skipped.map((p) => p.key)).toEqual(['response:50:300000', 'response:80:300000']);
    const late = planTicketReminders(
      { ...base, assigneeId: null },
      POINTS,
      new Set(early.skipped.map((p) => p.key)),
      5 * MINUTE,
    );
    expect(late.due.map((p) => p.key)).toEqual(['response:100:300000']);
  });

  it('GIVEN the escalation and a solve ping are due together THEN the escalation supersedes the ping', () => {
    const plan = planTicketReminders({ ...base, respondedAt: 1 }, POINTS, new Set(), 61 * MINUTE);
    expect(plan.due.map((p) => p.key)).toEqual(['escalate:200:1800000']);
    expect(plan.skipped.map((p) => p.key)).toContain('solve:100:1800000');
  });
});

describe('deadline pings of a running ticket', () => {
  it('GIVEN a general ticket taken at once THEN its manager is pinged at 50%, 80% and the breach, once each, in the staff group', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    const sent = (await tickThrough(h, run, T0, T0 + 59 * MINUTE)).filter((m) => m.conversationId === STAFF);
    expect(sent.map((m) => [(m.at - T0) / SECOND, m.text?.split('\n')[0]])).toEqual([
      [15 * 60, '#1 还剩 15分钟解决 (14:30 前): 楼道灯坏了'],
      [24 * 60, '#1 还剩 6分钟解决 (14:30 前): 楼道灯坏了'],
      [30 * 60, '#1 已超过解决时限 (14:30): 楼道灯坏了'],
    ]);
    for (const m of sent) expect(m.mentionIds).toEqual([SHIFU]);
    expect(sent[1]?.dedupeKey).toBe(`remind:${t.id}:solve:80:${t.solveDueAt}`);
    expect(sent[2]?.text).toContain('超过 2 倍时限 (15:00) 将自动吹哨到社区。');
  });

  it('GIVEN the solve breach THEN the committee gets one line naming the ticket and the person responsible', async () => {
    const { h, run } = await setup();
    await taken(h);
    const sent = (await tickThrough(h, run, T0, T0 + 59 * MINUTE)).filter((m) => m.conversationId === OWNERS);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.at).toBe(T0 + 30 * MINUTE);
    expect(sent[0]?.text).toBe(
      '业委会督办: #1 已超过解决时限 (14:30): 楼道灯坏了 (负责人 王师傅)。15:00 前仍未解决将自动吹哨到社区。',
    );
  });

  it('GIVEN a ticket assigned by 派单 but not answered THEN the assignee is reminded of the response window too', async () => {
    const { h, run } = await setup();
    await insertTicket(h, { filedAt: T0, assigneeId: SHIFU });
    const sent = await tickThrough(h, run, T0, T0 + 6 * MINUTE);
    expect(sent.map((m) => [(m.at - T0) / SECOND, m.text])).toEqual([
      [150, '#1 还剩 3分钟响应 (14:05 前): 楼道灯坏了\n到场后请发 /到场 #1。'],
      [240, '#1 还剩 1分钟响应 (14:05 前): 楼道灯坏了\n到场后请发 /到场 #1。'],
      [300, '#1 已超过响应时限 (14:05): 楼道灯坏了\n到场后请发 /到场 #1。'],
    ]);
  });

  it('GIVEN nobody took the ticket THEN all managers are pinged once when the response window is over, not before', async () => {
    const { h, run } = await setup();
    await h.say('wxid_admin_liu', '/角色 @李四 物业', { mentions: ['wxid_lisi'] });
    // Only members of the staff group are @mentioned there (see the next test).
    await touchMember(h.handle.db, STAFF, 'wxid_lisi', h.now);
    const before = await h.lastOutboxId();
    await insertTicket(h, { filedAt: T0 });
    const sent = (await tickThrough(h, run, T0, T0 + 10 * MINUTE)).filter((m) =>
      m.dedupeKey?.startsWith('remind:'),
    );
    expect((await h.outboxSince(before)).length).toBe(sent.length);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.at).toBe(T0 + 5 * MINUTE);
    expect(new Set(sent[0]?.mentionIds)).toEqual(new Set([SHIFU, 'wxid_lisi']));
    expect(sent[0]?.text).toBe('#1 已超过响应时限 (14:05), 仍无人接单: 楼道灯坏了\n请物业发 /接单 #1。');
  });

  it('GIVEN a manager who is not in the staff group THEN the ping names him there without @mentioning him', async () => {
    const { h, run } = await setup();
    await h.say('wxid_admin_liu', '/角色 @李四 物业', { mentions: ['wxid_lisi'] });
    await insertTicket(h, { filedAt: T0 });
    const sent = (await tickThrough(h, run, T0, T0 + 5 * MINUTE)).filter((m) =>
      m.dedupeKey?.startsWith('remind:'),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.mentionIds).toEqual([SHIFU]);
    expect(sent[0]?.text).toBe(
      '#1 已超过响应时限 (14:05), 仍无人接单: 楼道灯坏了\n请物业发 /接单 #1。\n另请转告 (不在本群): 李四',
    );
  });

  it('GIVEN the ticket is still unassigned at the solve points THEN those pings go to all managers', async () => {
    const { h, run } = await setup();
    await insertTicket(h, { filedAt: T0 });
    const sent = await tickThrough(h, run, T0, T0 + 16 * MINUTE, 30 * SECOND);
    expect(sent.at(-1)?.text?.startsWith('#1 还剩 15分钟解决')).toBe(true);
    expect(sent.at(-1)?.mentionIds).toEqual([SHIFU]);
  });

  it('GIVEN each ping to the assignee THEN a reminded event keeps /进度 telling who was reminded of what', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    await tickThrough(h, run, T0, T0 + 25 * MINUTE, 30 * SECOND);
    expect((await eventsOf(h, t.id, 'reminded')).map((e) => [e.actorId, e.note])).toEqual([
      ['system', '提醒王师傅: 还剩 15分钟解决 (14:30 前)'],
      ['system', '提醒王师傅: 还剩 6分钟解决 (14:30 前)'],
    ]);
  });

  it('GIVEN a major ticket THEN its points follow the 4-hour window', async () => {
    const { h, run } = await setup();
    await taken(h, { ticketClass: 'major', description: '地下室漏水' });
    const sent = (await tickThrough(h, run, T0, T0 + 4 * HOUR, MINUTE)).filter(
      (m) => m.conversationId === STAFF,
    );
    expect(sent.map((m) => [(m.at - T0) / MINUTE, m.text?.split('\n')[0]])).toEqual([
      [120, '【重大】#1 还剩 2小时解决 (18:00 前): 地下室漏水'],
      [192, '【重大】#1 还剩 48分钟解决 (18:00 前): 地下室漏水'],
      [240, '【重大】#1 已超过解决时限 (18:00): 地下室漏水'],
    ]);
  });

  it('GIVEN a complex ticket THEN the pings ask for the plan (给出方案)', async () => {
    const { h, run } = await setup();
    await setSetting(h, 'quietHours', null);
    await taken(h, { ticketClass: 'complex', description: '外墙瓷砖脱落' });
    const sent = await tickThrough(h, run, T0, T0 + 12 * HOUR, 10 * MINUTE);
    expect(sent[0]?.text?.split('\n')[0]).toBe('#1 还剩 12小时给出方案 (14:00 前): 外墙瓷砖脱落');
  });

  it('GIVEN reminder points set to 30% 60% 90% THEN those points ping instead', async () => {
    const { h, run } = await setup();
    await setSetting(h, 'reminders', [30, 60, 90]);
    await taken(h);
    const sent = await tickThrough(h, run, T0, T0 + 29 * MINUTE, 30 * SECOND);
    expect(sent.map((m) => (m.at - T0) / MINUTE)).toEqual([9, 18, 27]);
  });
});

describe('pauses', () => {
  it('GIVEN a ticket paused before its first point THEN nothing pings while paused and the points come later by the pause', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    await tickThrough(h, run, T0, T0 + 10 * MINUTE, 30 * SECOND);
    await updateTicket(h, t.id, { pausedAt: T0 + 10 * MINUTE, pauseReason: '等业主回家' });
    expect(await tickThrough(h, run, T0 + 10 * MINUTE, T0 + 50 * MINUTE, 30 * SECOND)).toEqual([]);
    const paused = await ticketRow(h, t.id);
    await updateTicket(h, t.id, {
      pausedAt: null,
      pauseReason: null,
      ...resumeClock(paused, T0 + 50 * MINUTE),
    });
    const sent = (await tickThrough(h, run, T0 + 50 * MINUTE, T0 + 71 * MINUTE, 30 * SECOND)).filter(
      (m) => m.conversationId === STAFF,
    );
    expect(sent.map((m) => [(m.at - T0) / MINUTE, m.text?.split('\n')[0]])).toEqual([
      [55, '#1 还剩 15分钟解决 (15:10 前): 楼道灯坏了'],
      [64, '#1 还剩 6分钟解决 (15:10 前): 楼道灯坏了'],
      [70, '#1 已超过解决时限 (15:10): 楼道灯坏了'],
    ]);
  });

  it('GIVEN a pause after the 50% ping THEN the 50% ping is not repeated after /继续, and 80% comes when the clock reaches it', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    expect(await tickThrough(h, run, T0, T0 + 20 * MINUTE, 30 * SECOND)).toHaveLength(1);
    await updateTicket(h, t.id, { pausedAt: T0 + 20 * MINUTE });
    await tickThrough(h, run, T0 + 20 * MINUTE, T0 + 30 * MINUTE, 30 * SECOND);
    await updateTicket(h, t.id, {
      pausedAt: null,
      ...resumeClock(await ticketRow(h, t.id), T0 + 30 * MINUTE),
    });
    const sent = await tickThrough(h, run, T0 + 30 * MINUTE, T0 + 35 * MINUTE, 30 * SECOND);
    expect(sent.map((m) => [(m.at - T0) / MINUTE, m.text?.split('\n')[0]])).toEqual([
      [34, '#1 还剩 6分钟解决 (14:40 前): 楼道灯坏了'],
    ]);
  });
});

describe('breach, escalation and closing', () => {
  it('GIVEN twice the solve window passes unresolved THEN the ticket escalates by itself, once, as the system', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    await tickThrough(h, run, T0, T0 + 59 * MINUTE, MINUTE);
    expect((await ticketRow(h, t.id)).escalatedAt).toBeNull();
    await run(T0 + 60 * MINUTE);
    await run(T0 + 60 * MINUTE);
    await tickThrough(h, run, T0 + 61 * MINUTE, T0 + 3 * HOUR, MINUTE);
    expect((await ticketRow(h, t.id)).escalatedAt).toBe(T0 + 60 * MINUTE);
    const escalated = await eventsOf(h, t.id, 'escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]?.actorId).toBe('system');
  });

  it('GIVEN someone already blew the whistle (吹哨) THEN the schedule does not escalate again', async () => {
    const { h, run } = await setup();
    const t = await taken(h, { escalatedAt: T0 + 10 * MINUTE });
    await tickThrough(h, run, T0, T0 + 2 * HOUR, MINUTE);
    expect(await eventsOf(h, t.id, 'escalated')).toHaveLength(0);
    expect((await ticketRow(h, t.id)).escalatedAt).toBe(T0 + 10 * MINUTE);
  });

  it('GIVEN the ticket was resolved before the breach THEN no breach ping and no committee line', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    await tickThrough(h, run, T0, T0 + 25 * MINUTE, MINUTE);
    await updateTicket(h, t.id, { resolvedAt: T0 + 25 * MINUTE, status: 'resolved' });
    expect(await tickThrough(h, run, T0 + 25 * MINUTE, T0 + 3 * HOUR, MINUTE)).toEqual([]);
  });

  it('GIVEN the ticket was closed while the bot was down THEN nothing is sent about it when the bot is back', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    await tickThrough(h, run, T0, T0 + 16 * MINUTE, MINUTE);
    await updateTicket(h, t.id, {
      resolvedAt: T0 + 20 * MINUTE,
      closedAt: T0 + 22 * MINUTE,
      status: 'closed',
    });
    const before = await h.lastOutboxId();
    await run(T0 + 2 * HOUR);
    expect(await h.outboxSince(before)).toEqual([]);
    expect((await ticketRow(h, t.id)).escalatedAt).toBeNull();
  });

  it('GIVEN /改 turns a general ticket major after its 50% ping THEN the new 4-hour window pings on its own points, not at once', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    await tickThrough(h, run, T0, T0 + 20 * MINUTE, MINUTE);
    await updateTicket(h, t.id, { ticketClass: 'major', solveDueAt: T0 + 4 * HOUR });
    const sent = await tickThrough(h, run, T0 + 20 * MINUTE, T0 + 3 * HOUR, MINUTE);
    expect(sent.map((m) => [(m.at - T0) / MINUTE, m.text?.split('\n')[0]])).toEqual([
      [120, '【重大】#1 还剩 2小时解决 (18:00 前): 楼道灯坏了'],
    ]);
  });
});

describe('catch-up after downtime, and no duplicates', () => {
  it('GIVEN the bot was down from minute 1 to minute 31 THEN it sends only the breach (and the committee line), not 50% and 80%', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    await run(T0 + MINUTE);
    const before = await h.lastOutboxId();
    await run(T0 + 31 * MINUTE);
    const sent = await h.outboxSince(before);
    expect(sent.map((m) => [m.conversationId, m.text?.split('\n')[0]])).toEqual([
      [STAFF, '#1 已超过解决时限 (14:30), 已超时 1分钟: 楼道灯坏了'],
      [
        OWNERS,
        '业委会督办: #1 已超过解决时限 (14:30): 楼道灯坏了 (负责人 王师傅)。15:00 前仍未解决将自动吹哨到社区。',
      ],
    ]);
    const markers = await h.handle.db
      .select()
      .from(ticketReminders)
      .where(eq(ticketReminders.ticketId, t.id))
      .all();
    expect(Object.fromEntries(markers.map((m) => [m.key, m.outcome]))).toEqual({
      'solve:50:1800000': 'skipped',
      'solve:80:1800000': 'skipped',
      'solve:100:1800000': 'sent',
    });
  });

  it('GIVEN the bot was down between the 50% and the 80% point THEN the 80% ping comes once on return, the 50% not again', async () => {
    const { h, run } = await setup();
    await taken(h);
    await tickThrough(h, run, T0, T0 + 16 * MINUTE, MINUTE);
    const before = await h.lastOutboxId();
    await tickThrough(h, run, T0 + 26 * MINUTE, T0 + 29 * MINUTE, 5 * SECOND);
    expect((await h.outboxSince(before)).map((m) => m.text?.split('\n')[0])).toEqual([
      '#1 还剩 4分钟解决 (14:30 前): 楼道灯坏了',
    ]);
  });

  it('GIVEN the bot was down for hours past twice the window THEN it escalates once and pings nothing else', async () => {
    const { h, run } = await setup();
    const t = await taken(h);
    await run(T0 + MINUTE);
    const before = await h.lastOutboxId();
    await run(T0 + 5 * HOUR);
    await run(T0 + 5 * HOUR + 5 * SECOND);
    expect((await ticketRow(h, t.id)).escalatedAt).toBe(T0 + 5 * HOUR);
    expect((await h.outboxSince(before)).every((m) => !m.dedupeKey?.startsWith('remind:'))).toBe(true);
  });

  it('GIVEN the same tick runs twice, or a restarted bot runs it again THEN nothing is queued twice', async () => {
    const { h, run } = await setup();
    await taken(h);
    await taken(h, { filedAt: T0 + 2 * MINUTE, description: '电梯按钮失灵' });
    const first = await tickThrough(h, run, T0, T0 + 40 * MINUTE, 5 * SECOND);
    const again = await tickThrough(h, run, T0, T0 + 40 * MINUTE, 5 * SECOND);
    expect(first.length).toBe(8);
    expect(again).toEqual([]);
    const keys = (await h.outboxSince()).map((m) => m.dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('quiet hours', () => {
  it('GIVEN a general ticket filed at 21:50 with a 30-minute window THEN its night pings are held until 07:00 and go out as one digest', async () => {
    const start = local('2026-11-23 21:50');
    const { h, run } = await setup(start);
    const t = await taken(h, { filedAt: start });
    const night = await tickThrough(h, run, start, local('2026-11-24 06:59'), MINUTE);
    expect(night).toEqual([]);
    expect((await ticketRow(h, t.id)).escalatedAt).toBeNull();
    const morning = await tickThrough(h, run, local('2026-11-24 07:00'), local('2026-11-24 08:00'), MINUTE);
    const staff = morning.filter(
      (m) => m.conversationId === STAFF && m.dedupeKey?.startsWith('quiet-digest'),
    );
    expect(staff).toHaveLength(1);
    expect(staff[0]?.at).toBe(local('2026-11-24 07:00'));
    expect(staff[0]?.mentionIds).toEqual([SHIFU]);
    expect(staff[0]?.text).toBe(
      [
        '免打扰时段 (22:00-07:00) 内到点的工单提醒, 共 1 件:',
        '#1 已超过解决时限 8小时40分钟, 已吹哨到社区: 楼道灯坏了 (王师傅)',
      ].join('\n'),
    );
    const committee = morning.filter(
      (m) => m.conversationId === OWNERS && m.dedupeKey?.startsWith('quiet-digest'),
    );
    expect(committee).toHaveLength(1);
    expect(committee[0]?.text).toContain('#1 已超过解决时限 8小时40分钟');
    expect((await ticketRow(h, t.id)).escalatedAt).toBe(local('2026-11-24 07:00'));
  });

  it('GIVEN several general tickets pinging through the night THEN the morning brings one message listing each once', async () => {
    const start = local('2026-11-23 22:10');
    const { h, run } = await setup(start);
    await taken(h, { filedAt: start });
    await taken(h, { filedAt: start + 20 * MINUTE, description: '垃圾桶满了' });
    await taken(h, { filedAt: local('2026-11-24 05:00'), ticketClass: 'complex', description: '停车位规划' });
    const sent = await tickThrough(h, run, start, local('2026-11-24 07:30'), MINUTE);
    const staff = sent.filter((m) => m.conversationId === STAFF && m.dedupeKey?.startsWith('quiet-digest'));
    expect(staff).toHaveLength(1);
    const lines = staff[0]?.text?.split('\n') ?? [];
    expect(lines[0]).toBe('免打扰时段 (22:00-07:00) 内到点的工单提醒, 共 2 件:');
    expect(lines.filter((l) => l.startsWith('#1 '))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('#2 '))).toHaveLength(1);
  });

  it('GIVEN a major ticket filed at 23:00 THEN it pings at once in the night', async () => {
    const start = local('2026-11-23 23:00');
    const { h, run } = await setup(start);
    await taken(h, { filedAt: start, ticketClass: 'major', description: '燃气味很重' });
    const sent = await tickThrough(h, run, start, local('2026-11-24 01:00'), MINUTE);
    expect(sent.map((m) => [m.at, m.text?.split('\n')[0]])).toEqual([
      [local('2026-11-24 01:00'), '【重大】#1 还剩 2小时解决 (03:00 前): 燃气味很重'],
    ]);
  });

  it('GIVEN a held ticket is resolved before 07:00 THEN the morning digest leaves it out (and says nothing if nothing is left)', async () => {
    const start = local('2026-11-23 21:50');
    const { h, run } = await setup(start);
    const t = await taken(h, { filedAt: start });
    await tickThrough(h, run, start, local('2026-11-24 06:00'), 5 * MINUTE);
    await updateTicket(h, t.id, { resolvedAt: local('2026-11-24 06:00'), status: 'resolved' });
    expect(await tickThrough(h, run, local('2026-11-24 06:00'), local('2026-11-24 08:00'), MINUTE)).toEqual(
      [],
    );
    const outcomes = (await h.handle.db.select().from(ticketReminders).all()).map((m) => m.outcome);
    expect(outcomes.filter((o) => o === 'held')).toEqual([]);
    expect(outcomes).toContain('dropped');
  });

  it('GIVEN quiet hours are turned off (/设置 免打扰 关) THEN night pings go out as they fall due', async () => {
    const start = local('2026-11-23 21:50');
    const { h, run } = await setup(start);
    await setSetting(h, 'quietHours', null);
    await taken(h, { filedAt: start });
    const sent = await tickThrough(h, run, start, local('2026-11-23 22:15'), MINUTE);
    expect(sent.map((m) => m.at)).toEqual([local('2026-11-23 22:05'), local('2026-11-23 22:14')]);
  });

  it('GIVEN the bot comes back at 23:00 from a downtime THEN what fell due waits for the morning digest', async () => {
    const start = local('2026-11-23 20:00');
    const { h, run } = await setup(start);
    await taken(h, { filedAt: local('2026-11-23 21:40') });
    await run(start);
    expect(await run(local('2026-11-23 23:00'))).toBe(0);
    expect(await run(local('2026-11-24 07:00'))).toBeGreaterThanOrEqual(1);
  });
});

describe('the due-work query', () => {
  it('GIVEN long-closed and long-overdue tickets THEN the run does not even load them', async () => {
    const { h } = await setup();
    const old = await taken(h, { filedAt: T0 - 90 * 24 * HOUR });
    const closed = await taken(h, {
      filedAt: T0 - HOUR,
      resolvedAt: T0 - 50 * MINUTE,
      closedAt: T0 - 40 * MINUTE,
    });
    const live = await taken(h, { filedAt: T0 });
    const ids = (await openTicketsQuery(h.handle.db, T0).all()).map((t) => t.id);
    expect(ids).toEqual([live.id]);
    expect(ids).not.toContain(old.id);
    expect(ids).not.toContain(closed.id);
  });
});

// SQLite only: the plan is SQLite's EXPLAIN QUERY PLAN (PostgreSQL scans a table this small whatever its indexes).
describe.runIf(testStore === 'sqlite')('the due-work query on the SQLite planner', () => {
  it('GIVEN the SQLite planner THEN the open-ticket scan is a range on the partial index of open tickets', async () => {
    const { h } = await setup();
    const sqlite = h.handle.sqlite;
    if (sqlite === null) throw new Error('a SQLite store has its connection');
    const q = openTicketsQuery(h.handle.db, T0).toSQL();
    const plan = sqlite
      .prepare(`explain query plan ${q.sql}`)
      .all(...q.params)
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
    expect(plan).toContain('tickets_open_idx');
    expect(plan).toContain('solve_due_at>?');
  });
});
