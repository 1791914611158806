import { describe, expect, it } from 'vitest';
import { maskPhones } from '../../../core/privacy.js';
import { tickets } from '../../../db/schema.js';
import { type CommandHarness, createCommandHarness } from '../../support/command-harness.js';
import {
  ADMIN,
  bindCommitteeGroup,
  CHEN,
  COMMITTEE_ROOM,
  events,
  file,
  HOUR,
  LISI,
  MINUTE,
  OWNERS,
  resolvedTicket,
  SHIFU,
  STAFF,
  SUN,
  ticket,
  to,
  WANGFANG,
  ZHANGSAN,
  ZHAO,
} from './ticket-kit.js';

const FILED = Date.UTC(2026, 10, 23, 2, 0); // Mon 2026-11-23 10:00 in Shanghai
const snapshot = async (h: CommandHarness) => JSON.stringify(await h.handle.db.select().from(tickets).all());

describe('each step of a ticket, one short group message naming the ticket, the actor and what next', () => {
  it('GIVEN /接单 THEN the ticket is assigned, the response is timed and the next step named', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h);
    h.advance(2 * MINUTE);
    const { replies } = await h.say(SHIFU, `/接单 #${no}`, { room: STAFF });
    expect(to(replies, STAFF.id).text).toMatch(
      /#1 王师傅 已接单 \(报修后 2分钟 响应\)。到场后请发 \/到场 #1/,
    );
    expect(to(replies, OWNERS.id).text).toContain('王师傅 已接单');
    expect(await ticket(h, no)).toMatchObject({
      status: 'assigned',
      assigneeId: SHIFU,
      respondedAt: FILED + 2 * MINUTE,
    });
  });

  it('GIVEN /派单 #N @师傅 by the committee THEN that manager holds it and is @mentioned', async () => {
    const h = await createCommandHarness({ now: FILED });
    await h.say(ADMIN, '/角色 @李四 物业', { mentions: [LISI] });
    const no = await file(h);
    const { replies } = await h.say(ZHAO, `/派单 #${no} @李四`, { mentions: [LISI] });
    expect(replies.some((r) => r.mentionIds.includes(LISI))).toBe(true);
    expect((await ticket(h, no)).assigneeId).toBe(LISI);
    // Assigning to someone who is not a manager is refused.
    expect(await h.reply(ZHAO, `/派单 #${no} @王芳`, { mentions: [WANGFANG] })).toMatch(/不是本小区的物业/);
  });

  it('GIVEN /暂停 and /继续 THEN the solve deadline moves by exactly the pause', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h);
    await h.say(SHIFU, `/接单 #${no}`);
    const due = (await ticket(h, no)).solveDueAt;
    h.advance(5 * MINUTE);
    expect(await h.reply(SHIFU, `/暂停 #${no} 等配件`)).toContain('暂停计时');
    expect(await h.reply(SHIFU, `/暂停 #${no} 又暂停`)).toMatch(/已经在暂停中/);
    h.advance(47 * MINUTE + 13_000);
    expect(await h.reply(SHIFU, `/继续 #${no}`)).toContain('暂停了 47分钟');
    expect((await ticket(h, no)).solveDueAt).toBe(due + 47 * MINUTE + 13_000);
    expect(await h.reply(SHIFU, `/继续 #${no}`)).toContain('没有暂停');
  });

  it('GIVEN /完成 then /退回 then /完成 then /确认 5 THEN it closes with the score and one rework', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await resolvedTicket(h);
    expect((await ticket(h, no)).status).toBe('resolved');
    const back = (await h.say(ZHANGSAN, `/退回 #${no} 还是不亮`)).replies;
    expect(back.map((r) => r.text).join('\n')).toContain('第 1 次返工');
    expect((await ticket(h, no)).status).toBe('reopened');
    await h.say(SHIFU, `/完成 #${no} 换了镇流器`);
    expect(await h.reply(ZHANGSAN, `/确认 #${no} 5 很及时`)).toContain('已结单');
    expect(await ticket(h, no)).toMatchObject({ status: 'closed', score: 5, reworkCount: 1 });
    expect((await events(h, no)).map((e) => e.kind)).toEqual([
      'filed',
      'taken',
      'resolved',
      'reopened',
      'resolved',
      'confirmed',
    ]);
  });

  it('GIVEN a complex ticket THEN /完成 is refused and /方案 resolves it', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h, '小区停车规划不合理, 希望重新规划车位');
    expect((await ticket(h, no)).ticketClass).toBe('complex');
    await h.say(SHIFU, `/接单 #${no}`);
    expect(await h.reply(SHIFU, `/完成 #${no}`)).toContain('要用书面方案结案');
    await h.reply(SHIFU, `/方案 #${no} 东侧绿化带改建 20 个车位, 12月底前完工`);
    expect((await ticket(h, no)).status).toBe('resolved');
  });

  it('GIVEN /改 #N 重大 THEN the deadlines are recomputed from the filing time, not from now', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h);
    h.advance(20 * MINUTE);
    await h.say(ZHAO, `/改 #${no} 重大`);
    const t = await ticket(h, no);
    expect(t.ticketClass).toBe('major');
    expect(t.solveDueAt).toBe(FILED + 4 * HOUR);
    expect(await h.reply(ZHANGSAN, `/改 #${no} 一般`)).toMatch(/只有/);
  });

  it('GIVEN /吹哨 by the grid head THEN the community is told with the timeline and may /完成 it', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h);
    const { replies } = await h.say(SUN, `/吹哨 #${no} 物业不处理`);
    const toCommunity = replies.find((r) => r.mentionIds.includes(CHEN));
    expect(toCommunity?.text).toContain('【吹哨】#1');
    expect(toCommunity?.text).toContain('进展:');
    expect((await ticket(h, no)).escalatedAt).toBe(FILED);
    expect(await h.reply(SUN, `/吹哨 #${no}`)).toContain('已经吹过哨了');
    // The committee keeps seeing it until it is closed.
    expect(await h.reply(ZHAO, '/进度')).toContain('#1');
    await h.say(CHEN, `/完成 #${no} 社区协调电工已修复`);
    expect((await ticket(h, no)).status).toBe('resolved');
  });

  it('GIVEN /催办 twice within 30 minutes THEN the second is refused', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await file(h);
    await h.say(SHIFU, `/接单 #${no}`);
    expect((await h.say(ZHANGSAN, `/催办 #${no}`)).result.status).toBe('ok');
    h.advance(10 * MINUTE);
    expect(await h.reply(ZHANGSAN, `/催办 #${no}`)).toMatch(/30分钟|刚催/);
  });
});

describe('refusals: wrong role, wrong state, unknown number; nothing changes', () => {
  const cases: [string, string, RegExp][] = [
    [ZHANGSAN, '/接单 #1', /只有物业/],
    [LISI, '/确认 #1 5', /只有报修人/],
    [ZHANGSAN, '/确认 #1 5', /还没|未完成|处理完成后/],
    [LISI, '/退回 #1 不行', /只有报修人/],
    [SHIFU, '/接单 #99', /没有 #99 号工单/],
    [ZHANGSAN, '/完成 #1 好了', /只有物业/],
    [WANGFANG, '/吹哨 #1', /只有/],
  ];
  for (const [who, text, expected] of cases) {
    it(`GIVEN a new ticket WHEN ${who} sends ${text} THEN one refusal and no change`, async () => {
      const h = await createCommandHarness({ now: FILED });
      await file(h);
      const before = await snapshot(h);
      const { result, replies } = await h.say(who, text);
      expect(result.status).not.toBe('ok');
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toMatch(expected);
      expect(await snapshot(h)).toBe(before);
    });
  }

  it('GIVEN a closed ticket THEN every further step is refused', async () => {
    const h = await createCommandHarness({ now: FILED });
    const no = await resolvedTicket(h);
    await h.say(ZHANGSAN, `/确认 #${no} 4`);
    const before = await snapshot(h);
    const steps: [string, string][] = [
      [SHIFU, `/接单 #${no}`],
      [SHIFU, `/完成 #${no}`],
      [SHIFU, `/暂停 #${no} 等配件`],
      [ZHANGSAN, `/确认 #${no} 5`],
      [ZHANGSAN, `/退回 #${no} 不行`],
    ];
    for (const [who, text] of steps) expect((await h.say(who, text)).result.status, text).not.toBe('ok');
    expect(await snapshot(h)).toBe(before);
  });
});

describe('/进度 lists', () => {
  it('GIVEN an owner THEN /进度 lists their open tickets; a manager sees what they hold', async () => {
    const h = await createCommandHarness({ now: FILED });
    await file(h, '楼道灯不亮');
    await file(h, '电梯异响', LISI);
    await h.say(SHIFU, '/接单 #2');
    const mine = await h.reply(ZHANGSAN, '/进度');
    expect(mine).toContain('#1');
    expect(mine).not.toContain('#2');
    const held = await h.reply(SHIFU, '/进度', { room: STAFF });
    expect(held).toMatch(/你负责的[\s\S]*#2/);
  });
});

describe('phone numbers (privacy)', () => {
  it('GIVEN numbers in many forms THEN mobiles are masked and other digits are left alone', () => {
    expect(maskPhones('电话 138 1234 5678')).toBe('电话 138****5678');
    expect(maskPhones('电话13812345678, 备用 +86 139-0000-1111')).toBe('电话138****5678, 备用 139****1111');
    expect(maskPhones('工单 #12, 11月30日, 1280元, 订单 2026113012345678')).toBe(
      '工单 #12, 11月30日, 1280元, 订单 2026113012345678',
    );
  });

  it('GIVEN a phone in the ticket THEN the owners group sees it masked and the manager sees it in the staff group', async () => {
    const h = await createCommandHarness({ now: FILED });
    const { replies } = await h.say(ZHANGSAN, '/报修 楼道灯不亮 电话 138 1234 5678');
    expect(to(replies, OWNERS.id).text).toContain('138****5678');
    expect(to(replies, OWNERS.id).text).not.toContain('1234');
    expect(to(replies, STAFF.id).text).toContain('138 1234 5678');
    expect(await h.reply(LISI, '/进度 #1')).toContain('138****5678');
    expect(await h.reply(SHIFU, '/进度 #1', { room: STAFF })).toContain('138 1234 5678');
    expect(await h.reply(ZHANGSAN, '/进度')).not.toContain('1234 5678');
  });

  it('GIVEN a phone in the ticket THEN lists show it whole in the staff group only, and the escalation masks it', async () => {
    const h = await createCommandHarness({ now: FILED });
    await bindCommitteeGroup(h);
    await file(h, '楼道灯不亮 电话 138 1234 5678');
    expect(await h.reply(SHIFU, '/进度', { room: STAFF })).toContain('138 1234 5678');
    expect(await h.reply(ZHAO, '/进度 #1', { room: COMMITTEE_ROOM })).toContain('138****5678');
    expect(await h.reply(ZHAO, '/进度', { room: COMMITTEE_ROOM })).not.toContain('1234 5678');
    // No community group: the escalation goes to the committee group with the timeline; the staff
    // group gets one line (its managers read the number with /进度 there).
    const { replies } = await h.say(SUN, '/吹哨 #1 物业不处理');
    expect(to(replies, COMMITTEE_ROOM.id).text).toContain('内容: 楼道灯不亮 电话 138****5678');
    expect(to(replies, STAFF.id).text).toContain('楼道灯不亮 电话 138****5678');
    expect(replies.every((r) => !r.text?.includes('1234 5678'))).toBe(true);
  });
});

describe('two compounds', () => {
  it('GIVEN a second compound with its own group THEN nothing of one shows in the other', async () => {
    const h = await createCommandHarness({ now: FILED, admins: [ADMIN] });
    const other = { id: 'other-owners@chatroom', topic: '幸福里业主群' };
    expect((await h.say(ADMIN, '/绑定群 幸福里 业主群', { room: other })).result.status).toBe('ok');
    await file(h, '3号楼楼道灯不亮 电话 13812345678');
    // #1 of 幸福里 does not exist; 阳光花园's #1 is not reachable from there.
    expect(await h.reply(WANGFANG, '/进度 #1', { room: other })).toContain('没有 #1 号工单');
    expect(await h.reply(ADMIN, '/接单 #1', { room: other })).toMatch(/只有物业|没有 #1/);
    const { replies } = await h.say(WANGFANG, '/报修 单元门禁坏了', { room: other });
    expect(to(replies, other.id).text).toContain('#1');
    expect(replies.every((r) => r.conversationId === other.id)).toBe(true);
    const stats = await h.reply(WANGFANG, '/统计', { room: other });
    expect(stats).toContain('幸福里');
    expect(stats).toMatch(/提交 1\b/);
    expect(stats).not.toContain('王师傅');
    expect(await h.reply(ZHANGSAN, '/统计')).toMatch(/提交 1\b/);
  });
});
