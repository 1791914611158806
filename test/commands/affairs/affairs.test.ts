import { describe, expect, it } from 'vitest';
import { affairItems, ledgerLines } from '../../../db/schema-affairs.js';
import { runAffairsNotices } from '../../../schedules/affairs-notices.js';
import { type CommandHarness, createCommandHarness } from '../../support/command-harness.js';

const ZHAO = 'wxid_zhao_weiyuan';
const CHEN = 'wxid_chen_shuji';
const ZHANGSAN = 'wxid_zhangsan';
const ADMIN = 'wxid_admin_liu';
const WANG = 'wxid_shifu_wang';
const MIN = 60_000;
const OWNERS = 'sunshine-owners@chatroom';
// Mon 2026-11-23 10:00 Shanghai; the default monthly notice is Tue 2026-12-01 09:00 (01:00 UTC).
const START = Date.UTC(2026, 10, 23, 2, 0);
const MONTHLY = Date.UTC(2026, 11, 1, 1, 0);

const tick = (h: CommandHarness) =>
  h.handle.db.transaction((tx) => runAffairsNotices(tx, h.now, h.tz, h.publicUrl));

describe('/收支 and /公示', () => {
  it('GIVEN the committee records income and expense THEN the balance is exact to the fen', async () => {
    const h = await createCommandHarness({ now: START });
    await h.reply(ZHAO, '/收支 收入 5600.5 电梯广告');
    const text = await h.reply(ZHAO, '/收支 支出 1,280元 更换3号楼楼道灯');
    expect(text).toContain('支出 ¥1,280.00');
    expect(text).toContain('余额 ¥4,320.50');
    expect((await h.handle.db.select().from(ledgerLines).all()).map((l) => l.amountFen)).toEqual([
      560050, 128000,
    ]);
  });

  it('GIVEN bad amounts or words THEN one Chinese sentence with the usage and nothing stored', async () => {
    const h = await createCommandHarness({ now: START });
    for (const bad of [
      '/收支 支出 abc 测试',
      '/收支 支出 -5 测试',
      '/收支 花费 10 测试',
      '/收支 constructor 10 x',
      '/收支 支出 10',
    ]) {
      const reply = await h.reply(ZHAO, bad);
      expect(reply, bad).toMatch(/[\u4e00-\u9fff]/);
      expect(reply, bad).toContain('用法: /收支');
    }
    expect(await h.handle.db.select().from(ledgerLines).all()).toHaveLength(0);
  });

  it('GIVEN who may publish what THEN the community does 党务/居务, the committee 财务, owners nothing', async () => {
    const h = await createCommandHarness({ now: START });
    expect(await h.reply(CHEN, '/公示 党务 11月15日党员志愿服务日')).toContain('已加入下次三务公示 (党务)');
    expect(await h.reply(ZHAO, '/公示 财务 电梯年检费用已支付')).toContain('(财务)');
    expect(await h.reply(ZHANGSAN, '/公示 党务 x')).toMatch(/只有/);
    expect(await h.reply(ZHANGSAN, '/收支 收入 1 x')).toMatch(/只有/);
    expect(await h.reply(CHEN, '/公示 constructor x')).toContain('用法: /公示');
    expect(await h.handle.db.select().from(affairItems).all()).toHaveLength(2);
  });
});

describe('the monthly notice and /三务', () => {
  it('GIVEN items and ledger lines THEN at 1st 09:00 one notice with a PNG goes to the owners group, once; /三务 shows it again', async () => {
    const h = await createCommandHarness({ now: START });
    expect(await h.reply(ZHANGSAN, '/三务')).toContain('第一期将在 12月1日 09:00 发布');
    await h.reply(CHEN, '/公示 党务 11月15日党员志愿服务日');
    await h.reply(ZHAO, '/收支 支出 1280 更换3号楼楼道灯');
    await h.say(ZHANGSAN, '/报修 楼道灯不亮');
    h.setNow(MONTHLY - 1000);
    const before = await h.lastOutboxId();
    expect(await tick(h)).toBe(0);
    h.setNow(MONTHLY);
    expect(await tick(h)).toBeGreaterThan(0);
    const posted = await h.outboxSince(before);
    const text = posted.map((r) => r.text ?? '').join('\n');
    expect(text).toContain('【阳光花园 三务公开】2026年11月');
    expect(text).toContain('【党务】11月15日党员志愿服务日');
    expect(text).toContain('支出 ¥1,280.00');
    expect(text).toContain('报修 1 件');
    const png = posted.find((r) => r.file)?.file;
    expect(png?.data.subarray(1, 4).toString()).toBe('PNG');
    expect(posted.every((r) => r.conversationId === OWNERS)).toBe(true);
    h.advance(5000);
    expect(await tick(h)).toBe(0);
    const again = (await h.say(ZHANGSAN, '/三务')).replies;
    expect(again[0]?.text).toContain('三务公开');
    expect(again.some((r) => r.file?.data.subarray(1, 4).toString() === 'PNG')).toBe(true);
  });

  it('GIVEN one ticket solved on time, one left open past its deadline and one filed 3 minutes before the notice THEN 按时办结率 is 1 of 2', async () => {
    const h = await createCommandHarness({ now: START });
    await tick(h); // the schedules start counting from here
    await h.say(ZHANGSAN, '/报修 楼道灯不亮');
    h.advance(MIN);
    await h.reply(WANG, '/接单 #1');
    h.advance(10 * MIN);
    await h.say(WANG, '/完成 #1 换了灯泡');
    await h.say(ZHANGSAN, '/报修 单元门禁坏了');
    h.setNow(MONTHLY - 3 * MIN);
    await h.say(ZHANGSAN, '/报修 垃圾桶满了');
    h.setNow(MONTHLY);
    const before = await h.lastOutboxId();
    await tick(h);
    const text = (await h.outboxSince(before)).map((r) => r.text ?? '').join('\n');
    expect(text).toContain('报修 3 件, 办结 1 件, 按时办结率 50.0%');
  });

  it('GIVEN a cron expression that is wrong THEN /设置 refuses it clearly and keeps the old one', async () => {
    const h = await createCommandHarness({ now: START });
    expect(await h.reply(ADMIN, '/设置 公示 61 * * * *')).toContain('分钟「61」不对, 应在 0-59 之间');
    expect(await h.reply(ZHANGSAN, '/三务')).toContain('12月1日 09:00');
  });
});
