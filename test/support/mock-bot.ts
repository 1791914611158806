/**
 * Starts the bot in the demo compound and lets a test talk as members and read the bot's
 * messages back from the group. Two transports, same tests:
 * - default: the real wiring (createBot) in this process on the recording mock puppet;
 * - `HGJ_E2E_TRANSPORT=service`: the bot as its own process (`npm start`), connected over gRPC on
 *   127.0.0.1 to a puppet server wrapping the same mock world (the second CI pass, issue 6).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../bot/config.js';
import { createBot, type HongguanjiaBot } from '../../bot/create-bot.js';
import { createLogger } from '../../bot/logger.js';
import { createMockWorld, type MockWorld, seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import type { SentMessage } from '../../bot/sandbox/recording-puppet.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { startLocalPuppetServer } from '../../scripts/puppet-server.js';
import { startBotProcess } from './bot-process.js';
import { freePort } from './free-port.js';
import { testDatabaseUrl } from './store.js';

export type E2eTransport = 'mock' | 'service';

/** Which transport this test run uses. */
export const e2eTransport: E2eTransport = process.env.HGJ_E2E_TRANSPORT === 'service' ? 'service' : 'mock';

export interface MockBot {
  transport: E2eTransport;
  world: MockWorld;
  /** The in-process bot (null when the bot runs as its own process). */
  bot: HongguanjiaBot | null;
  /** The bot's database (in service mode the same database, opened by the test as well). */
  handle: DatabaseHandle;
  databaseUrl: string;
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

const baseEnv = {
  HGJ_ADMINS: 'wxid_admin_liu',
  HGJ_SEND_GROUP_INTERVAL_MS: '30',
  HGJ_SEND_PER_SECOND: '50',
  // A free port each: test files run side by side.
  HGJ_HTTP_PORT: '0',
};

export async function startMockBot(
  options: { env?: Record<string, string>; databaseUrl?: string; seed?: boolean } = {},
): Promise<MockBot> {
  const transport = e2eTransport;
  // A separate process cannot share an in-memory database: use a temp file there (on
  // PostgreSQL, a fresh database either way).
  const databaseUrl =
    options.databaseUrl ??
    (await testDatabaseUrl(
      transport === 'service' ? join(mkdtempSync(join(tmpdir(), 'hgj-e2e-')), 'bot.db') : ':memory:',
    ));
  const handle = await openDatabase(databaseUrl);
  const compoundId = options.seed === false ? 0 : await seedDemoCompound(handle.db, Date.now());
  const env = { ...baseEnv, ...options.env };

  let world: MockWorld;
  let bot: HongguanjiaBot | null = null;
  let stopTransport: () => Promise<void>;
  if (transport === 'service') {
    const server = await startLocalPuppetServer({ port: await freePort() });
    world = server.world;
    const child = startBotProcess({ ...server.botEnv, ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' });
    try {
      await child.waitForOutput('"msg":"group rosters synced"', 90_000);
    } catch (error) {
      await child.kill();
      await server.stop();
      throw error;
    }
    stopTransport = async () => {
      await child.kill();
      await server.stop();
    };
  } else {
    world = createMockWorld();
    const config = parseConfig(env);
    const inProcess = createBot({ config, db: handle.db, puppet: world.puppet, log: createLogger('silent') });
    await inProcess.start();
    world.login();
    await inProcess.loggedIn;
    // As in service mode (the "group rosters synced" line): the bot has read its groups' members.
    await inProcess.rostersRead;
    bot = inProcess;
    stopTransport = () => inProcess.stop();
  }
  let cursor = 0;

  const since = (conversationId: string) =>
    world.puppet.sent.slice(cursor).filter((m) => m.conversationId === conversationId);

  function waitFor(
    conversationId: string,
    match: (m: SentMessage) => boolean,
    timeoutMs = 5000,
  ): Promise<SentMessage> {
    const limit = transport === 'service' ? timeoutMs * 3 : timeoutMs;
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
            `no matching bot message in ${conversationId} within ${limit} ms; got: ${JSON.stringify(since(conversationId).map((m) => m.text ?? m.file?.name))}`,
          ),
        );
      }, limit);
      world.puppet.outgoing.on('sent', check);
      for (const m of since(conversationId)) if (check(m)) return;
    });
  }

  async function waitForCount(
    conversationId: string,
    count: number,
    timeoutMs = 5000,
  ): Promise<SentMessage[]> {
    const deadline = Date.now() + (transport === 'service' ? timeoutMs * 3 : timeoutMs);
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
    transport,
    world,
    bot,
    handle,
    databaseUrl,
    compoundId,
    sentTo: since,
    waitFor,
    waitForCount,
    mark() {
      cursor = world.puppet.sent.length;
    },
    async stop() {
      await stopTransport();
      await handle.close();
    },
  };
}
