import { describe, expect, it } from 'vitest';
import { demoBot } from '../../../bot/sandbox/demo-compound.js';
import { createDispatcher, privateGuide } from '../../../commands/dispatcher.js';
import { allCommands } from '../../../commands/index.js';
import { type CommandHarness, createCommandHarness } from '../../support/command-harness.js';
import { ADMIN, HOUR, LISI, MINUTE, OWNERS, SHIFU, STAFF, ZHANGSAN, ZHAO } from './ticket-kit.js';

const HINT = '看起来是报修, 要登记的话请发 /报修 <描述>, 或引用这条消息发 /报修。';
const COMPLAINT = '3号楼楼道灯坏了好几天了';

async function withHintOn(): Promise<CommandHarness> {
  const h = await createCommandHarness();
  expect(await h.reply(ZHAO, '/设置 提示报修 开')).toContain('改为 开');
  return h;
}

describe('/设置 提示报修', () => {
  it('GIVEN no change THEN /设置 shows 提示报修 off by default', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ZHAO, '/设置')).toContain('提示报修: 关');
  });

  it('GIVEN /设置 提示报修 开 THEN /设置 shows it on next to the default; 关 and 默认 turn it off', async () => {
    const h = await createCommandHarness();
    expect(await h.reply(ADMIN, '/设置 提示报修 开')).toBe(
      '已把提示报修从 关 改为 开: 业主群里像报修的消息, 我会提醒发 /报修 (每人每小时最多一次)。',
    );
    expect(await h.reply(ZHAO, '/设置')).toContain('提示报修: 开 (默认 关)');
    expect(await h.reply(ZHAO, '/设置 提示报修 关')).toBe('已把提示报修从 开 改为 关。');
    await h.reply(ZHAO, '/设置 提示报修 开');
    expect(await h.reply(ZHAO, '/设置 提示报修 默认')).toBe('已把提示报修从 开 改为 关。');
  });

  it('GIVEN /设置 提示报修 with no or a wrong value THEN it says to write 开 or 关', async () => {
    const h = await createCommandHarness();
    for (const cmd of ['/设置 提示报修', '/设置 提示报修 也许']) {
      const text = await h.reply(ZHAO, cmd);
      expect(text).toContain('请写 开 或 关, 例如 /设置 提示报修 开。');
      expect(text).toContain('用法: /设置');
    }
  });
});

describe('the /报修 hint under a complaint in the owners group', () => {
  it('GIVEN the hint is off (the default) WHEN an owner complains THEN nothing is said', async () => {
    const h = await createCommandHarness();
    const { result, replies } = await h.say(ZHANGSAN, COMPLAINT);
    expect(result.status).toBe('ignored');
    expect(replies).toEqual([]);
  });

  it('GIVEN the hint is on WHEN an owner complains THEN one short line @mentions them and offers /报修', async () => {
    const h = await withHintOn();
    const { result, replies } = await h.say(ZHANGSAN, COMPLAINT);
    expect(result.status).toBe('hinted');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ conversationId: OWNERS.id, text: HINT, mentionIds: [ZHANGSAN] });
  });

  it('GIVEN the hint is on WHEN a member the roster has not met yet complains THEN the hint @mentions them all the same', async () => {
    const h = await withHintOn();
    const { result, replies } = await h.say('wxid_newcomer', COMPLAINT, { name: '新邻居' });
    expect(result.status).toBe('hinted');
    expect(replies).toEqual([
      expect.objectContaining({ conversationId: OWNERS.id, text: HINT, mentionIds: ['wxid_newcomer'] }),
    ]);
  });

  it('GIVEN the hint is on WHEN owners talk normally THEN nothing is said', async () => {
    const h = await withHintOn();
    for (const text of ['大家好', '今天几点开会', '谢谢物业', '物业费怎么交', '出售九成新婴儿车, 有意私聊']) {
      const { result, replies } = await h.say(ZHANGSAN, text);
      expect(result.status, text).toBe('ignored');
      expect(replies, text).toEqual([]);
    }
  });

  it('GIVEN a hint was given WHEN the same member complains within the hour THEN nothing more; after the hour THEN once again', async () => {
    const h = await withHintOn();
    expect((await h.say(ZHANGSAN, COMPLAINT)).replies).toHaveLength(1);
    h.advance(30 * MINUTE);
    expect((await h.say(ZHANGSAN, '电梯又坏了')).replies).toEqual([]);
    // Another member has their own hour.
    expect((await h.say(LISI, '电梯又坏了')).replies).toHaveLength(1);
    h.advance(30 * MINUTE - 1);
    expect((await h.say(ZHANGSAN, '水管爆了')).replies).toEqual([]);
    h.advance(1);
    expect((await h.say(ZHANGSAN, '水管爆了')).replies.map((r) => r.text)).toEqual([HINT]);
  });

  it('GIVEN a hint was given WHEN the bot restarts within the hour THEN the member gets no second hint', async () => {
    const h = await withHintOn();
    expect((await h.say(ZHANGSAN, COMPLAINT)).replies).toHaveLength(1);
    const restarted = createDispatcher({
      db: h.handle.db,
      tz: h.tz,
      bot: { names: [demoBot.name] },
      configAdmins: new Set(),
      commands: allCommands,
      log: { info() {}, warn() {}, error() {} },
    });
    const before = await h.lastOutboxId();
    const again = await restarted.dispatch(
      {
        id: 'after-restart',
        text: '电梯又坏了',
        speaker: { id: ZHANGSAN, name: '张三' },
        room: OWNERS,
        mentions: [],
      },
      h.now + 10 * MINUTE,
    );
    expect(again.status).toBe('ignored');
    expect(await h.outboxSince(before)).toEqual([]);
  });

  it('GIVEN the same message delivered twice THEN it is hinted once', async () => {
    const h = await withHintOn();
    expect((await h.say(ZHANGSAN, COMPLAINT, { id: 'twice' })).replies).toHaveLength(1);
    h.advance(2 * HOUR);
    const { result, replies } = await h.say(ZHANGSAN, COMPLAINT, { id: 'twice' });
    expect(result.status).toBe('duplicate');
    expect(replies).toEqual([]);
  });

  it('GIVEN the hint is on WHEN the complaint is in the staff group or a private chat THEN no hint', async () => {
    const h = await withHintOn();
    expect((await h.say(ZHAO, COMPLAINT, { room: STAFF })).replies).toEqual([]);
    expect((await h.say(ZHANGSAN, COMPLAINT, { room: null })).replies.map((r) => r.text)).toEqual([
      privateGuide,
    ]);
  });

  it('GIVEN the hint is on WHEN a manager or committee member writes of a fault in the owners group THEN no hint (they know /报修)', async () => {
    const h = await withHintOn();
    expect((await h.say(SHIFU, '3号楼电梯坏了, 正在处理')).replies).toEqual([]);
    expect((await h.say(ZHAO, COMPLAINT)).replies).toEqual([]);
  });
});
