/**
 * The agenda of the four-party joint meeting (SPEC "Communities and streets"): the pure function
 * that makes a compound's agenda at a time t, and the schedule that posts it one day before and
 * at the start to each compound's committee and staff groups, once across re-runs and restarts.
 */
import { like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agendaText, gatherAgenda } from '../../core/areas/agenda.js';
import { latestNotice } from '../../db/affairs.js';
import { areaByName } from '../../db/areas.js';
import { compoundByName } from '../../db/compounds.js';
import { meetingById, upcomingMeeting } from '../../db/meetings.js';
import { type Compound, outbox } from '../../db/schema.js';
import { affairItems } from '../../db/schema-affairs.js';
import type { Meeting } from '../../db/schema-meetings.js';
import { addTicketEvent } from '../../db/tickets.js';
import { runAffairsNotices } from '../../schedules/affairs-notices.js';
import { meetingAgendaSchedule } from '../../schedules/meeting-agenda.js';
import { createScheduleRunner, runSchedule } from '../../schedules/runner.js';
import {
  AREA_ADMIN,
  type AreaCompound,
  areaName,
  areaPeople,
  communityRoom,
  fenglin,
  seedStreet,
  xingfu,
} from '../support/areas.js';
import { type CommandHarness, createCommandHarness, type Reply } from '../support/command-harness.js';
import { DAY, HOUR, insertTicket, local, MINUTE, updateTicket } from './fixtures.js';

const TZ = 'Asia/Shanghai';
const SECRETARY = areaPeople.secretary.id;
const as = (id: string, room: { id: string; topic: string }) => ({ room, name: areaName(id) });
const SUNSHINE_OWNERS = 'sunshine-owners@chatroom';
const SUNSHINE_STAFF = 'sunshine-staff@chatroom';

/** The meeting of these tests: Thursday 26 November 15:00; the agenda of the day before is due Wednesday 15:00. */
const MEETING = local('2026-11-26 15:00');
const EVE = MEETING - DAY;

async function compoundOf(h: CommandHarness, c: AreaCompound): Promise<Compound> {
  const found = await compoundByName(h.handle.db, c.name);
  if (!found) throw new Error(`no ${c.name}`);
  return found;
}

/**
 * Tickets of every kind the agenda lists, numbered as noted, in a compound; the description
 * starts with `word`, so one compound's lines are told from another's.
 */
async function seedTickets(h: CommandHarness, c: AreaCompound, word: string): Promise<void> {
  const compoundId = (await compoundOf(h, c)).id;
  const worked = (filedAt: number) => ({ assigneeId: c.manager, respondedAt: filedAt + 3 * MINUTE });
  // #1 complex, escalated on Saturday, still open.
  await insertTicket(h, {
    compoundId,
    filedAt: local('2026-11-20 10:00'),
    description: `${word}地下车库渗水`,
    ticketClass: 'complex',
    escalatedAt: local('2026-11-21 09:00'),
    ...worked(local('2026-11-20 10:00')),
  });
  // #2 past its 30-minute solve deadline since Wednesday 10:30.
  await insertTicket(h, {
    compoundId,
    filedAt: local('2026-11-25 10:00'),
    description: `${word}楼道灯不亮`,
    ...worked(local('2026-11-25 10:00')),
  });
  // #3 closed on Sunday, rated 1.
  const rated = await insertTicket(h, {
    compoundId,
    filedAt: local('2026-11-22 08:00'),
    description: `${word}垃圾没人清`,
    resolvedAt: local('2026-11-22 08:20'),
    closedAt: local('2026-11-22 09:00'),
  });
  await updateTicket(h, rated.id, { score: 1, feedback: '第二天又堆满了' });
  // #4 重大, filed Wednesday 14:00 with 4 hours to solve: open, not late at 15:00.
  await insertTicket(h, {
    compoundId,
    filedAt: local('2026-11-25 14:00'),
    description: `${word}3号楼电梯停运`,
    ticketClass: 'major',
    ...worked(local('2026-11-25 14:00')),
  });
  // #5 solved on time and rated 5: not on the agenda.
  const good = await insertTicket(h, {
    compoundId,
    filedAt: local('2026-11-24 10:00'),
    description: `${word}门禁坏了`,
    resolvedAt: local('2026-11-24 10:20'),
    closedAt: local('2026-11-24 11:00'),
  });
  await updateTicket(h, good.id, { score: 5 });
  // #6 rated 2 in early October, before the month the first meeting looks back on.
  const old = await insertTicket(h, {
    compoundId,
    filedAt: local('2026-10-01 08:00'),
    description: `${word}十月的旧事`,
    resolvedAt: local('2026-10-01 08:20'),
    closedAt: local('2026-10-01 09:00'),
  });
  await updateTicket(h, old.id, { score: 2 });
  // #7 重大, late and escalated, handed back by the community with a decision: listed once, as escalated.
  const all = await insertTicket(h, {
    compoundId,
    filedAt: local('2026-11-24 08:00'),
    description: `${word}燃气味`,
    ticketClass: 'major',
    escalatedAt: local('2026-11-24 16:00'),
    ...worked(local('2026-11-24 08:00')),
  });
  await addTicketEvent(h.handle.db, {
    ticketId: all.id,
    kind: 'handed_back',
    actorId: SECRETARY,
    at: local('2026-11-24 17:00'),
    note: '燃气公司明天上门',
  });
}

async function communityId(h: CommandHarness): Promise<number> {
  const community = await areaByName(h.handle.db, 'community', '文苑社区');
  if (!community) throw new Error('no community');
  return community.id;
}

/** The street with tickets of every kind in 幸福小区 and 枫林小区, items of both committees and a 重大 vote in 幸福小区. */
async function street(now = local('2026-11-23 10:00')) {
  const h = await createCommandHarness({ admins: [AREA_ADMIN], now });
  await seedStreet(h);
  await seedTickets(h, xingfu, '幸福');
  await seedTickets(h, fenglin, '枫林');
  const committee = (c: AreaCompound) => as(c.committeeMember, c.committee);
  await h.say(xingfu.committeeMember, '/议题 地下车库渗水两个月未修好, 请社区协调', committee(xingfu));
  await h.say(fenglin.committeeMember, '/议题 枫林的停车收费', committee(fenglin));
  await h.say(
    xingfu.committeeMember,
    '/表决 使用维修资金更换3号楼电梯 重大 截止 12月15日',
    as(xingfu.committeeMember, xingfu.owners),
  );
  const run = (at: number) =>
    runSchedule(h.handle.db, meetingAgendaSchedule, at, { tz: TZ, publicUrl: 'http://localhost:8080' });
  return { h, run };
}

/** Calls the meeting of these tests (or another time) in the community group. */
async function callMeeting(h: CommandHarness, text = '2026-11-26 15:00 社区会议室'): Promise<Meeting> {
  const { result } = await h.say(SECRETARY, `/联席会议 ${text}`, as(SECRETARY, communityRoom));
  expect(result.status).toBe('ok');
  const meeting = await upcomingMeeting(h.handle.db, await communityId(h), h.now);
  if (!meeting) throw new Error('no meeting');
  return meeting;
}

const XINGFU_EVE = [
  '【四方联席会议 议程】幸福小区',
  '会议: 11月26日 (周四) 15:00, 地点: 社区会议室',
  '一、吹哨上报社区、未结单 (2)',
  '#1 11月21日 09:00 吹哨: 幸福地下车库渗水',
  '【重大】#7 11月24日 16:00 吹哨, 社区已交回小区办理: 幸福燃气味',
  '二、超过解决时限 (1)',
  '#2 已超时 4小时30分钟: 幸福楼道灯不亮',
  '三、业主评分 1–2 分 (1)',
  '#3 1分「第二天又堆满了」: 幸福垃圾没人清',
  '四、重大事项 (2)',
  '【重大】#4 已接单: 幸福3号楼电梯停运',
  '表决 #1「使用维修资金更换3号楼电梯」(重大事项), 12月15日 (周二) 23:59 截止',
  '五、业委会议题 (1)',
  '1. 地下车库渗水两个月未修好, 请社区协调 (幸福业委会老钱)',
  '业委会还可以发 /议题 <内容> 补充议题; 会议开始时会再发一次最新议程。',
].join('\n');

const SUNSHINE_EVE = [
  '【四方联席会议 议程】阳光花园',
  '会议: 11月26日 (周四) 15:00, 地点: 社区会议室',
  '本小区暂无吹哨、超时、差评或重大事项, 也没有业委会议题。',
  '业委会还可以发 /议题 <内容> 补充议题; 会议开始时会再发一次最新议程。',
].join('\n');

function agendaRows(rows: readonly Reply[]): Reply[] {
  return rows.filter((r) => r.dedupeKey?.startsWith('meeting-agenda:'));
}

async function allAgendaRows(h: CommandHarness): Promise<number> {
  return (
    await h.handle.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(like(outbox.dedupeKey, 'meeting-agenda:%'))
      .all()
  ).length;
}

describe('the agenda of one compound at a time t (core/areas/agenda.ts)', () => {
  it('GIVEN tickets of every kind in 幸福小区 and in 枫林小区 THEN 幸福小区’s agenda one day before lists each of its own once, in its section, and nothing of 枫林小区', async () => {
    const { h } = await street();
    const meeting = await callMeeting(h);
    const agenda = await gatherAgenda(h.handle.db, await compoundOf(h, xingfu), meeting, EVE);
    expect(agenda.escalated.map((e) => e.ticket.no)).toEqual([1, 7]);
    expect(agenda.overdue.map((t) => t.no)).toEqual([2]);
    expect(agenda.lowRated.map((t) => t.no)).toEqual([3]);
    expect(agenda.majorTickets.map((t) => t.no)).toEqual([4]);
    expect(agenda.majorVotes.map((p) => p.no)).toEqual([1]);
    expect(agenda.topics.map((t) => t.text)).toEqual(['地下车库渗水两个月未修好, 请社区协调']);
    const text = agendaText(agenda, 'eve', TZ, EVE);
    expect(text).toBe(XINGFU_EVE);
    expect(text).not.toContain('枫林');
  });

  it('GIVEN the same store THEN the agenda is a function of t: #4 is late only after 18:00, and gathering writes nothing', async () => {
    const { h } = await street();
    const meeting = await callMeeting(h);
    const compound = await compoundOf(h, xingfu);
    const before = await h.lastOutboxId();
    const at = (t: number) => gatherAgenda(h.handle.db, compound, meeting, t);
    expect(await at(EVE)).toEqual(await at(EVE));
    const late = await at(local('2026-11-25 18:30'));
    expect(late.overdue.map((t) => t.no)).toEqual([2, 4]);
    expect(late.majorTickets).toEqual([]);
    expect(agendaText(late, 'eve', TZ, late.at)).toContain('【重大】#4 已超时 30分钟: 幸福3号楼电梯停运');
    // Before #2 was filed and #7 escalated, neither is there.
    const monday = await at(local('2026-11-23 12:00'));
    expect(monday.escalated.map((e) => e.ticket.no)).toEqual([1]);
    expect(monday.overdue).toEqual([]);
    expect(await h.lastOutboxId()).toBe(before);
  });

  it('GIVEN the community held a meeting before THEN a ticket rated 1–2 before it is not listed again', async () => {
    const { h, run } = await street(local('2026-11-20 10:00'));
    await callMeeting(h, '2026-11-20 16:00 社区会议室');
    await run(local('2026-11-20 16:00'));
    h.setNow(local('2026-11-23 10:00'));
    const meeting = await callMeeting(h);
    const compound = await compoundOf(h, xingfu);
    const rated = await insertTicket(h, {
      compoundId: compound.id,
      filedAt: local('2026-11-19 08:00'),
      description: '幸福上周的差评',
      resolvedAt: local('2026-11-19 08:20'),
      closedAt: local('2026-11-19 09:00'),
    });
    await updateTicket(h, rated.id, { score: 2 });
    const agenda = await gatherAgenda(h.handle.db, compound, meeting, EVE);
    expect(agenda.lowRated.map((t) => t.no)).toEqual([3]);
  });
});

describe('the agenda schedule (schedules/meeting-agenda.ts)', () => {
  it('GIVEN a meeting on Thursday 15:00 THEN on Wednesday 15:00 each compound’s agenda goes to its committee and staff groups, once, whoever runs the schedule how often', async () => {
    const { h, run } = await street();
    await callMeeting(h);
    const before = await h.lastOutboxId();
    expect(await run(EVE - MINUTE)).toBe(0);
    expect(await run(EVE)).toBe(6);
    const rows = await h.outboxSince(before);
    expect(rows.map((r) => r.conversationId)).toEqual([
      xingfu.committee.id,
      xingfu.staff.id,
      fenglin.committee.id,
      fenglin.staff.id,
      // 阳光花园 has no committee group: its committee's messages go to the owners group.
      SUNSHINE_OWNERS,
      SUNSHINE_STAFF,
    ]);
    expect(rows[0]?.text).toBe(XINGFU_EVE);
    expect(rows[1]?.text).toBe(XINGFU_EVE);
    expect(rows[2]?.text).toContain('【四方联席会议 议程】枫林小区');
    expect(rows[2]?.text).not.toContain('幸福');
    expect(rows[4]?.text).toBe(SUNSHINE_EVE);
    expect(rows.every((r) => r.mentionIds.length === 0)).toBe(true);
    // The same tick again, and a later one: nothing more.
    expect(await run(EVE)).toBe(0);
    expect(await run(EVE + HOUR)).toBe(0);
    expect(await allAgendaRows(h)).toBe(6);
  });

  it('GIVEN the bot restarted at the same t THEN the runner’s catch-up runs post nothing twice', async () => {
    const { h } = await street();
    await callMeeting(h);
    const silent = { info() {}, error() {} };
    const start = async () => {
      const runner = createScheduleRunner({
        db: h.handle.db,
        schedules: [meetingAgendaSchedule],
        tz: TZ,
        now: () => EVE,
        log: silent,
        onQueued() {},
        publicUrl: () => 'http://localhost:8080',
      });
      await runner.start();
      await runner.stop();
    };
    await start();
    expect(await allAgendaRows(h)).toBe(6);
    await start();
    expect(await allAgendaRows(h)).toBe(6);
  });

  it('GIVEN the start THEN the latest agenda goes out once; its items belong to this meeting, and one written after goes to the next', async () => {
    const { h, run } = await street();
    const meeting = await callMeeting(h);
    await run(EVE);
    h.setNow(MEETING - HOUR);
    await h.say(xingfu.committeeMember, '/议题 电梯更换的招标', as(xingfu.committeeMember, xingfu.committee));
    const before = await h.lastOutboxId();
    expect(await run(MEETING)).toBe(6);
    expect(await run(MEETING)).toBe(0);
    const rows = await h.outboxSince(before);
    const xf = rows.find((r) => r.conversationId === xingfu.committee.id)?.text ?? '';
    expect(xf.split('\n').slice(0, 2)).toEqual([
      '【四方联席会议 现在开始】幸福小区',
      '会议: 11月26日 (周四) 15:00, 地点: 社区会议室',
    ]);
    expect(xf).toContain(
      '五、业委会议题 (2)\n1. 地下车库渗水两个月未修好, 请社区协调 (幸福业委会老钱)\n2. 电梯更换的招标 (幸福业委会老钱)',
    );
    expect(xf.split('\n').at(-1)).toBe(
      '会上议定的事项, 社区请在社区群发 /议定 幸福小区#工单号 <决定>: 记入工单进展, 并在下次三务公示的居务中公开。',
    );
    expect(rows.map((r) => r.dedupeKey)).toContain(
      `meeting-agenda:${meeting.id}:start:${xingfu.committee.id}`,
    );

    h.setNow(MEETING + 30 * MINUTE);
    await h.say(xingfu.committeeMember, '/议题 会后想到的事', as(xingfu.committeeMember, xingfu.committee));
    expect(await h.reply(xingfu.committeeMember, '/议题', as(xingfu.committeeMember, xingfu.committee))).toBe(
      [
        '本小区提给下次四方联席会议的议题 (1 条):',
        '1. 会后想到的事 (幸福业委会老钱)',
        '「文苑社区」还没有定下次四方联席会议的时间, 定了以后议题列入议程。',
      ].join('\n'),
    );
  });

  it('GIVEN the bot was down on Wednesday 15:00 and back at 13:00 on Thursday THEN the day-before agenda goes out once, then the one at the start', async () => {
    const { h, run } = await street();
    await callMeeting(h);
    expect(await run(local('2026-11-25 14:00'))).toBe(0);
    expect(await run(MEETING - 2 * HOUR)).toBe(6);
    expect(await run(MEETING - HOUR)).toBe(0);
    expect(await run(MEETING)).toBe(6);
    const keys = agendaRows(await h.outboxSince()).map((r) => r.dedupeKey?.split(':')[2]);
    expect(keys).toEqual([...Array(6).fill('eve'), ...Array(6).fill('start')]);
  });

  it('GIVEN the bot was down from before the day-before point until the meeting was on THEN only the start agenda goes out; after the meeting none, and the items wait for the next', async () => {
    const during = await street();
    const m1 = await callMeeting(during.h);
    expect(await during.run(MEETING + 30 * MINUTE)).toBe(6);
    const rows = agendaRows(await during.h.outboxSince());
    expect(rows.map((r) => r.dedupeKey?.split(':')[2])).toEqual(Array(6).fill('start'));
    expect((await meetingById(during.h.handle.db, m1.id))?.eveAgendaAt).toBe(MEETING + 30 * MINUTE);

    const after = await street();
    const m2 = await callMeeting(after.h);
    expect(await after.run(MEETING + 3 * HOUR)).toBe(0);
    expect(await after.run(MEETING + 4 * HOUR)).toBe(0);
    expect(await allAgendaRows(after.h)).toBe(0);
    const stored = await meetingById(after.h.handle.db, m2.id);
    expect(stored?.startAgendaAt).toBe(MEETING + 3 * HOUR);
    after.h.setNow(MEETING + 4 * HOUR);
    expect(
      await after.h.reply(xingfu.committeeMember, '/议题', as(xingfu.committeeMember, xingfu.committee)),
    ).toContain('本小区提给下次四方联席会议的议题 (1 条):');
  });

  it('GIVEN a meeting set less than a day ahead THEN its agenda goes out with the command, the schedule does not repeat it, and the start agenda comes at the start', async () => {
    const { h, run } = await street(local('2026-11-26 09:00'));
    const before = await h.lastOutboxId();
    const { replies } = await h.say(SECRETARY, '/联席会议 今天15点 社区会议室', as(SECRETARY, communityRoom));
    expect(replies.find((r) => r.conversationId === communityRoom.id)?.text).toBe(
      [
        '已安排四方联席会议: 11月26日 (周四) 15:00, 地点: 社区会议室。',
        '离开会不到一天, 议程已发到各小区的业委会群和物业群, 会议开始时再发一次最新议程。',
        '各小区业委会可在本小区群里发 /议题 <内容> 提出议题。',
      ].join('\n'),
    );
    const agendas = agendaRows(replies);
    expect(agendas.map((r) => r.conversationId)).toEqual([
      xingfu.committee.id,
      xingfu.staff.id,
      fenglin.committee.id,
      fenglin.staff.id,
      SUNSHINE_OWNERS,
      SUNSHINE_STAFF,
    ]);
    // The agenda is of the moment it is sent: by Thursday 09:00, #4 has been late since Wednesday 18:00.
    expect(agendas[0]?.text).toContain('【重大】#4 已超时 15小时: 幸福3号楼电梯停运');
    expect(await run(local('2026-11-26 09:00'))).toBe(0);
    expect(await run(local('2026-11-26 14:59'))).toBe(0);
    expect(await run(MEETING)).toBe(6);
    expect(await allAgendaRows(h)).toBe(12);
    expect((await h.outboxSince(before)).every((r) => r.mentionIds.length === 0)).toBe(true);
  });

  it('GIVEN a meeting moved after its day-before agenda went out THEN the groups are told, and the new time gets its own agendas', async () => {
    const { h, run } = await street();
    await callMeeting(h);
    await run(EVE);
    h.setNow(EVE + HOUR);
    const before = await h.lastOutboxId();
    const reply = await h.say(SECRETARY, '/联席会议 2026-11-27 15:00 确认', as(SECRETARY, communityRoom));
    const told = (await h.outboxSince(before)).filter((r) => r.conversationId === xingfu.committee.id);
    expect(told.map((r) => r.text)).toEqual([
      '原定 11月26日 (周四) 15:00 的四方联席会议改到 11月27日 (周五) 15:00, 新议程另发。',
    ]);
    expect(reply.replies.find((r) => r.conversationId === communityRoom.id)?.text).toContain(
      '已改期四方联席会议: 11月27日 (周五) 15:00, 地点待定。\n原定 11月26日 (周四) 15:00 的会议已取消。',
    );
    // The old time passes without an agenda; the new one's day-before agenda is due at the old time.
    expect(await run(MEETING - MINUTE)).toBe(0);
    expect(await run(MEETING)).toBe(6);
    expect(
      agendaRows(await h.outboxSince(before)).every((r) =>
        r.text?.includes('会议: 11月27日 (周五) 15:00, 地点待定'),
      ),
    ).toBe(true);
  });
  it('GIVEN a meeting called off after its day-before agenda went out THEN every group that got it is told, once, and nothing more is posted', async () => {
    const { h, run } = await street();
    await callMeeting(h);
    await run(EVE);
    h.setNow(EVE + HOUR);
    const before = await h.lastOutboxId();
    await h.say(SECRETARY, '/联席会议 取消', as(SECRETARY, communityRoom));
    const told = (await h.outboxSince(before)).filter((r) => r.conversationId !== communityRoom.id);
    expect(told.map((r) => r.conversationId)).toEqual([
      xingfu.committee.id,
      xingfu.staff.id,
      fenglin.committee.id,
      fenglin.staff.id,
      SUNSHINE_OWNERS,
      SUNSHINE_STAFF,
    ]);
    expect(new Set(told.map((r) => r.text))).toEqual(
      new Set(['原定 11月26日 (周四) 15:00 的四方联席会议已取消, 议程作废; 议题留到下次会议。']),
    );
    expect(await run(MEETING)).toBe(0);
    expect(await allAgendaRows(h)).toBe(6);
  });
});

describe('decisions of the meeting in the three-affairs notice', () => {
  it('GIVEN /议定 on a ticket of 幸福小区 THEN the next monthly notice of 幸福小区 shows it under 居务, and 枫林小区’s does not', async () => {
    const { h, run } = await street();
    await callMeeting(h);
    await run(EVE);
    h.setNow(MEETING + 20 * MINUTE);
    await run(h.now);
    const { result } = await h.say(
      SECRETARY,
      '/议定 幸福#1 由物业下周一前补做防水, 社区验收',
      as(SECRETARY, communityRoom),
    );
    expect(result.status).toBe('ok');
    await h.handle.db.transaction((tx) => runAffairsNotices(tx, h.now, TZ, h.publicUrl));
    const before = await h.lastOutboxId();
    await h.handle.db.transaction((tx) => runAffairsNotices(tx, local('2026-12-01 09:00'), TZ, h.publicUrl));
    const notices = (await h.outboxSince(before)).filter((r) => r.text !== null);
    const xf = notices.find((r) => r.conversationId === xingfu.owners.id)?.text ?? '';
    expect(xf.split('\n').slice(0, 2)).toEqual([
      '【幸福小区 三务公开】2026年11月',
      '公示事项: 党务 0 条 · 居务 1 条 · 财务 0 条',
    ]);
    // The picture holds the items in full: the item is the decision, published by this notice.
    const notice = await latestNotice(h.handle.db, (await compoundOf(h, xingfu)).id, 'monthly');
    const items = await h.handle.db.select().from(affairItems).all();
    expect(items.map((i) => [i.compoundId, i.kind, i.text, i.noticeId])).toEqual([
      [
        (await compoundOf(h, xingfu)).id,
        'resident',
        '11月26日四方联席会议议定 #1「幸福地下车库渗水」: 由物业下周一前补做防水, 社区验收',
        notice?.id,
      ],
    ]);
    const fl = notices.find((r) => r.conversationId === fenglin.owners.id)?.text ?? '';
    expect(fl).toContain('本期无党务、居务、财务公示事项。');
  });
});
