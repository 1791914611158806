import { describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../../bot/sandbox/demo-compound.js';
import { ballots, polls } from '../../../db/schema-votes.js';
import { pollByNo } from '../../../db/votes.js';
import {
  acknowledgeVotes,
  closeDuePolls,
  REMINDER_BATCH,
  remindNonVoters,
} from '../../../schedules/votes.js';
import { type CommandHarness, createCommandHarness } from '../../support/command-harness.js';

const ZHAO = 'wxid_zhao_weiyuan';
const CHEN = 'wxid_chen_shuji';
const ZHANGSAN = 'wxid_zhangsan';
const LISI = 'wxid_lisi';
const WANGFANG = 'wxid_wangfang';
const SHIFU = 'wxid_shifu_wang';
const OWNERS = demoOwnersRoom.id;
const HOUR = 3_600_000;
// 2026-11-23 10:00 Asia/Shanghai
const START = Date.UTC(2026, 10, 23, 2, 0);

function tick(
  h: CommandHarness,
  step: (tx: never, now: number, tz: string) => Promise<number>,
): Promise<number> {
  return h.handle.db.transaction((tx) => step(tx as never, h.now, h.tz));
}
const ack = (h: CommandHarness) => tick(h, (tx, now) => acknowledgeVotes(tx, now));
const close = (h: CommandHarness) => tick(h, (tx, now, tz) => closeDuePolls(tx, now, tz, h.publicUrl));
const remind = (h: CommandHarness) => tick(h, (tx, now, tz) => remindNonVoters(tx, now, tz));

async function openPoll(h: CommandHarness, extra = ''): Promise<void> {
  await h.reply(ZHAO, `/投票 充电桩装在哪里? | 东门 | 北门 | 地下车库 截止 3天 ${extra}`);
}

/** 张三 owns 3-2-301 (89.50), 李四 3-2-302 (100.00) and 3-2-401 (60.00); all verified. */
async function verifyOwners(h: CommandHarness): Promise<void> {
  await h.reply(ZHANGSAN, '/绑定 3-2-301 89.5');
  await h.reply(LISI, '/绑定 3-2-302 100');
  await h.reply(LISI, '/绑定 3-2-401 60');
  await h.reply(ZHAO, '/认证 @张三', { mentions: [ZHANGSAN] });
  await h.reply(ZHAO, '/认证 @李四 3-2-302', { mentions: [LISI] });
  await h.reply(ZHAO, '/认证 @李四 3-2-401', { mentions: [LISI] });
}

describe('/投票 and /投 in a quick poll', () => {
  it('GIVEN a committee member opens a poll THEN it is posted with numbered options, deadline and who may vote', async () => {
    const h = await createCommandHarness({ now: START });
    const text = await h.reply(ZHAO, '/投票 充电桩装在哪里? | 东门 | 北门 | 地下车库 截止 周五18点');
    expect(text).toContain('投票 #1');
    expect(text).toMatch(/1\. 东门\n2\. 北门\n3\. 地下车库/);
    expect(text).toContain('截止 11月27日');
    expect(text).toContain('谁可以投');
  });

  it('GIVEN an owner opens a poll THEN it is refused with who may', async () => {
    const h = await createCommandHarness({ now: START });
    expect(await h.reply(ZHANGSAN, '/投票 a? | x | y')).toMatch(/只有.*业委会/);
    expect(await h.handle.db.select().from(polls).all()).toHaveLength(0);
  });

  it('GIVEN a vote THEN there is no reply of its own; the next tick acknowledges it by name', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h);
    const { replies } = await h.say(ZHANGSAN, '/投 #1 2');
    expect(replies).toEqual([]);
    const before = await h.lastOutboxId();
    expect(await ack(h)).toBe(1);
    const [line] = await h.outboxSince(before);
    expect(line?.text).toBe('已收到 张三 的投票, #1 共 1 票。');
    expect(line?.conversationId).toBe(OWNERS);
    expect(await ack(h)).toBe(0);
  });

  it('GIVEN a second vote by the same member THEN it replaces the first', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h);
    await h.say(ZHANGSAN, '/投 #1 2');
    await h.say(ZHANGSAN, '/投 #1 地下车库');
    expect(await h.handle.db.select().from(ballots).all()).toHaveLength(1);
    expect(await h.reply(LISI, '/结果 #1')).toMatch(
      /2\. 北门: 0 票[\s\S]*3\. 地下车库: 1 票 \(100%\)[\s\S]*共 1 人投票/,
    );
  });

  it('GIVEN five votes between two ticks THEN one line names three and counts the rest', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h);
    for (const id of [ZHANGSAN, LISI, WANGFANG, SHIFU, CHEN]) await h.say(id, '/投 #1 1');
    const before = await h.lastOutboxId();
    await ack(h);
    expect((await h.outboxSince(before)).map((r) => r.text)).toEqual([
      '已收到 张三、李四、王芳等 5 人的投票, #1 共 5 票。',
    ]);
  });

  it('GIVEN a vote after the deadline THEN it is refused at once and nothing changes', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h);
    await h.say(ZHANGSAN, '/投 #1 1');
    h.advance(3 * 24 * HOUR);
    const text = await h.reply(LISI, '/投 #1 2');
    expect(text).toContain('已于');
    expect(text).toContain('截止, 不能再投了');
    expect(await h.handle.db.select().from(ballots).all()).toHaveLength(1);
  });

  it('GIVEN a wrong option, no number, or an unknown poll THEN one clear sentence each', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h);
    expect(await h.reply(ZHANGSAN, '/投 #1 7')).toContain('没有 7 号');
    expect(await h.reply(ZHANGSAN, '/投 2')).toContain('请写上你的选择');
    expect(await h.reply(ZHANGSAN, '/投 #9 1')).toContain('没有 #9 投票或表决');
    expect(await h.reply(ZHANGSAN, '/投 #1 1 2')).toMatch(/单选|只能选一个|一个选项/);
  });

  it('GIVEN 1 December WHEN the deadline is 11月30日 THEN the year is asked for with the full form, and no poll is opened', async () => {
    const h = await createCommandHarness({ now: Date.UTC(2026, 11, 1, 2, 0) }); // 2026-12-01 10:00
    const text = await h.reply(ZHAO, '/投票 充电桩装在哪里? | 东门 | 北门 截止 11月30日');
    expect(text).toContain('最近的一天是 2027年11月30日, 离现在超过十个月, 请写上年份, 例如 2027-11-30');
    expect(await h.handle.db.select().from(polls).all()).toHaveLength(0);
  });

  it('GIVEN 多选 THEN several numbers count once each', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h, '多选');
    await h.say(ZHANGSAN, '/投 #1 1 3');
    expect(await h.reply(LISI, '/结果 #1')).toMatch(/1\. 东门: 1 票[\s\S]*3\. 地下车库: 1 票/);
  });
});

describe('anonymous polls', () => {
  it('GIVEN an anonymous poll THEN no command, ack or stored row names a voter', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h, '匿名');
    await h.say(ZHANGSAN, '/投 #1 1');
    await h.say(LISI, '/投 #1 2');
    const before = await h.lastOutboxId();
    await ack(h);
    const acked = (await h.outboxSince(before)).map((r) => r.text ?? '');
    expect(acked).toEqual(['已收到 2 张新的匿名投票, #1 共 2 票。']);
    const rows = await h.handle.db.select().from(ballots).all();
    expect(rows.every((b) => b.personId === null && b.castAt === null)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('wxid_');
    // The committee sees counts only, like everyone.
    const result = await h.reply(ZHAO, '/结果 #1');
    expect(result).not.toMatch(/张三|李四/);
    // After the close the secret and the ballots are gone: nothing is left to link.
    h.advance(3 * 24 * HOUR);
    await close(h);
    const poll = await pollByNo(h.handle.db, h.compoundId, 1);
    expect(poll?.secret).toBeNull();
    expect(await h.handle.db.select().from(ballots).all()).toHaveLength(0);
    expect(await h.reply(ZHAO, '/结果 #1')).toMatch(/1\. 东门: 1 票[\s\S]*2\. 北门: 1 票/);
  });

  it('GIVEN the same member votes twice in an anonymous poll THEN the vote is replaced, not doubled', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h, '匿名');
    await h.say(ZHANGSAN, '/投 #1 1');
    await h.say(ZHANGSAN, '/投 #1 2');
    expect(await h.reply(LISI, '/结果 #1')).toMatch(/1\. 东门: 0 票[\s\S]*2\. 北门: 1 票/);
  });
});

describe('/表决: a formal owners vote', () => {
  it('GIVEN an unverified owner THEN the ballot is refused and says how to get verified', async () => {
    const h = await createCommandHarness({ now: START });
    await h.reply(ZHAO, '/表决 更换物业公司 截止 11月30日');
    expect(await h.reply(WANGFANG, '/投 #1 同意')).toContain('只有已认证的业主');
    await h.reply(WANGFANG, '/绑定 5-1-101 70');
    expect(await h.reply(WANGFANG, '/投 #1 同意')).toContain('还没有认证');
    expect(await h.handle.db.select().from(ballots).all()).toHaveLength(0);
  });

  it('GIVEN an owner of two units THEN one /投 votes for both, and a unit number picks one', async () => {
    const h = await createCommandHarness({ now: START });
    await verifyOwners(h);
    await h.reply(ZHAO, '/表决 更换物业公司 截止 11月30日');
    await h.say(LISI, '/投 #1 同意');
    expect(await h.handle.db.select().from(ballots).all()).toHaveLength(2);
    await h.say(LISI, '/投 #1 反对 3-2-401');
    const result = await h.reply(ZHANGSAN, '/结果 #1');
    // 160.00 of 249.50 ㎡ took part, 1 of 2 owners.
    expect(result).toContain('面积 160.00㎡ / 249.50㎡');
    expect(result).toContain('人数 1 / 2');
    expect(result).toContain('✘ 参与人数 ≥ 总人数 2/3');
    expect(result).toContain('尚未有效');
    expect(await h.reply(LISI, '/投 #1 同意 9-9-999')).toContain('不是你已认证的房屋');
  });

  it('GIVEN enough owners vote THEN /结果 says valid and passed, with each condition', async () => {
    const h = await createCommandHarness({ now: START });
    await verifyOwners(h);
    await h.reply(ZHAO, '/表决 更换物业公司 截止 11月30日');
    await h.say(LISI, '/投 #1 同意');
    await h.say(ZHANGSAN, '/投 #1 弃权');
    const result = await h.reply(WANGFANG, '/结果 #1');
    expect(result).toContain('✔ 参与面积 ≥ 总面积 2/3');
    expect(result).toContain('✔ 同意面积 > 1/2');
    expect(result).toContain('✘ 同意人数 > 1/2');
    expect(result).toContain('已有效, 同意人数未过 1/2');
  });
});

describe('closing at the deadline', () => {
  it('GIVEN the deadline passes THEN one tick closes the poll and posts the result with a PNG, once', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h);
    await h.say(ZHANGSAN, '/投 #1 2');
    await h.say(LISI, '/投 #1 2');
    h.advance(3 * 24 * HOUR - 1000);
    expect(await close(h)).toBe(0);
    h.advance(1000);
    const before = await h.lastOutboxId();
    expect(await close(h)).toBe(1);
    const posted = await h.outboxSince(before);
    expect(posted.map((r) => r.text).join('\n')).toContain('最终结果');
    const png = posted.find((r) => r.file)?.file;
    expect(png?.name).toMatch(/\.png$/);
    expect(png?.data.subarray(1, 4).toString()).toBe('PNG');
    expect(await close(h)).toBe(0);
    // Acks of votes that came just before the close are not posted after the result.
    expect(await ack(h)).toBe(0);
  });
});

describe('reminders 24 h and 1 h before the deadline', () => {
  it('GIVEN members who have not voted THEN each point @mentions them once, in batches', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h);
    await h.say(ZHANGSAN, '/投 #1 1');
    h.advance(2 * 24 * HOUR);
    const before = await h.lastOutboxId();
    expect(await remind(h)).toBeGreaterThan(0);
    const sent = await h.outboxSince(before);
    const mentioned = sent.flatMap((r) => r.mentionIds);
    expect(mentioned).not.toContain(ZHANGSAN);
    expect(mentioned).toContain(LISI);
    expect(sent.every((r) => r.mentionIds.length <= REMINDER_BATCH)).toBe(true);
    expect(sent[0]?.text).toContain('还有约 24 小时');
    expect(await remind(h)).toBe(0);
    h.advance(23 * HOUR);
    const before1h = await h.lastOutboxId();
    await remind(h);
    expect((await h.outboxSince(before1h))[0]?.text).toContain('还有约 1 小时');
    expect(await remind(h)).toBe(0);
  });

  it('GIVEN the bot was down across both points THEN only the 1 h reminder is sent', async () => {
    const h = await createCommandHarness({ now: START });
    await openPoll(h);
    h.advance(3 * 24 * HOUR - 30 * 60_000);
    const before = await h.lastOutboxId();
    await remind(h);
    const texts = (await h.outboxSince(before)).map((r) => r.text ?? '');
    expect(texts.some((t) => t.includes('1 小时'))).toBe(true);
    expect(texts.some((t) => t.includes('24 小时'))).toBe(false);
  });

  /** Every reminder text queued while the clock steps from now to the deadline. */
  async function remindersUntil(h: CommandHarness, untilMs: number, stepMs = 60_000): Promise<string[]> {
    const before = await h.lastOutboxId();
    for (let t = 0; t < untilMs; t += stepMs) {
      await remind(h);
      h.advance(stepMs);
    }
    return (await h.outboxSince(before)).flatMap((r) => (r.text?.includes('还没投') ? [r.text] : []));
  }

  it('GIVEN 截止 1小时 THEN nobody is @mentioned: the 1 h point falls at the announcement', async () => {
    const h = await createCommandHarness({ now: START });
    await h.reply(ZHAO, '/投票 今晚停车场开不开灯? | 开 | 不开 截止 1小时');
    expect(await remindersUntil(h, HOUR, 30_000)).toEqual([]);
  });

  it('GIVEN 截止 1天 THEN the 24 h point (at the announcement) is skipped and the 1 h reminder is sent', async () => {
    const h = await createCommandHarness({ now: START });
    await h.reply(ZHAO, '/投票 充电桩装在哪里? | 东门 | 北门 截止 1天');
    const texts = await remindersUntil(h, 24 * HOUR, 5 * 60_000);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.includes('还有约 1 小时'))).toBe(true);
  });

  it('GIVEN a 1 h point 20 minutes after the announcement THEN it is skipped; 40 minutes after, it is sent', async () => {
    const soon = await createCommandHarness({ now: START });
    await soon.reply(ZHAO, '/投票 充电桩装在哪里? | 东门 | 北门 截止 1小时20分钟');
    expect(await remindersUntil(soon, 80 * 60_000)).toEqual([]);
    const later = await createCommandHarness({ now: START });
    await later.reply(ZHAO, '/投票 充电桩装在哪里? | 东门 | 北门 截止 1小时40分钟');
    const texts = await remindersUntil(later, 100 * 60_000);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.includes('还有约 1 小时'))).toBe(true);
  });

  it('GIVEN a formal vote THEN the reminder names verified owners of units not yet voted only', async () => {
    const h = await createCommandHarness({ now: START });
    await verifyOwners(h);
    await h.reply(ZHAO, '/表决 更换物业公司 截止 2天');
    await h.say(LISI, '/投 #1 同意');
    h.advance(47 * HOUR);
    const before = await h.lastOutboxId();
    await remind(h);
    const mentioned = (await h.outboxSince(before)).flatMap((r) => r.mentionIds);
    expect(mentioned).toEqual([ZHANGSAN]);
  });
});

describe('voting in a private chat with the bot', () => {
  it('GIVEN an anonymous poll THEN the announcement asks for private votes and a private /投 counts, answered privately', async () => {
    const h = await createCommandHarness({ now: START });
    // Members become known to the bot's group roster when they speak in the group.
    await h.say(ZHANGSAN, '/三务');
    const announcement = await h.reply(ZHAO, '/投票 绿化改造选哪个方案? | 方案A | 方案B 匿名 截止 3天');
    expect(announcement).toContain('请私聊红管家发送 /投 #1 选项号');
    const { replies } = await h.say(ZHANGSAN, '/投 #1 2', { room: null });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.conversationId).toBe(ZHANGSAN);
    expect(replies[0]?.text).toContain('已收到你对投票 #1「绿化改造选哪个方案?」的投票 (匿名, 只计票数)');
    const before = await h.lastOutboxId();
    await ack(h);
    expect((await h.outboxSince(before)).map((r) => [r.conversationId, r.text])).toEqual([
      [OWNERS, '已收到 1 张新的匿名投票, #1 共 1 票。'],
    ]);
    expect(await h.reply(LISI, '/结果 #1')).toMatch(/2\. 方案B: 1 票/);
  });

  it('GIVEN someone in no group of the compound, or an unknown number THEN a private vote is refused clearly', async () => {
    const h = await createCommandHarness({ now: START });
    await h.reply(ZHAO, '/投票 a? | x | y');
    expect(await h.reply('wxid_stranger', '/投 #1 1', { room: null })).toContain('没有找到 #1 投票');
    await h.say(ZHANGSAN, '/三务');
    expect(await h.reply(ZHANGSAN, '/投 #7 1', { room: null })).toContain('没有找到 #7 投票');
    expect(await h.handle.db.select().from(ballots).all()).toHaveLength(0);
  });

  describe('a member of two compounds that both have poll #1', () => {
    const XINGFU = { id: 'xingfu-owners@chatroom', topic: '幸福里业主群' };
    const BOSS = 'wxid_boss';

    /** 张三 is in 阳光花园's group and in 幸福里's; each has an anonymous poll #1. */
    async function twoCompounds(): Promise<CommandHarness> {
      const h = await createCommandHarness({ now: START, admins: [BOSS] });
      await h.reply(BOSS, '/绑定群 幸福里', { room: XINGFU });
      await h.reply(BOSS, '/角色 @赵委员 业委会', { room: XINGFU, mentions: [ZHAO] });
      await h.say(ZHANGSAN, '/三务', { room: XINGFU });
      await h.reply(ZHAO, '/投票 快递柜放哪里? | 东门 | 北门 匿名 截止 3天', { room: XINGFU });
      await h.reply(ZHAO, '/投票 绿化改造选哪个方案? | 方案A | 方案B 匿名 截止 3天');
      return h;
    }
    const ballotCount = async (h: CommandHarness) => (await h.handle.db.select().from(ballots).all()).length;

    it('GIVEN /投 #1 privately THEN the private answer lists both polls with the command that names each compound, never the group', async () => {
      const h = await twoCompounds();
      const { replies } = await h.say(ZHANGSAN, '/投 #1 2', { room: null });
      expect(replies).toHaveLength(1);
      expect(replies[0]?.conversationId).toBe(ZHANGSAN);
      const text = replies[0]?.text ?? '';
      expect(text).toContain('阳光花园#1「绿化改造选哪个方案?」');
      expect(text).toContain('幸福里#1「快递柜放哪里?」');
      expect(text).toContain('/投 阳光花园#1 2');
      expect(text).toContain('/投 幸福里#1 2');
      expect(text).not.toMatch(/群里/);
      expect(await ballotCount(h)).toBe(0);
    });

    it('GIVEN both polls closed THEN a private /投 #1 says both are closed, naming each', async () => {
      const h = await twoCompounds();
      h.advance(4 * 24 * HOUR);
      const text = await h.reply(ZHANGSAN, '/投 #1 2', { room: null });
      expect(text).toContain('都已截止');
      expect(text).toContain('阳光花园#1「绿化改造选哪个方案?」');
      expect(text).toContain('幸福里#1「快递柜放哪里?」');
    });

    it('GIVEN /投 幸福里#1 2 privately (or with a space, or ＃) THEN it counts in 幸福里 only and the answer names the compound', async () => {
      const h = await twoCompounds();
      const { replies } = await h.say(ZHANGSAN, '/投 幸福里#1 2', { room: null });
      expect(replies.map((r) => r.conversationId)).toEqual([ZHANGSAN]);
      expect(replies[0]?.text).toContain('已收到你对幸福里投票 #1「快递柜放哪里?」的投票 (匿名, 只计票数)');
      expect(await h.reply(ZHAO, '/结果 #1', { room: XINGFU })).toMatch(/2\. 北门: 1 票/);
      expect(await h.reply(ZHAO, '/结果 #1')).toMatch(/共 0 人投票/);
      // A changed vote, typed the other ways, replaces the first.
      await h.say(ZHANGSAN, '/投 幸福里 #1 1', { room: null });
      await h.say(ZHANGSAN, '/投 幸福里＃１ 1', { room: null });
      expect(await ballotCount(h)).toBe(1);
      expect(await h.reply(ZHAO, '/结果 #1', { room: XINGFU })).toMatch(/1\. 东门: 1 票/);
    });

    it('GIVEN a compound the member is in no group of THEN the private answer names the compounds they can vote in, and nothing counts', async () => {
      const h = await twoCompounds();
      const text = await h.reply(ZHANGSAN, '/投 别的小区#1 2', { room: null });
      expect(text).toContain('「别的小区」');
      expect(text).toContain('阳光花园、幸福里');
      expect(await h.reply(LISI, '/投 幸福里#1 2', { room: null })).toContain('你所在的小区: 阳光花园');
      expect(await h.reply('wxid_stranger', '/投 幸福里#1 2', { room: null })).toContain('没有找到');
      expect(await ballotCount(h)).toBe(0);
    });

    it("GIVEN another compound's poll named in a group THEN it is refused there; this compound's name works", async () => {
      const h = await twoCompounds();
      expect(await h.reply(ZHANGSAN, '/投 幸福里#1 2')).toContain('本群只能投「阳光花园」的投票');
      expect(await ballotCount(h)).toBe(0);
      expect((await h.say(ZHANGSAN, '/投 阳光花园#1 2')).result.status).toBe('ok');
      expect(await ballotCount(h)).toBe(1);
    });
  });
});
