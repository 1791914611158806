import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { type LocalPuppetServer, startLocalPuppetServer } from '../../scripts/puppet-server.js';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';
import { freePort } from '../support/free-port.js';
import { testDatabaseUrl } from '../support/store.js';

const OWNERS = demoOwnersRoom.id;

function waitForSent(
  server: LocalPuppetServer,
  match: (m: SentMessage) => boolean,
  timeoutMs = 30_000,
): Promise<SentMessage> {
  return new Promise((resolve, reject) => {
    const existing = server.world.puppet.sent.find(match);
    if (existing) return resolve(existing);
    const onSent = (m: SentMessage) => {
      if (!match(m)) return;
      clearTimeout(timer);
      server.world.puppet.outgoing.off('sent', onSent);
      resolve(m);
    };
    const timer = setTimeout(() => {
      server.world.puppet.outgoing.off('sent', onSent);
      reject(
        new Error(
          `no matching message; sent: ${JSON.stringify(server.world.puppet.sent.map((m) => m.text))}`,
        ),
      );
    }, timeoutMs);
    server.world.puppet.outgoing.on('sent', onSent);
  });
}

describe('the bot as its own process on wechaty-puppet-service (gRPC on 127.0.0.1)', () => {
  let server: LocalPuppetServer;
  let bot: BotProcess;

  beforeAll(async () => {
    server = await startLocalPuppetServer({ port: await freePort() });
    const dir = mkdtempSync(join(tmpdir(), 'hgj-bot-'));
    const databaseUrl = await testDatabaseUrl(join(dir, 'bot.db'));
    bot = startBotProcess(
      { ...server.botEnv, HGJ_ADMINS: 'wxid_admin_liu', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl },
      dir,
    );
    await bot.waitForOutput('"msg":"logged in"', 90_000);
  }, 120_000);

  afterAll(async () => {
    await bot?.kill();
    await server?.stop();
  });

  it('GIVEN an admin binds the group and an owner types /帮助 THEN the help comes back through the service', async () => {
    server.world.say('wxid_admin_liu', OWNERS, '/绑定群 阳光花园');
    const bound = await waitForSent(server, (m) => m.text?.includes('本群已绑定到小区「阳光花园」') ?? false);
    expect(bound.conversationId).toBe(OWNERS);

    server.world.say('wxid_zhangsan', OWNERS, '/帮助');
    const help = await waitForSent(server, (m) => m.text?.includes('你可以用的命令') ?? false);
    expect(help.conversationId).toBe(OWNERS);
    expect(help.text).toContain('/绑定 <楼-单元-室> <面积㎡>');
  }, 60_000);

  it('GIVEN a refusal THEN the mention of the asker survives the gRPC hop', async () => {
    server.world.say('wxid_zhangsan', OWNERS, '/角色 @李四 物业');
    const refusal = await waitForSent(server, (m) => m.text?.includes('只有管理员可以用 /角色') ?? false);
    expect(refusal.mentionIds).toEqual(['wxid_zhangsan']);
  }, 60_000);

  it('GIVEN the bot process THEN its log lines carry room, sender and command', () => {
    const line = bot
      .output()
      .split('\n')
      .find((l) => l.includes('"command":"帮助"'));
    expect(line).toBeDefined();
    const parsed = JSON.parse(line ?? '{}');
    expect(parsed).toMatchObject({
      room: demoOwnersRoom.topic,
      sender: 'wxid_zhangsan',
      command: '帮助',
      status: 'ok',
    });
  });
});
