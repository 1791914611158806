import { describe, expect, it } from 'vitest';
import type { TicketClass } from '../../../core/classify/index.js';
import { defaultSettings } from '../../../core/settings/catalog.js';
import { deadlinesFor } from '../../../core/tickets/sla.js';
import {
  formatRate,
  formatScore,
  meanOneDecimal,
  medianMs,
  monthRange,
  percentOneDecimal,
  ticketFigures,
} from '../../../core/tickets/stats.js';
import { fromZoned } from '../../../core/time/index.js';
import type { DbOrTx } from '../../../db/client.js';
import { ensureCompound } from '../../../db/compounds.js';
import { upsertPerson } from '../../../db/people.js';
import { type TicketEventKind, type TicketStatus, ticketEvents, tickets } from '../../../db/schema.js';
import { type CommandHarness, createCommandHarness } from '../../support/command-harness.js';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const HOUR = 60 * MIN;

/** A Shanghai wall-clock time, whatever the process zone (tests run with TZ=UTC). */
const sh = (month: number, day: number, hour = 0, minute = 0, year = 2026) =>
  fromZoned({ year, month, day, hour, minute }, TZ);

interface Seed {
  no: number;
  filedAt: number;
  cls?: TicketClass;
  reporter?: string;
  assignee?: string | null;
  status?: TicketStatus;
  respondedAfter?: number;
  resolvedAfter?: number;
  closedAt?: number;
  score?: number;
  pausedMs?: number;
  escalatedAt?: number;
  compoundId: number;
}

/** A ticket row as the ticket commands would have left it; deadlines from the real SLA rules. */
async function seedTicket(db: DbOrTx, s: Seed): Promise<number> {
  const cls = s.cls ?? 'general';
  const due = deadlinesFor(s.filedAt, cls, defaultSettings, s.pausedMs ?? 0);
  const reporter = s.reporter ?? 'wxid_zhangsan';
  const row = await db
    .insert(tickets)
    .values({
      compoundId: s.compoundId,
      no: s.no,
      roomId: 'sunshine-owners@chatroom',
      reporterId: reporter,
      filedBy: reporter,
      description: `工单 ${s.no}`,
      category: '维修',
      ticketClass: cls,
      status: s.status ?? 'new',
      assigneeId: s.assignee ?? null,
      filedAt: s.filedAt,
      ...due,
      respondedAt: s.respondedAfter === undefined ? null : s.filedAt + s.respondedAfter,
      resolvedAt: s.resolvedAfter === undefined ? null : s.filedAt + s.resolvedAfter,
      closedAt: s.closedAt ?? null,
      score: s.score ?? null,
      pausedMs: s.pausedMs ?? 0,
      escalatedAt: s.escalatedAt ?? null,
      updatedAt: s.filedAt,
    })
    .returning({ id: tickets.id })
    .get();
  return row.id;
}

async function seedEvent(db: DbOrTx, ticketId: number, kind: TicketEventKind, at: number): Promise<void> {
  await db.insert(ticketEvents).values({ ticketId, kind, actorId: 'wxid_shifu_wang', at }).run();
}

const WANG = 'wxid_shifu_wang';
const ZHAO = 'wxid_shifu_zhao';

/**
 * November 2026 in 阳光花园, with every outcome the figures distinguish:
 * #1 general, answered 3 min, solved 20 min, scored 5 (on time)
 * #2 general, answered 7 min (late), solved 40 min (late), scored 2
 * #3 major, answered at exactly 5 min, paused 1 h, solved after 4 h 30 (on time thanks to the pause)
 * #4 complex, open, escalated
 * #5 general, resolved then sent back (rework), so not solved
 * #6 filed in October (paused and reopened then), confirmed with 4 on 1 November
 * and a ticket of another compound in November that must count nowhere.
 */
async function seedNovember(h: CommandHarness): Promise<void> {
  const db = h.handle.db;
  const c = h.compoundId;
  await upsertPerson(db, { id: ZHAO, name: '赵师傅' }, h.now);
  const t1 = sh(11, 3, 10);
  await seedTicket(db, {
    compoundId: c,
    no: 1,
    filedAt: t1,
    assignee: WANG,
    status: 'closed',
    respondedAfter: 3 * MIN,
    resolvedAfter: 20 * MIN,
    closedAt: t1 + 30 * MIN,
    score: 5,
  });
  const t2 = sh(11, 5, 9);
  await seedTicket(db, {
    compoundId: c,
    no: 2,
    filedAt: t2,
    assignee: WANG,
    status: 'closed',
    respondedAfter: 7 * MIN,
    resolvedAfter: 40 * MIN,
    closedAt: t2 + 50 * MIN,
    score: 2,
  });
  const t3 = sh(11, 10, 14);
  const id3 = await seedTicket(db, {
    compoundId: c,
    no: 3,
    filedAt: t3,
    cls: 'major',
    assignee: ZHAO,
    status: 'resolved',
    respondedAfter: 5 * MIN,
    resolvedAfter: 4 * HOUR + 30 * MIN,
    pausedMs: HOUR,
  });
  await seedEvent(db, id3, 'paused', t3 + HOUR);
  await seedEvent(db, id3, 'resumed', t3 + 2 * HOUR);
  const t4 = sh(11, 20, 8);
  const id4 = await seedTicket(db, {
    compoundId: c,
    no: 4,
    filedAt: t4,
    cls: 'complex',
    escalatedAt: sh(11, 21, 9),
  });
  await seedEvent(db, id4, 'escalated', sh(11, 21, 9));
  const t5 = sh(11, 22, 10);
  const id5 = await seedTicket(db, {
    compoundId: c,
    no: 5,
    filedAt: t5,
    assignee: WANG,
    status: 'reopened',
    respondedAfter: 2 * MIN,
    resolvedAfter: 10 * MIN,
  });
  await seedEvent(db, id5, 'reopened', t5 + 20 * MIN);
  const t6 = sh(10, 28, 10);
  const id6 = await seedTicket(db, {
    compoundId: c,
    no: 6,
    filedAt: t6,
    assignee: ZHAO,
    status: 'closed',
    respondedAfter: 4 * MIN,
    resolvedAfter: 25 * MIN,
    closedAt: sh(11, 1, 9),
    score: 4,
  });
  await seedEvent(db, id6, 'paused', sh(10, 28, 10, 5));
  await seedEvent(db, id6, 'reopened', sh(10, 29, 9));

  const other = (await ensureCompound(db, '明月小区', h.now)).compound.id;
  const o1 = await seedTicket(db, {
    compoundId: other,
    no: 1,
    filedAt: sh(11, 4, 10),
    assignee: WANG,
    status: 'closed',
    respondedAfter: MIN,
    resolvedAfter: 50 * MIN,
    closedAt: sh(11, 4, 12),
    score: 1,
    escalatedAt: sh(11, 4, 11),
  });
  await seedEvent(db, o1, 'reopened', sh(11, 4, 11));
  await seedEvent(db, o1, 'paused', sh(11, 4, 11));
}

describe('ticket figures (阳光物业 numbers)', () => {
  it('GIVEN a November with every kind of outcome THEN each figure follows its definition', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    await seedNovember(h);
    const f = await ticketFigures(h.handle.db, h.compoundId, { from: sh(11, 1), to: sh(12, 1) }, h.now);
    expect(f).toMatchObject({
      filed: 5,
      solved: 3,
      solvedOnTime: 2,
      // #4 and #5 are open past their solve deadline: missed, so they count against the rate.
      solveJudged: 5,
      onTimeRate: 40,
      respondedOnTime: 3,
      responseJudged: 5,
      medianResponseMs: 4 * MIN,
      medianSolveMs: 40 * MIN,
      rework: 1,
      escalations: 1,
      pauses: 1,
      avgScore: 3.7,
      scored: 3,
      lowScores: 1,
    });
    expect(f.byClass).toEqual({
      general: { filed: 3, solved: 2, solvedOnTime: 1 },
      major: { filed: 1, solved: 1, solvedOnTime: 1 },
      complex: { filed: 1, solved: 0, solvedOnTime: 0 },
    });
    expect(f.byManager).toEqual([
      {
        id: WANG,
        name: '王师傅',
        assigned: 3,
        solved: 2,
        solvedOnTime: 1,
        medianSolveMs: 30 * MIN,
        avgScore: 3.5,
      },
      {
        id: ZHAO,
        name: '赵师傅',
        assigned: 1,
        solved: 1,
        solvedOnTime: 1,
        medianSolveMs: 3 * HOUR + 30 * MIN,
        avgScore: 4,
      },
    ]);
  });

  it('GIVEN October THEN only what happened in October counts (the reopen and pause of #6, not its November score)', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    await seedNovember(h);
    const f = await ticketFigures(h.handle.db, h.compoundId, { from: sh(10, 1), to: sh(11, 1) }, h.now);
    expect(f).toMatchObject({ filed: 1, solved: 1, rework: 1, pauses: 1, escalations: 0, scored: 0 });
    expect(f.avgScore).toBeNull();
    expect(f.byManager.map((m) => m.name)).toEqual(['赵师傅']);
  });

  it('GIVEN a ticket whose escalation mark was cleared at closing THEN its 吹哨 event still counts once', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    const db = h.handle.db;
    const id = await seedTicket(db, {
      compoundId: h.compoundId,
      no: 1,
      filedAt: sh(11, 2, 9),
      status: 'closed',
    });
    await seedEvent(db, id, 'escalated', sh(11, 2, 11));
    await seedEvent(db, id, 'escalated', sh(11, 3, 11));
    expect(
      (await ticketFigures(db, h.compoundId, { from: sh(11, 1), to: sh(12, 1) }, h.now)).escalations,
    ).toBe(1);
  });

  it('GIVEN no tickets THEN counts are zero and the ratios are null, not NaN', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    const f = await ticketFigures(h.handle.db, h.compoundId, { from: sh(11, 1), to: sh(12, 1) }, h.now);
    expect(f).toMatchObject({
      filed: 0,
      solved: 0,
      onTimeRate: null,
      medianResponseMs: null,
      avgScore: null,
    });
    expect(f.byManager).toEqual([]);
  });
});

describe('only deadlines that have come count for the on-time figures', () => {
  it('GIVEN three tickets filed two minutes ago WHEN an owner asks /统计 THEN none of them counts as answered late', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    for (const no of [1, 2, 3])
      await seedTicket(h.handle.db, { compoundId: h.compoundId, no, filedAt: h.now - 2 * MIN });
    const text = await h.reply('wxid_lisi', '/统计');
    expect(text).toContain('提交 3, 解决 0, 未解决 3');
    expect(text).toContain('按时率 暂无 (3 件未到时限), 按时响应 暂无 (3 件未到时限)');
    expect(text).not.toContain('0/3');
  });

  it('GIVEN answered on time, answered late, unanswered past the window and unanswered inside it THEN 按时响应 is 1 of the 3 whose window closed', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    const db = h.handle.db;
    const c = h.compoundId;
    await seedTicket(db, { compoundId: c, no: 1, filedAt: sh(11, 25, 9), respondedAfter: 4 * MIN });
    await seedTicket(db, { compoundId: c, no: 2, filedAt: sh(11, 25, 9), respondedAfter: 6 * MIN });
    await seedTicket(db, { compoundId: c, no: 3, filedAt: sh(11, 25, 9, 55) }); // due 10:00, now 10:00
    await seedTicket(db, { compoundId: c, no: 4, filedAt: sh(11, 25, 9, 58) }); // due 10:03
    // Answered before its window closed: judged already, on time.
    await seedTicket(db, { compoundId: c, no: 5, filedAt: sh(11, 25, 9, 59), respondedAfter: 30_000 });
    const f = await ticketFigures(db, c, { from: sh(11, 1), to: sh(12, 1) }, h.now);
    expect(f).toMatchObject({ filed: 5, respondedOnTime: 2, responseJudged: 4 });
    expect(await h.reply('wxid_lisi', '/统计')).toContain('按时响应 2/4 (1 件未到时限)');
  });

  it('GIVEN a ticket solved on time, one open past its deadline and one open inside it THEN the rate is 1 of 2 and the third waits', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    const db = h.handle.db;
    const c = h.compoundId;
    await seedTicket(db, {
      compoundId: c,
      no: 1,
      filedAt: sh(11, 25, 8),
      status: 'resolved',
      respondedAfter: MIN,
      resolvedAfter: 20 * MIN,
    });
    await seedTicket(db, {
      compoundId: c,
      no: 2,
      filedAt: sh(11, 25, 9),
      respondedAfter: MIN,
      status: 'assigned',
    });
    await seedTicket(db, {
      compoundId: c,
      no: 3,
      filedAt: sh(11, 25, 9, 45),
      respondedAfter: MIN,
      status: 'assigned',
    });
    const f = await ticketFigures(db, c, { from: sh(11, 1), to: sh(12, 1) }, h.now);
    expect(f).toMatchObject({ solved: 1, solvedOnTime: 1, solveJudged: 2, onTimeRate: 50 });
    expect(await h.reply('wxid_lisi', '/统计')).toContain('按时率 50.0% (按时解决 1/2, 1 件未到时限)');
  });

  it('GIVEN a paused ticket whose clock still has time THEN it is not counted late while it stands still', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    const db = h.handle.db;
    await seedTicket(db, {
      compoundId: h.compoundId,
      no: 1,
      filedAt: sh(11, 25, 9),
      respondedAfter: MIN,
      status: 'assigned',
    });
    // Paused at 09:10 with 20 of its 30 minutes left: the deadline moves with the pause.
    await db
      .update(tickets)
      .set({ pausedAt: sh(11, 25, 9, 10) })
      .run();
    const f = await ticketFigures(db, h.compoundId, { from: sh(11, 1), to: sh(12, 1) }, h.now);
    expect(f).toMatchObject({ solveJudged: 0, onTimeRate: null, responseJudged: 1, respondedOnTime: 1 });
  });
});

describe('rounding without float drift', () => {
  it('GIVEN ratios that floats get wrong THEN one decimal is rounded half up on integers', () => {
    expect(percentOneDecimal(2, 3)).toBe(66.7);
    expect(percentOneDecimal(1, 3)).toBe(33.3);
    expect(percentOneDecimal(1, 16)).toBe(6.3); // 6.25 rounds up
    expect(percentOneDecimal(1, 8)).toBe(12.5);
    expect(percentOneDecimal(7, 7)).toBe(100);
    expect(percentOneDecimal(0, 0)).toBeNull();
    expect(meanOneDecimal(11, 3)).toBe(3.7);
    expect(meanOneDecimal(29, 6)).toBe(4.8);
    expect(meanOneDecimal(9, 2)).toBe(4.5);
    expect(formatRate(percentOneDecimal(29, 30) ?? -1)).toBe('96.7%');
    expect(formatRate(percentOneDecimal(7, 20) ?? -1)).toBe('35.0%');
    expect(formatScore(meanOneDecimal(8, 2) ?? -1)).toBe('4.0');
  });

  it('GIVEN an even number of durations THEN the median is the floor of the middle pair', () => {
    expect(medianMs([7, 2, 5, 3])).toBe(4);
    expect(medianMs([1, 2])).toBe(1);
    expect(medianMs([9])).toBe(9);
    expect(medianMs([])).toBeNull();
  });
});

describe('monthRange (local months in HGJ_TZ while the server runs in UTC)', () => {
  it('GIVEN 00:10 on 1 December in Shanghai (still 30 November in UTC) THEN 本月 is December', () => {
    const r = monthRange(sh(12, 1, 0, 10), TZ, '本月');
    expect(r).toEqual({
      from: Date.UTC(2026, 10, 30, 16),
      to: Date.UTC(2026, 11, 31, 16),
      label: '2026年12月',
    });
  });

  it('GIVEN January THEN 上月 is December of the year before', () => {
    const r = monthRange(sh(1, 15, 12, 0, 2027), TZ, '上月');
    expect(r).toEqual({
      from: Date.UTC(2026, 10, 30, 16),
      to: Date.UTC(2026, 11, 31, 16),
      label: '2026年12月',
    });
  });

  it('GIVEN a zone with daylight saving THEN each boundary uses the offset of its own day', () => {
    const r = monthRange(Date.UTC(2026, 10, 15, 12), 'America/New_York', '本月');
    expect(r.from).toBe(Date.UTC(2026, 10, 1, 4)); // EDT, UTC-4
    expect(r.to).toBe(Date.UTC(2026, 11, 1, 5)); // EST, UTC-5
    expect(r.label).toBe('2026年11月');
  });
});

describe('/统计 in the group', () => {
  it('GIVEN November tickets WHEN an owner asks /统计 THEN one compact block shows every figure', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10, 5) });
    await seedNovember(h);
    const text = await h.reply('wxid_lisi', '/统计');
    expect(text).toContain('阳光花园 2026年11月工单统计 (本月, 截至 11月25日 10:05)');
    expect(text).toContain('提交 5, 解决 3, 未解决 2');
    expect(text).toContain('按时率 40.0% (按时解决 2/5), 按时响应 3/5');
    expect(text).toContain('中位时长: 响应 4分钟, 解决 40分钟');
    expect(text).toContain('返工 1, 吹哨 1, 暂停 1');
    expect(text).toContain('满意度 3.7 分 (3 人评分, 差评 1)');
    expect(text).toContain('分类: 一般 3 (解决 2, 按时 1); 重大 1 (解决 1, 按时 1); 复杂 1 (解决 0, 按时 0)');
    const wang = text.indexOf('王师傅: 接单 3, 解决 2/按时 1, 满意度 3.5');
    const zhao = text.indexOf('赵师傅: 接单 1, 解决 1/按时 1, 满意度 4.0');
    expect(wang).toBeGreaterThan(0);
    expect(zhao).toBeGreaterThan(wang);
    expect(text).not.toContain('明月');
  });

  it('GIVEN December WHEN the manager asks /stats last THEN November is shown without an as-of time', async () => {
    const h = await createCommandHarness({ now: sh(12, 2, 9) });
    await seedNovember(h);
    const text = await h.reply('wxid_shifu_wang', '/stats last');
    expect(text.split('\n')[0]).toBe('阳光花园 2026年11月工单统计 (上月)');
    expect(text).toContain('提交 5, 解决 3, 未解决 2');
    expect(await h.reply('wxid_chen_shuji', '/统计 上个月')).toBe(text);
  });

  it('GIVEN a ticket filed 2026-11-30 23:30 and one 2026-12-01 00:30 in Shanghai THEN each is in its own local month', async () => {
    const h = await createCommandHarness({ now: sh(12, 1, 8) });
    await seedTicket(h.handle.db, { compoundId: h.compoundId, no: 1, filedAt: sh(11, 30, 23, 30) });
    await seedTicket(h.handle.db, {
      compoundId: h.compoundId,
      no: 2,
      filedAt: sh(12, 1, 0, 30),
      cls: 'major',
    });
    const december = await h.reply('wxid_zhangsan', '/统计');
    expect(december).toContain('2026年12月');
    expect(december).toContain('提交 1, 解决 0, 未解决 1');
    expect(december).toContain('分类: 重大 1 (解决 0, 按时 0)');
    const november = await h.reply('wxid_zhangsan', '/统计 上月');
    expect(november).toContain('提交 1, 解决 0, 未解决 1');
    expect(november).toContain('分类: 一般 1 (解决 0, 按时 0)');
    // Its 30 minutes ran out at 00:00 with nothing done: a missed deadline, not "no data".
    expect(november).toContain('按时率 0.0% (按时解决 0/1)');
  });

  it('GIVEN a month without any ticket THEN the reply says so plainly', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    expect(await h.reply('wxid_zhangsan', '/统计')).toBe(
      '阳光花园 2026年11月工单统计 (本月, 截至 11月25日 10:00)\n本月还没有工单。',
    );
    expect(await h.reply('wxid_zhangsan', '/统计 上月')).toBe(
      '阳光花园 2026年10月工单统计 (上月)\n上月没有工单。',
    );
  });

  it('GIVEN only an old ticket confirmed this month THEN the reply says nothing new was filed but shows the score', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    await seedTicket(h.handle.db, {
      compoundId: h.compoundId,
      no: 1,
      filedAt: sh(10, 31, 20),
      assignee: WANG,
      status: 'closed',
      resolvedAfter: 10 * MIN,
      closedAt: sh(11, 1, 8),
      score: 1,
    });
    const text = await h.reply('wxid_zhangsan', '/统计');
    expect(text).toContain('没有新提交的工单。');
    expect(text).toContain('满意度 1.0 分 (1 人评分, 差评 1)');
    expect(text).toContain('王师傅: 接单 0, 解决 0/按时 0, 满意度 1.0');
  });

  it('GIVEN a month word the bot does not know THEN it says which it can do, with the usage line', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    const text = await h.reply('wxid_zhangsan', '/统计 下月');
    expect(text).toContain('只能统计本月或上月。');
    expect(text).toContain('用法: /统计 [本月|上月]');
  });

  it('GIVEN /统计 in a private chat THEN the bot says to use it in the group', async () => {
    const h = await createCommandHarness({ now: sh(11, 25, 10) });
    expect(await h.reply('wxid_zhangsan', '/统计', { room: null })).toContain('要在小区的微信群里使用');
  });
});
