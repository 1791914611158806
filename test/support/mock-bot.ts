/**
 * Starts the real bot wiring (createBot) on the recording mock puppet in the demo compound, and
 * lets a test talk as members and read the bot's messages back from the group.
 */
import { parseConfig } from '../../bot/config.js';
import { createBot, type HongguanjiaBot } from '../../bot/create-bot.js';
import { createLogger } from '../../bot/logger.js';
import { createMockWorld, type MockWorld, seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';

export interface MockBot {
  world: MockWorld;
  bot: HongguanjiaBot;
  handle: DatabaseHandle;
  compoundId: number;
  /** Messages the bot sent to a conversation since the test started (or since `mark()`). */
  sentTo(conversationId: string): SentMessage[];
  /** Waits for the next bot message to a conversation that matches. */
  waitFor(
    conversationId: string,
    match: (m: SentMessage) => boolean,
    timeoutMs?: number,
  ): Promise<SentMessage>;
  /** Waits until `count` messages were sent to a conversation after the mark. */
  waitForCount(conversationId: string, count: number, timeoutMs?: number): Promise<SentMessage[]>;
  /** Forgets what was sent so far. */
  mark(): void;
  stop(): Promise<void>;
}

export async function startMockBot(
  options: { env?: Record<string, string>; databaseUrl?: string; seed?: boolean } = {},
): Promise<MockBot> {
  const handle = openDatabase(options.databaseUrl ?? ':memory:');
  const world = createMockWorld();
  const compoundId = options.seed === false ? 0 : seedDemoCompound(handle.db, Date.now());
  const config = parseConfig({
    HGJ_ADMINS: 'wxid_admin_liu',
    HGJ_SEND_GROUP_INTERVAL_MS: '30',
    HGJ_SEND_PER_SECOND: '50',
    ...options.env,
  });
  const bot = createBot({ config, db: handle.db, puppet: world.puppet, log: createLogger('silent') });
  await bot.start();
  world.login();
  await bot.loggedIn;
  let cursor = 0;

  const since = (conversationId: string) =>
    world.puppet.sent.slice(cursor).filter((m) => m.conversationId === conversationId);

  function waitFor(
    conversationId: string,
    match: (m: SentMessage) => boolean,
    timeoutMs = 5000,
  ): Promise<SentMessage> {
    const seen = new Set<SentMessage>();
    return new Promise((resolve, reject) => {
      const check = (m: SentMessage) => {
        if (seen.has(m)) return false;
        seen.add(m);
        if (m.conversationId === conversationId && match(m)) {
          clearTimeout(timer);
          world.puppet.outgoing.off('sent', check);
          resolve(m);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        world.puppet.outgoing.off('sent', check);
        reject(
          new Error(
            `no matching bot message in ${conversationId} within ${timeoutMs} ms; got: ${JSON.stringify(since(conversationId).map((m) => m.text ?? m.file?.name))}`,
          ),
        );
      }, timeoutMs);
      world.puppet.outgoing.on('sent', check);
      for (const m of since(conversationId)) if (check(m)) return;
    });
  }

  async function waitForCount(
    conversationId: string,
    count: number,
    timeoutMs = 5000,
  ): Promise<SentMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const got = since(conversationId);
      if (got.length >= count) return got;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(
      `expected ${count} bot messages in ${conversationId}, got ${since(conversationId).length}`,
    );
  }

  return {
    world,
    bot,
    handle,
    compoundId,
    sentTo: since,
    waitFor,
    waitForCount,
    mark() {
      cursor = world.puppet.sent.length;
    },
    async stop() {
      await bot.stop();
      handle.close();
    },
  };
}
