import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import { type LocalPuppetServer, startLocalPuppetServer } from '../../scripts/puppet-server.js';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';
import { freePort } from '../support/free-port.js';
import { testDatabaseUrl } from '../support/store.js';
import { until } from '../support/until.js';

const OWNERS = demoOwnersRoom.id;

describe('the puppet service killed and restarted in the middle of a run', () => {
  const servers: LocalPuppetServer[] = [];
  let bot: BotProcess | null = null;
  let handle: DatabaseHandle | null = null;

  afterAll(async () => {
    await bot?.kill();
    for (const s of servers) await s.stop().catch(() => undefined);
    await handle?.close();
  });

  it('GIVEN replies queued while the service is down THEN each is sent once after the bot reconnects by itself', async () => {
    const port = await freePort();
    const token = `insecure_restart_${Date.now()}`;
    const dir = mkdtempSync(join(tmpdir(), 'hgj-restart-'));
    const databaseUrl = await testDatabaseUrl(join(dir, 'bot.db'));
    handle = await openDatabase(databaseUrl);
    const { db } = handle;
    await seedDemoCompound(db, Date.now());

    const first = await startLocalPuppetServer({ port, token });
    servers.push(first);
    bot = startBotProcess(
      {
        ...first.botEnv,
        HGJ_ADMINS: 'wxid_admin_liu',
        HGJ_SEND_GROUP_INTERVAL_MS: '1000',
        DATABASE_URL: databaseUrl,
      },
      dir,
    );
    await bot.waitForOutput('"msg":"group rosters synced"', 90_000);

    // Six commands at once: the replies leave one per second, so most are still queued when
    // the service dies right after the first one.
    const rooms = ['301', '302', '303', '304', '305', '306'];
    for (const r of rooms) first.world.say('wxid_zhangsan', OWNERS, `/绑定 3-2-${r} 90`);
    await until(() => first.world.puppet.sent.length >= 1, 20_000, 'the first reply');
    await first.stop();
    const beforeKill = first.world.puppet.sent.map((m) => m.text ?? '');

    // While the link is down, what members say never reaches the bot (the service does not replay it).
    await new Promise((r) => setTimeout(r, 2000));
    const second = await startLocalPuppetServer({ port, token });
    servers.push(second);
    const afterRestart = () => second.world.puppet.sent.map((m) => m.text ?? '');
    await until(
      () => beforeKill.length + afterRestart().length >= rooms.length,
      150_000,
      'all queued replies',
    );

    const all = [...beforeKill, ...afterRestart()];
    for (const r of rooms) {
      expect(all.filter((t) => t.includes(`3-2-${r} `)).length).toBe(1);
    }
    expect(all).toHaveLength(rooms.length);
    // The puppet records a message before `say` resolves and the sender marks the row sent.
    const unsent = async () => (await db.select().from(outbox).all()).filter((row) => row.sentAt === null);
    await until(async () => (await unsent()).length === 0, 10_000, 'every outbox row marked sent');
    expect(await unsent()).toEqual([]);

    // The bot is back for good: a new command is answered, once.
    second.world.say('wxid_lisi', OWNERS, '/帮助 绑定');
    await until(
      () => afterRestart().some((t) => t.includes('用法: /绑定')),
      20_000,
      'an answer after the reconnect',
    );
    expect(bot.output()).toMatch(/logged out or link lost|resetting the connection/);
  }, 240_000);
});
