import { describe, expect, it } from 'vitest';
import { demoMembers } from '../../../bot/sandbox/demo-compound.js';
import { createCommandHarness } from '../../support/command-harness.js';
import { events, LISI, OWNERS, SHIFU, STAFF, SUN, ticket, to, ZHANGSAN, ZHAO } from './ticket-kit.js';

/** What padlocal 1.x, wechat4u and wechatferry deliver for a quote-reply (see core/quote.ts). */
const quoting = (name: string, text: string, reply = '/报修') =>
  `「${name}：${text}」\n- - - - - - - - - - - - - - -\n${reply}`;

describe('quote an owner’s message and send /报修 (SPEC "Owners’ own words")', () => {
  it('GIVEN a manager quotes 张三 THEN the quoted text is 张三’s ticket, filed by the manager, and 张三 is @mentioned', async () => {
    const h = await createCommandHarness();
    const { result, replies } = await h.say(SHIFU, quoting('张三', '3号楼2单元楼道灯坏了好几天了'));
    expect(result.status).toBe('ok');
    const reply = to(replies, OWNERS.id);
    expect(reply.text).toMatch(
      /^已受理 #1 维修·一般 \(王师傅 代 张三 报修\): 3号楼2单元楼道灯坏了好几天了\n/,
    );
    expect(reply.mentionIds).toEqual([ZHANGSAN]);
    expect(await ticket(h, 1)).toMatchObject({
      reporterId: ZHANGSAN,
      filedBy: SHIFU,
      description: '3号楼2单元楼道灯坏了好几天了',
    });
    expect((await events(h, 1))[0]?.note).toBe('引用 张三 的消息代报');
    expect(to(replies, STAFF.id).text).toContain('(张三, 王师傅 代报)');
  });

  it('GIVEN a committee member quotes a message in traditional characters THEN it is filed the same way, the text kept as written', async () => {
    const h = await createCommandHarness();
    const { replies } = await h.say(ZHAO, quoting('张三', '我家廚房天花板漏水了, 樓上沒人'));
    expect(to(replies, OWNERS.id).mentionIds).toEqual([ZHANGSAN]);
    expect(await ticket(h, 1)).toMatchObject({
      reporterId: ZHANGSAN,
      filedBy: ZHAO,
      description: '我家廚房天花板漏水了, 樓上沒人',
      ticketClass: 'major',
    });
  });

  it('GIVEN the older padlocal form (reply first, quote last) from a grid head THEN it files the same', async () => {
    const h = await createCommandHarness();
    await h.say(SUN, '/报修\n「张三：5号楼电梯又坏了」');
    expect(await ticket(h, 1)).toMatchObject({
      reporterId: ZHANGSAN,
      filedBy: SUN,
      description: '5号楼电梯又坏了',
    });
  });

  it('GIVEN the raw appmsg XML with the quoted author’s id THEN the id decides, whatever the shown name', async () => {
    const h = await createCommandHarness();
    const xml =
      'wxid_shifu_wang:\n<msg><appmsg><title>/报修</title><type>57</type><refermsg><type>1</type>' +
      '<chatusr>wxid_zhangsan</chatusr><displayname>3-2-301 张哥</displayname>' +
      '<content>车库入口道闸坏了</content></refermsg></appmsg></msg>';
    await h.say(SHIFU, xml);
    expect(await ticket(h, 1)).toMatchObject({
      reporterId: ZHANGSAN,
      filedBy: SHIFU,
      description: '车库入口道闸坏了',
    });
  });

  it('GIVEN words after /报修 THEN they are added to the quoted text', async () => {
    const h = await createCommandHarness();
    await h.say(SHIFU, quoting('张三', '楼道灯不亮', '/报修 3号楼2单元'));
    expect((await ticket(h, 1)).description).toBe('楼道灯不亮 (补充: 3号楼2单元)');
  });

  it('GIVEN the author quotes their own message THEN it is their ticket and the reply @mentions them', async () => {
    const h = await createCommandHarness();
    const { replies } = await h.say(ZHANGSAN, quoting('张三', '楼下垃圾三天没人收了'));
    const reply = to(replies, OWNERS.id);
    expect(reply.text).toMatch(/^已受理 #1 环境卫生·一般: 楼下垃圾三天没人收了/);
    expect(reply.mentionIds).toEqual([ZHANGSAN]);
    expect(await ticket(h, 1)).toMatchObject({ reporterId: ZHANGSAN, filedBy: ZHANGSAN });
  });

  it('GIVEN another owner quotes 张三 THEN it is refused clearly and nothing is filed', async () => {
    const h = await createCommandHarness();
    const { result, replies } = await h.say(LISI, quoting('张三', '楼道灯不亮'));
    expect(result.status).toBe('user-error');
    expect(replies.map((r) => r.text)).toEqual([
      '只有物业、业委会委员、网格长或原发言人可以引用别人的消息报修。你自己的事请直接发 /报修 <描述>。',
    ]);
    expect(replies[0]?.mentionIds).toEqual([LISI]);
    expect((await h.say(ZHANGSAN, '/进度 #1')).replies[0]?.text).toContain('没有 #1 号工单');
  });

  it('GIVEN two members share the quoted name THEN the bot asks which one, guesses nothing and files nothing', async () => {
    const members = [...demoMembers, { id: 'wxid_zhangsan_2', name: '张三', roles: [], staffGroup: false }];
    const h = await createCommandHarness({ members });
    const { result, replies } = await h.say(ZHAO, quoting('张三', '楼道灯不亮'));
    expect(result.status).toBe('user-error');
    expect(replies.map((r) => r.text)).toEqual([
      '群里有 2 位成员叫「张三」, 是哪一位? 请发 /报修 @张三 <描述>, 用 @ 从成员列表里选人。',
    ]);
    expect((await h.say(ZHANGSAN, '/进度 #1')).replies[0]?.text).toContain('没有 #1 号工单');
  });

  it('GIVEN the group’s member list finds a second 张三 who shows under another nickname THEN the question lists both names', async () => {
    const h = await createCommandHarness();
    const quoteMembers = [{ id: 'wxid_zhangsan_2', name: '3-2 老张' }];
    const { replies } = await h.say(ZHAO, quoting('张三', '楼道灯不亮'), { quoteMembers });
    expect(replies.map((r) => r.text)).toEqual([
      '群里有 2 位成员叫「张三」(张三、3-2 老张), 是哪一位? 请发 /报修 @某人 <描述>, 用 @ 从成员列表里选人。',
    ]);
  });

  it('GIVEN only the group’s member list knows the quoted name THEN that member is the reporter', async () => {
    const h = await createCommandHarness();
    const quoteMembers = [{ id: 'wxid_qianqi', name: '钱七' }];
    await h.say(SHIFU, quoting('钱七', '地库积水了'), { quoteMembers });
    expect(await ticket(h, 1)).toMatchObject({ reporterId: 'wxid_qianqi', filedBy: SHIFU });
  });

  it('GIVEN the quoted name fits no member of the group THEN the bot says so and how to file', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ZHAO, quoting('路人甲', '楼道灯不亮'))).toBe(
      '群里没找到「路人甲」, 不知道是谁说的。请发 /报修 @某人 <描述> 代报, 用 @ 从成员列表里选人。',
    );
  });

  it('GIVEN a quoted photo THEN the bot asks for a text message instead', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ZHAO, quoting('张三', '图片'))).toBe(
      '引用的是图片、视频或表情, 没法登记成工单。请引用文字消息, 或发 /报修 @某人 <描述>。',
    );
  });

  it('GIVEN a quote with any other command THEN the quote is ignored and the command runs as usual', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ZHANGSAN, quoting('李四', '楼道灯不亮', '/进度'))).toContain('你没有');
  });
});
