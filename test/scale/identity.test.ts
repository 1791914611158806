/**
 * Each bot process knows which WeChat account it is, says so in its log lines, and never counts
 * any of our accounts as a member (SPEC "Many accounts, one store"). One bot: both stores.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import * as PUPPET from 'wechaty-puppet';
import { parseConfig } from '../../bot/config.js';
import { createBot, type HongguanjiaBot } from '../../bot/create-bot.js';
import { createLogger } from '../../bot/logger.js';
import { demoBot, demoMembers, demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { createMockWorld, seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import { allAccounts, recordAccount } from '../../db/accounts.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { membersOf } from '../../db/people.js';
import { accountB } from '../support/accounts.js';
import { testDatabaseUrl } from '../support/store.js';
import { until } from '../support/until.js';

let bot: HongguanjiaBot | null = null;
let handle: DatabaseHandle | null = null;
afterEach(async () => {
  await bot?.stop();
  await handle?.close();
  bot = null;
  handle = null;
});

describe('the account a bot process is', () => {
  it('GIVEN another of our accounts recorded and sitting in the group THEN after login every log line names this account, the store lists both, and neither is a member', async () => {
    handle = await openDatabase(await testDatabaseUrl(':memory:'));
    const db = handle.db;
    await seedDemoCompound(db, Date.now());
    await recordAccount(db, accountB, 1);
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const world = createMockWorld(demoMembers, undefined, { otherBots: [accountB] });
    bot = createBot({
      config: parseConfig({ HGJ_ADMINS: 'wxid_admin_liu', HGJ_SEND_GROUP_INTERVAL_MS: '30' }),
      db,
      puppet: world.puppet,
      log: createLogger('info', sink),
    });
    await bot.start();
    expect(bot.accountId()).toBeNull();
    world.login();
    await bot.loggedIn;
    await bot.rostersRead;
    await until(() => lines.some((l) => l.msg === 'group rosters synced'), 5000, 'the roster sync line');
    expect(bot.accountId()).toBe(demoBot.id);

    const loggedIn = lines.find((l) => l.msg === 'logged in');
    expect(loggedIn?.account).toBe(demoBot.id);
    const after = lines.slice(lines.indexOf(loggedIn as Record<string, unknown>));
    expect(after.length).toBeGreaterThan(1);
    expect(after.filter((l) => l.account !== demoBot.id)).toEqual([]);

    expect((await allAccounts(db)).map((a) => a.id).sort()).toEqual([demoBot.id, accountB.id].sort());
    const members = await membersOf(db, demoOwnersRoom.id);
    expect(members).toHaveLength(demoMembers.length);
    expect(members).not.toContain(accountB.id);
    expect(members).not.toContain(demoBot.id);

    // The other account says what reads as a command: not ours to answer. A member's is.
    const say = (talkerId: string, text: string) => {
      const id = `m-${talkerId}-${Date.now()}`;
      world.mocker.MessageMock.create({
        id,
        talkerId,
        roomId: demoOwnersRoom.id,
        text,
        timestamp: Date.now(),
        type: PUPPET.types.Message.Text,
        mentionIdList: [],
      } as PUPPET.payloads.Message);
      world.puppet.emit('message', { messageId: id });
    };
    say(accountB.id, '/帮助');
    say('wxid_zhangsan', '/帮助');
    await until(() => world.puppet.sent.length > 0, 5000, 'the reply to the member');
    await new Promise((r) => setTimeout(r, 500));
    expect(world.puppet.sent).toHaveLength(1);
  });
});
