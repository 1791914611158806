import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { ticketByNo } from '../../db/tickets.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';

const OWNERS = demoOwnersRoom.id;
const ZHANGSAN = 'wxid_zhangsan';
const LISI = 'wxid_lisi';
const SHIFU = 'wxid_shifu_wang';
const ZHAO = 'wxid_zhao_weiyuan';
const HINT = '看起来是报修, 要登记的话请发 /报修 <描述>, 或引用这条消息发 /报修。';
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

async function start(): Promise<MockBot> {
  running = await startMockBot();
  return running;
}

const has = (s: string) => (m: SentMessage) => m.text?.includes(s) ?? false;

/** A quote-reply as padlocal 1.x, wechat4u and wechatferry deliver it (see core/quote.ts). */
const quoting = (name: string, text: string, reply = '/报修') =>
  `「${name}：${text}」\n- - - - - - - - - - - - - - -\n${reply}`;

/** Sends a command after `what` and waits for its answer: everything `what` caused is sent by then. */
async function settle(t: MockBot, who: string): Promise<void> {
  t.world.say(who, OWNERS, '/进度');
  await t.waitFor(OWNERS, has('你没有未结的工单'));
}

describe("owners' own words in a mock WeChat group", () => {
  it('GIVEN a manager quotes 张三’s message and sends /报修 THEN it is 张三’s ticket and the reply @mentions 张三', async () => {
    const t = await start();
    t.world.say(ZHANGSAN, OWNERS, '3号楼2单元楼道灯坏了好几天了');
    t.world.say(SHIFU, OWNERS, quoting('张三', '3号楼2单元楼道灯坏了好几天了'));
    const filed = await t.waitFor(OWNERS, has('已受理 #1'));
    expect(filed.mentionIds).toEqual([ZHANGSAN]);
    expect(filed.text?.startsWith('@张三')).toBe(true);
    expect(filed.text).toContain('(王师傅 代 张三 报修): 3号楼2单元楼道灯坏了好几天了');
    expect(await ticketByNo(t.handle.db, t.compoundId, 1)).toMatchObject({
      reporterId: ZHANGSAN,
      filedBy: SHIFU,
    });
  });

  it('GIVEN a committee member quotes a message in traditional characters THEN it is filed for its author the same way', async () => {
    const t = await start();
    t.world.say(ZHAO, OWNERS, quoting('张三', '我家廚房天花板漏水了, 樓上沒人'));
    const filed = await t.waitFor(OWNERS, has('已受理 #1'));
    expect(filed.mentionIds).toEqual([ZHANGSAN]);
    expect(filed.text).toContain('(赵委员 代 张三 报修)');
    expect(await ticketByNo(t.handle.db, t.compoundId, 1)).toMatchObject({
      reporterId: ZHANGSAN,
      filedBy: ZHAO,
      description: '我家廚房天花板漏水了, 樓上沒人',
      ticketClass: 'major',
    });
  });

  it('GIVEN a committee member files /报修 @张三 <描述> THEN 张三 is the reporter and is told by @mention who filed', async () => {
    const t = await start();
    t.world.say(ZHAO, OWNERS, '/报修 @张三 5号楼门口井盖松了');
    const filed = await t.waitFor(OWNERS, has('已受理 #1'));
    expect(filed.mentionIds).toEqual([ZHANGSAN]);
    expect(filed.text).toContain('(赵委员 代 张三 报修): 5号楼门口井盖松了');
    expect(await ticketByNo(t.handle.db, t.compoundId, 1)).toMatchObject({
      reporterId: ZHANGSAN,
      filedBy: ZHAO,
    });
  });

  it('GIVEN two members named 张三 WHEN a quote names 张三 THEN the bot asks which one and files nothing', async () => {
    const t = await start();
    t.world.addMember({ id: 'wxid_zhangsan_b', name: '张三' }, [OWNERS]);
    t.world.say('wxid_zhangsan_b', OWNERS, '/帮助');
    await t.waitFor(OWNERS, has('你可以用的命令'));
    t.world.say(ZHAO, OWNERS, quoting('张三', '楼道灯不亮'));
    const asked = await t.waitFor(OWNERS, has('是哪一位'));
    expect(asked.text).toContain('群里有 2 位成员叫「张三」, 是哪一位? 请发 /报修 @张三 <描述>');
    expect(asked.mentionIds).toEqual([ZHAO]);
    expect(await ticketByNo(t.handle.db, t.compoundId, 1)).toBeNull();
  });

  it('GIVEN a member the store has not met yet (never sent a command) WHEN their message is quoted THEN the group’s member list finds them', async () => {
    const t = await start();
    t.world.addMember({ id: 'wxid_qianqi', name: '钱七' }, [OWNERS]);
    t.world.say(ZHAO, OWNERS, quoting('钱七', '地库积水了'));
    const filed = await t.waitFor(OWNERS, has('已受理 #1'));
    expect(filed.mentionIds).toEqual(['wxid_qianqi']);
    expect(await ticketByNo(t.handle.db, t.compoundId, 1)).toMatchObject({
      reporterId: 'wxid_qianqi',
      filedBy: ZHAO,
    });
  });

  it('GIVEN the hint is off (the default) WHEN an owner complains THEN the bot says nothing', async () => {
    const t = await start();
    t.world.say(ZHANGSAN, OWNERS, '电梯又坏了, 困在里面了');
    await settle(t, LISI);
    expect(t.sentTo(OWNERS).filter(has('看起来是报修'))).toEqual([]);
  });

  it('GIVEN /设置 提示报修 开 WHEN an owner complains twice and chats THEN one hint line @mentions them, once, and chat gets nothing', async () => {
    const t = await start();
    t.world.say(ZHAO, OWNERS, '/设置 提示报修 开');
    await t.waitFor(OWNERS, has('改为 开'));
    t.mark();
    t.world.say(ZHANGSAN, OWNERS, '大家好');
    t.world.say(ZHANGSAN, OWNERS, '3号楼电梯又坏了');
    const hint = await t.waitFor(OWNERS, has('看起来是报修'));
    expect(hint.text).toBe(`@张三 ${HINT}`);
    expect(hint.mentionIds).toEqual([ZHANGSAN]);
    t.world.say(ZHANGSAN, OWNERS, '楼道灯也不亮了');
    t.world.say(ZHANGSAN, OWNERS, '谢谢物业');
    await settle(t, LISI);
    expect(t.sentTo(OWNERS).filter(has('看起来是报修'))).toHaveLength(1);
  });
});
