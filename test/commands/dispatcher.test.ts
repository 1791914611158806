import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { argSchema } from '../../commands/args.js';
import { defineCommand, UserError } from '../../commands/define.js';
import { buildRegistry } from '../../commands/dispatcher.js';
import { allCommands } from '../../commands/index.js';
import { ensureCompound } from '../../db/compounds.js';
import { compounds, inbox } from '../../db/schema.js';
import { createCommandHarness } from '../support/command-harness.js';

const stranger = { id: 'lonely@chatroom', topic: '隔壁小区群' };

describe('dispatcher', () => {
  it('GIVEN normal talk in a group THEN the bot stays silent and stores nothing', async () => {
    const h = await createCommandHarness();
    const { result, replies } = await h.say('wxid_zhangsan', '今天电梯又坏了吗');
    expect(result.status).toBe('ignored');
    expect(replies).toEqual([]);
    expect(await h.handle.db.select().from(inbox).all()).toEqual([]);
  });

  it('GIVEN the same message id delivered twice THEN it is handled once', async () => {
    const h = await createCommandHarness();
    const first = await h.say('wxid_zhangsan', '/帮助', { id: 'dup-1' });
    const second = await h.say('wxid_zhangsan', '/帮助', { id: 'dup-1' });
    expect(first.replies).toHaveLength(1);
    expect(second.result.status).toBe('duplicate');
    expect(second.replies).toEqual([]);
  });

  it('GIVEN a mistyped command THEN one reply suggests the nearest command and @mentions the asker', async () => {
    const h = await createCommandHarness();
    const { replies } = await h.say('wxid_zhangsan', '/帮组');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain('你是不是想用 /帮助');
    expect(replies[0]?.mentionIds).toEqual(['wxid_zhangsan']);
  });

  it('GIVEN a word close to nothing THEN the reply points to /帮助', async () => {
    const h = await createCommandHarness();
    expect(await h.reply('wxid_zhangsan', '/今天天气怎么样呀朋友们')).toContain('/帮助');
  });

  it('GIVEN a compound command in an unbound group THEN it asks an admin to bind the group', async () => {
    const h = await createCommandHarness();
    const text = await h.reply('wxid_zhangsan', '/绑定 3-2-301 89', { room: stranger });
    expect(text).toContain('/绑定群');
  });

  it('GIVEN a private message that is not a command THEN the bot explains how to use it in a group', async () => {
    const h = await createCommandHarness();
    const { result, replies } = await h.say('wxid_zhangsan', '你好', { room: null });
    expect(result.status).toBe('private-guide');
    expect(replies[0]?.conversationId).toBe('wxid_zhangsan');
    expect(replies[0]?.text).toContain('小区的微信群');
  });

  it('GIVEN a compound command in a private chat THEN it says to use it in the group', async () => {
    const h = await createCommandHarness();
    expect(await h.reply('wxid_zhangsan', '/设置', { room: null })).toContain('要在小区的微信群里使用');
  });

  it('GIVEN an owner using an admin command THEN the refusal says who may', async () => {
    const h = await createCommandHarness();
    const text = await h.reply('wxid_zhangsan', '/角色 @李四 物业', { mentions: ['wxid_lisi'] });
    expect(text).toBe('只有管理员可以用 /角色。');
  });

  it('GIVEN a handler that writes and then fails THEN nothing it wrote stays and the user gets an apology', async () => {
    const explode = defineCommand({
      name: '爆炸',
      aliases: ['boom'],
      usage: '/爆炸',
      summary: 'test',
      who: 'anyone',
      scope: 'compound',
      args: argSchema(() => ({})),
      async run(ctx) {
        await ensureCompound(ctx.db, '半途小区', ctx.now);
        throw new TypeError('x is undefined');
      },
    });
    const h = await createCommandHarness({ commands: [...allCommands, explode] });
    const { result, replies } = await h.say('wxid_zhangsan', '/爆炸');
    expect(result.status).toBe('failed');
    expect(replies[0]?.text).toContain('抱歉');
    expect(replies[0]?.text).not.toContain('undefined');
    expect((await h.handle.db.select().from(compounds).all()).map((c) => c.name)).toEqual(['阳光花园']);
  });

  it('GIVEN a handler whose statement fails in the store THEN it ran once, the message is claimed and answered once, and a redelivery is a duplicate', async () => {
    let runs = 0;
    const broken = defineCommand({
      name: '坏表',
      aliases: ['badtable'],
      usage: '/坏表',
      summary: 'test',
      who: 'anyone',
      scope: 'compound',
      args: argSchema(() => ({})),
      async run(ctx) {
        runs++;
        await ensureCompound(ctx.db, '半途小区', ctx.now);
        // On PostgreSQL a failed statement aborts the whole transaction: the answer must still be written.
        await ctx.db.run(sql`select * from no_such_table`);
        return '不会到这里';
      },
    });
    const h = await createCommandHarness({ commands: [...allCommands, broken] });
    const first = await h.say('wxid_zhangsan', '/坏表', { id: 'msg-bad-1' });
    expect(first.result.status).toBe('failed');
    expect(first.replies.map((r) => r.text)).toEqual(['抱歉, 处理 /坏表 时出错了, 已记录下来, 请稍后再试。']);
    const again = await h.say('wxid_zhangsan', '/坏表', { id: 'msg-bad-1' });
    expect(again.result.status).toBe('duplicate');
    expect(again.replies).toEqual([]);
    expect(runs).toBe(1);
    expect((await h.handle.db.select().from(inbox).all()).map((r) => r.messageId)).toContain('msg-bad-1');
    expect(await h.handle.db.select().from(compounds).all()).toHaveLength(1);
  });

  it('GIVEN a handler that raises a UserError THEN its Chinese message is the reply and its writes are undone', async () => {
    const refuse = defineCommand({
      name: '拒绝',
      aliases: ['refuse'],
      usage: '/拒绝',
      summary: 'test',
      who: 'anyone',
      scope: 'compound',
      args: argSchema(() => ({})),
      async run(ctx) {
        await ensureCompound(ctx.db, '半途小区', ctx.now);
        throw new UserError('这个工单已经关闭了。');
      },
    });
    const h = await createCommandHarness({ commands: [...allCommands, refuse] });
    expect(await h.reply('wxid_zhangsan', '/拒绝')).toBe('这个工单已经关闭了。');
    expect(await h.handle.db.select().from(compounds).all()).toHaveLength(1);
  });

  it('GIVEN arguments that fail a plain zod schema with an English message THEN the reply is Chinese usage only', async () => {
    const strict = defineCommand({
      name: '严格',
      aliases: ['strict'],
      usage: '/严格 <数字>',
      summary: 'test',
      who: 'anyone',
      scope: 'compound',
      args: z.object({ text: z.string().regex(/^\d+$/), mentions: z.array(z.any()) }),
      run: async () => '好',
    });
    const h = await createCommandHarness({ commands: [...allCommands, strict] });
    const text = await h.reply('wxid_zhangsan', '/严格 abc');
    expect(text).toBe('格式不对。\n用法: /严格 <数字>');
  });

  it('GIVEN two commands claiming one word THEN building the registry fails loudly', () => {
    const a = { ...allCommands[1], name: 'X', words: [], aliases: ['same'] } as (typeof allCommands)[number];
    const b = { ...allCommands[2], name: 'Y', words: [], aliases: ['same'] } as (typeof allCommands)[number];
    expect(() => buildRegistry([a, b])).toThrow(/same/);
  });

  it('every command has a Chinese name, an English alias, a usage line starting with its name and a summary', () => {
    for (const def of allCommands) {
      expect(def.name).toMatch(/\p{Script=Han}/u);
      expect(def.aliases.length).toBeGreaterThan(0);
      for (const alias of def.aliases) expect(alias).toMatch(/^[a-z]+$/);
      expect(def.usage.startsWith(`/${def.name}`)).toBe(true);
      expect(def.summary.length).toBeGreaterThan(0);
    }
    expect(() => buildRegistry(allCommands)).not.toThrow();
  });
});
