/**
 * Benchmark parts 3 and 5, in a process of their own so RSS is the bot's: start-up to ready with
 * 200 bound groups (against a bare Wechaty on the same mock puppet), RSS after start, then 1,000
 * votes from 500 members in one group within 10 s through the real wiring on the mock puppet
 * (against the same 1,000 votes through the dispatcher alone), RSS after. Prints one JSON line.
 * On the store run.ts names (HGJ_BENCH_STORE): a SQLite file, or fresh PostgreSQL databases.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, isNotNull } from 'drizzle-orm';
import { WechatyBuilder } from 'wechaty';
import { demoBot, demoOwnersRoom } from '../bot/sandbox/demo-compound.js';
import { createMockWorld, seedDemoCompound } from '../bot/sandbox/mock-world.js';
import { type Db, openDatabase } from '../db/client.js';
import { inbox } from '../db/schema.js';
import { ballots } from '../db/schema-votes.js';
import { bindBenchGroups, GROUPS } from './fill.js';
import { freshPgDatabase, storeOfThisProcess } from './postgres.js';
import { benchDispatcher, mb, scaled, sleep } from './stats.js';

process.env.HGJ_E2E_TRANSPORT = 'mock';
const { startMockBot } = await import('../test/support/mock-bot.js');

const OWNERS = demoOwnersRoom.id;
const MEMBERS = scaled(500);
const VOTES = 2 * MEMBERS;
const WINDOW_MS = 9_000;

// Baseline start-up: a bare Wechaty on the same recording mock puppet, start → logged in.
const bare = createMockWorld();
const bareBot = WechatyBuilder.build({ puppet: bare.puppet });
const b0 = performance.now();
await bareBot.start();
const bareLogin = new Promise((r) => bareBot.once('login', r));
bare.login();
await bareLogin;
const bareStartMs = performance.now() - b0;
await bareBot.stop();

// 200 bound groups: the demo compound's two plus 198 owners groups of other compounds.
const onPg = storeOfThisProcess === 'postgres';
const botDb = onPg ? await freshPgDatabase('burst') : null;
const url = botDb?.url ?? join(mkdtempSync(join(tmpdir(), 'hgj-bench-burst-')), 'bot.db');
const pre = await openDatabase(url);
await bindBenchGroups(pre.db, Date.now());
await pre.close();

const rssBeforeStart = process.memoryUsage().rss;
const s0 = performance.now();
const t = await startMockBot({ databaseUrl: url, seed: false, env: { HGJ_FLOOD_LIMIT: '100000' } });
const startMs = performance.now() - s0;
for (let i = 0; i < GROUPS - 2; i++) {
  t.world.puppet.mocker.createRoom({
    id: `bench-${i}@chatroom`,
    topic: `小区${i + 1}业主群`,
    memberIdList: [demoBot.id],
  });
}
await sleep(1000);
const rssAfterStart = process.memoryUsage().rss;

const voters = Array.from({ length: MEMBERS }, (_, i) => ({ id: `wxid_bench_${i}`, name: `业主${i}` }));
for (const v of voters) t.world.addMember(v, [OWNERS]);
t.world.say('wxid_zhao_weiyuan', OWNERS, '/投票 电动车充电桩装在哪里? | 东门 | 北门 | 地下车库 截止 3天');
await t.waitFor(OWNERS, (m) => m.text?.includes('投票 #1') ?? false, 20_000);
await sleep(500);
t.mark();

/** Rows of `table` (matching `where`), counted through the bot's own store. */
const rows = async (db: Db, table: typeof inbox | typeof ballots, where?: ReturnType<typeof isNotNull>) =>
  (await db.select({ n: count() }).from(table).where(where).get())?.n ?? 0;
const processed = () => rows(t.handle.db, inbox, isNotNull(inbox.handledAt));
const before = await processed();
const v0 = performance.now();
for (let i = 0; i < VOTES; i++) {
  const v = voters[i % MEMBERS] as { id: string };
  t.world.say(v.id, OWNERS, `/投 #1 ${1 + ((i + Math.floor(i / MEMBERS)) % 3)}`);
  await sleep(WINDOW_MS / VOTES);
}
const sentWithinMs = performance.now() - v0;
while ((await processed()) - before < VOTES) await sleep(5);
const lastRecordedMs = performance.now() - v0;
const recorded = (await processed()) - before;
const ballotRows = await rows(t.handle.db, ballots);
await sleep(8_000); // the ack tick runs every 3 s: let the last one go out
const botMessages = t.sentTo(OWNERS).length;
const rssAfterBurst = process.memoryUsage().rss;
await t.stop();
await botDb?.drop();

// Baseline: the same votes through the dispatcher alone, no transport: in memory on SQLite, on a
// fresh database on PostgreSQL (a store has no memory of its own there).
const baseDb = onPg ? await freshPgDatabase('burstbase') : null;
const mem = await openDatabase(baseDb?.url ?? ':memory:');
await seedDemoCompound(mem.db, Date.now());
const dispatcher = benchDispatcher(mem.db);
const self = { id: demoBot.id, names: [demoBot.name] };
const room = demoOwnersRoom;
const now = Date.now();
await dispatcher.dispatch(
  {
    id: 'open',
    text: '/投票 a? | x | y | z 截止 3天',
    speaker: { id: 'wxid_zhao_weiyuan', name: '赵委员' },
    room,
    mentions: [],
    self,
  },
  now,
);
const d0 = performance.now();
for (let i = 0; i < VOTES; i++) {
  const v = voters[i % MEMBERS] as { id: string; name: string };
  await dispatcher.dispatch(
    { id: `v${i}`, text: `/投 #1 ${1 + (i % 3)}`, speaker: v, room, mentions: [], self },
    now + i,
  );
}
const dispatcherOnlyMs = performance.now() - d0;
await mem.close();
await baseDb?.drop();

console.log(
  JSON.stringify({
    groups: GROUPS,
    members: MEMBERS,
    votes: VOTES,
    sentWithinMs,
    lastRecordedMs,
    recorded,
    ballots: ballotRows,
    botMessages,
    dispatcherOnlyMs,
    startMs,
    bareStartMs,
    rss: { beforeStart: mb(rssBeforeStart), afterStart: mb(rssAfterStart), afterBurst: mb(rssAfterBurst) },
  }),
);
process.exit(0);
