/**
 * Several of our WeChat accounts over one store, each its own bot (as each would be its own
 * process) on its own mock puppet, all in the demo compound's groups (SPEC "Many accounts, one
 * store"). A member's message reaches every account that is running, each under its own message
 * id and with the one timestamp WeChat gives it. PostgreSQL only: SQLite serves one process.
 */
import { randomUUID } from 'node:crypto';
import * as PUPPET from 'wechaty-puppet';
import { parseConfig } from '../../bot/config.js';
import { createBot, type HongguanjiaBot } from '../../bot/create-bot.js';
import { createLogger } from '../../bot/logger.js';
import type { DemoMember } from '../../bot/sandbox/demo-compound.js';
import { demoMembers } from '../../bot/sandbox/demo-compound.js';
import { createMockWorld, type MockWorld, seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import type { LocalPuppetServer } from '../../scripts/puppet-server.js';
import type { BotProcess } from './bot-process.js';
import { testDatabaseUrl } from './store.js';

/** The ticket numbers of the `已受理 #n` replies, in the order they went out. */
export function filedNumbers(sent: readonly SentMessage[]): number[] {
  return sent.flatMap((m) => {
    const n = /已受理 #(\d+)/.exec(m.text ?? '')?.[1];
    return n === undefined ? [] : [Number(n)];
  });
}

/** One account run as its own bot process (`npm start`) on its own local puppet service. */
export interface AccountProcess {
  id: string;
  world: MockWorld;
  server: LocalPuppetServer;
  proc: BotProcess;
}

export interface Account {
  id: string;
  name: string;
}

export interface AccountBot {
  account: Account;
  world: MockWorld;
  bot: HongguanjiaBot;
  handle: DatabaseHandle;
  /** Running and logged in: it receives the members' messages. */
  online: boolean;
  /** What this account's puppet sent to a conversation. */
  sentTo(conversationId: string): SentMessage[];
}

export interface Accounts {
  handle: DatabaseHandle;
  databaseUrl: string;
  compoundId: number;
  members: readonly DemoMember[];
  bots: AccountBot[];
  /** Starts one more bot for an account (again, after a stop: a new process, a new puppet). */
  start(account: Account): Promise<AccountBot>;
  /** A member writes in a group: every online account receives it. */
  say(memberId: string, roomId: string, text: string): void;
  /** A member writes privately to one account. */
  sayPrivately(memberId: string, to: AccountBot, text: string): void;
  /** What all accounts sent to a conversation, in the order it went out. */
  sentTo(conversationId: string): SentMessage[];
  /** Waits until `match` holds for what all accounts sent to a conversation. */
  waitUntil(
    conversationId: string,
    match: (sent: SentMessage[]) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
  stop(bot: AccountBot): Promise<void>;
  logout(bot: AccountBot): Promise<void>;
  stopAll(): Promise<void>;
}

export const accountA: Account = { id: 'wxid_bot_a', name: '红管家' };
export const accountB: Account = { id: 'wxid_bot_b', name: '红管家二号' };
export const accountC: Account = { id: 'wxid_bot_c', name: '红管家三号' };

/** Extra owners for a burst: `业主1`… in the owners group. */
export function owners(count: number): DemoMember[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `wxid_owner_${i + 1}`,
    name: `业主${i + 1}`,
    roles: [],
    staffGroup: false,
  }));
}

/**
 * A member writes in a group that each of these worlds (one per account) shows: WeChat stamps
 * the message once, and each account gets it under a message id of its own.
 */
export function deliver(worlds: readonly MockWorld[], memberId: string, roomId: string, text: string): void {
  const timestamp = Date.now();
  for (const world of worlds) {
    const id = randomUUID();
    world.mocker.MessageMock.create({
      id,
      talkerId: memberId,
      roomId,
      text,
      timestamp,
      type: PUPPET.types.Message.Text,
      mentionIdList: [],
    } as PUPPET.payloads.Message);
    world.puppet.emit('message', { messageId: id });
  }
}

export async function startAccounts(options: {
  accounts: readonly Account[];
  extraMembers?: readonly DemoMember[];
  env?: Record<string, string>;
}): Promise<Accounts> {
  const members = [...demoMembers, ...(options.extraMembers ?? [])];
  const databaseUrl = await testDatabaseUrl(':memory:');
  const handle = await openDatabase(databaseUrl);
  const compoundId = await seedDemoCompound(handle.db, Date.now(), members);
  const env = {
    HGJ_ADMINS: 'wxid_admin_liu',
    HGJ_SEND_GROUP_INTERVAL_MS: '30',
    HGJ_SEND_PER_SECOND: '50',
    HGJ_LEASE_TTL_MS: '1500',
    HGJ_LEASE_RENEW_MS: '300',
    // A free port each: two bots in one process, and test files side by side.
    HGJ_HTTP_PORT: '0',
    ...options.env,
  };
  const bots: AccountBot[] = [];
  /** Everything sent by any account, in order. */
  const sent: SentMessage[] = [];

  async function start(account: Account): Promise<AccountBot> {
    const others = options.accounts.filter((a) => a.id !== account.id);
    const world = createMockWorld(members, undefined, { bot: account, otherBots: others });
    world.puppet.outgoing.on('sent', (m: SentMessage) => sent.push(m));
    // Its own connection pool, as its own process would have.
    const own = await openDatabase(databaseUrl);
    const bot = createBot({
      config: parseConfig(env),
      db: own.db,
      puppet: world.puppet,
      log: createLogger('silent'),
    });
    await bot.start();
    world.login();
    await bot.loggedIn;
    await bot.rostersRead;
    const entry: AccountBot = {
      account,
      world,
      bot,
      handle: own,
      online: true,
      sentTo: (id) => world.puppet.sentTo(id),
    };
    bots.push(entry);
    return entry;
  }

  for (const account of options.accounts) await start(account);

  async function stop(b: AccountBot): Promise<void> {
    if (!bots.includes(b)) return;
    b.online = false;
    bots.splice(bots.indexOf(b), 1);
    await b.bot.stop();
    await b.handle.close();
  }

  return {
    handle,
    databaseUrl,
    compoundId,
    members,
    bots,
    start,
    say(memberId, roomId, text) {
      deliver(
        bots.filter((b) => b.online).map((b) => b.world),
        memberId,
        roomId,
        text,
      );
    },
    sayPrivately(memberId, to, text) {
      const id = randomUUID();
      to.world.mocker.MessageMock.create({
        id,
        talkerId: memberId,
        listenerId: to.account.id,
        text,
        timestamp: Date.now(),
        type: PUPPET.types.Message.Text,
      } as PUPPET.payloads.Message);
      to.world.puppet.emit('message', { messageId: id });
    },
    sentTo: (id) => sent.filter((m) => m.conversationId === id),
    async waitUntil(conversationId, match, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = sent.filter((m) => m.conversationId === conversationId);
        if (match(got)) return;
        if (Date.now() > deadline)
          throw new Error(`waited ${timeoutMs} ms in ${conversationId}; got ${got.length} messages`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop,
    async logout(b) {
      b.online = false;
      await b.world.puppet.logout('logged out by the test');
    },
    async stopAll() {
      for (const b of [...bots]) await stop(b);
      await handle.close();
    },
  };
}
