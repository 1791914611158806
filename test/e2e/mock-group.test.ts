import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom, demoStaffRoom } from '../../bot/sandbox/demo-compound.js';
import { grantedRoles } from '../../db/people.js';
import { type MockBot, startMockBot } from '../support/mock-bot.js';

const OWNERS = demoOwnersRoom.id;
let running: MockBot | null = null;

afterEach(async () => {
  await running?.stop();
  running = null;
});

async function start(): Promise<MockBot> {
  running = await startMockBot();
  return running;
}

describe('the bot in a mock WeChat group (real wiring on wechaty-puppet-mock)', () => {
  it('GIVEN an owner types /帮助 in the group THEN the bot posts the command list in that group', async () => {
    const t = await start();
    t.world.say('wxid_zhangsan', OWNERS, '/帮助');
    const reply = await t.waitFor(OWNERS, (m) => m.text?.includes('你可以用的命令') ?? false);
    expect(reply.text).toContain('/绑定 <楼-单元-室> <面积㎡>');
    expect(reply.text).not.toContain('/角色');
  });

  it('GIVEN @红管家 帮助 (a real mention) and ／帮助 THEN both get the help list', async () => {
    const t = await start();
    t.world.say('wxid_zhangsan', OWNERS, '@红管家 帮助');
    await t.waitFor(OWNERS, (m) => m.text?.includes('你可以用的命令') ?? false);
    t.mark();
    t.world.say('wxid_lisi', OWNERS, '／help');
    await t.waitFor(OWNERS, (m) => m.text?.includes('你可以用的命令') ?? false);
  });

  it('GIVEN an admin grants a role by @mention THEN the reply names the person and the role is stored by contact id', async () => {
    const t = await start();
    t.world.say('wxid_admin_liu', OWNERS, '/角色 @李四 业委会');
    const reply = await t.waitFor(OWNERS, (m) => m.text?.includes('已授予') ?? false);
    expect(reply.text).toContain('李四');
    expect(await grantedRoles(t.handle.db, t.compoundId, 'wxid_lisi')).toEqual(['committee']);
  });

  it('GIVEN an owner tries an admin command THEN the refusal @mentions them with a real mention', async () => {
    const t = await start();
    t.world.say('wxid_zhangsan', OWNERS, '/角色 @李四 物业');
    const reply = await t.waitFor(OWNERS, (m) => m.text?.includes('只有管理员') ?? false);
    expect(reply.mentionIds).toEqual(['wxid_zhangsan']);
    expect(reply.text?.startsWith('@张三')).toBe(true);
  });

  it('GIVEN a bind and a verify THEN both answer in the group in order', async () => {
    const t = await start();
    t.world.say('wxid_zhangsan', OWNERS, '/绑定 3-2-301 89.5');
    t.world.say('wxid_zhao_weiyuan', OWNERS, '/认证 @张三');
    const [first, second] = await t.waitForCount(OWNERS, 2);
    expect(first?.text).toContain('已登记');
    expect(second?.text).toContain('已认证 张三 为 3-2-301 的业主');
  });

  it('GIVEN the same message delivered twice by the transport THEN the bot answers once', async () => {
    const t = await start();
    t.world.say('wxid_zhangsan', OWNERS, '/帮助');
    await t.waitForCount(OWNERS, 1);
    const original = [...t.world.mocker.cacheMessagePayload.values()].find((p) => p.text === '/帮助');
    expect(original).toBeDefined();
    t.world.puppet.emit('message', { messageId: original?.id ?? '' });
    t.world.say('wxid_zhangsan', OWNERS, '/帮助 绑定');
    await t.waitFor(OWNERS, (m) => m.text?.includes('用法: /绑定') ?? false);
    expect(t.sentTo(OWNERS).filter((m) => m.text?.includes('你可以用的命令'))).toHaveLength(1);
  });

  it('GIVEN normal chatter THEN the bot says nothing', async () => {
    const t = await start();
    t.world.say('wxid_zhangsan', OWNERS, '今天小区门口好堵啊');
    t.world.say('wxid_lisi', OWNERS, '/::)');
    t.world.say('wxid_zhangsan', OWNERS, '/帮助 绑定');
    await t.waitFor(OWNERS, (m) => m.text?.includes('用法: /绑定') ?? false);
    expect(t.sentTo(OWNERS)).toHaveLength(1);
  });

  it('GIVEN a private message THEN the bot answers privately how to use it in the groups', async () => {
    const t = await start();
    t.world.sayPrivately('wxid_zhangsan', '你好, 怎么报修?');
    const reply = await t.waitFor('wxid_zhangsan', () => true);
    expect(reply.text).toContain('小区的微信群');
  });

  it('GIVEN a burst of commands in one group THEN replies are paced at the configured interval', async () => {
    const t = await start();
    for (let i = 0; i < 5; i++) t.world.say('wxid_zhangsan', OWNERS, `/帮助 绑定${' '.repeat(i)}`);
    const replies = await t.waitForCount(OWNERS, 5);
    for (let i = 1; i < replies.length; i++) {
      expect((replies[i]?.at ?? 0) - (replies[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(25);
    }
  });

  it('GIVEN a command in the staff group THEN it answers there, not in the owners group', async () => {
    const t = await start();
    t.world.say('wxid_shifu_wang', demoStaffRoom.id, '/帮助');
    await t.waitFor(demoStaffRoom.id, (m) => m.text?.includes('你可以用的命令') ?? false);
    expect(t.sentTo(OWNERS)).toHaveLength(0);
  });
});
