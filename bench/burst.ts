/**
 * Benchmark parts 3 and 5, in a process of their own: start-up to ready with 200 bound groups
 * (against a bare Wechaty on the same mock puppet), RSS after start, then 1,000 votes from 500
 * members in one group within 10 s through the real wiring on the mock puppet (against the same
 * 1,000 votes through the dispatcher alone), RSS after: how much the burst adds. The bot's RSS
 * against a bare bot's is bench/memory.ts, on the compiled bot as `npm start` runs it; this
 * process runs the sources under tsx with the mock puppet inside. Prints one JSON line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WechatyBuilder } from 'wechaty';
import { demoBot, demoOwnersRoom } from '../bot/sandbox/demo-compound.js';
import { createMockWorld, seedDemoCompound } from '../bot/sandbox/mock-world.js';
import { openDatabase } from '../db/client.js';
import { bindBenchGroups, GROUPS } from './fill.js';
import { benchDispatcher, mb, requireSqlite, scaled, sleep } from './stats.js';

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
const url = join(mkdtempSync(join(tmpdir(), 'hgj-bench-burst-')), 'bot.db');
const pre = await openDatabase(url);
await bindBenchGroups(pre.db, Date.now());
await pre.close();

const rssBeforeStart = process.memoryUsage().rss;
const s0 = performance.now();
const t = await startMockBot({ databaseUrl: url, seed: false, env: { HGJ_FLOOD_LIMIT: '100000' } });
const startMs = performance.now() - s0;
const { sqlite } = requireSqlite(t.handle);
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

const processed = () =>
  (
    sqlite.prepare('SELECT count(*) AS n FROM inbox WHERE handled_at IS NOT NULL').get() as {
      n: number;
    }
  ).n;
const before = processed();
const v0 = performance.now();
for (let i = 0; i < VOTES; i++) {
  const v = voters[i % MEMBERS] as { id: string };
  t.world.say(v.id, OWNERS, `/投 #1 ${1 + ((i + Math.floor(i / MEMBERS)) % 3)}`);
  await sleep(WINDOW_MS / VOTES);
}
const sentWithinMs = performance.now() - v0;
while (processed() - before < VOTES) await sleep(5);
const lastRecordedMs = performance.now() - v0;
const recorded = processed() - before;
const ballots = (sqlite.prepare('SELECT count(*) AS n FROM ballots').get() as { n: number }).n;
await sleep(8_000); // the ack tick runs every 3 s: let the last one go out
const botMessages = t.sentTo(OWNERS).length;
const rssAfterBurst = process.memoryUsage().rss;
await t.stop();

// Baseline: the same votes through the dispatcher alone, in memory, no transport.
const mem = await openDatabase(':memory:');
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

console.log(
  JSON.stringify({
    groups: GROUPS,
    members: MEMBERS,
    votes: VOTES,
    sentWithinMs,
    lastRecordedMs,
    recorded,
    ballots,
    botMessages,
    dispatcherOnlyMs,
    startMs,
    bareStartMs,
    rss: { beforeStart: mb(rssBeforeStart), afterStart: mb(rssAfterStart), afterBurst: mb(rssAfterBurst) },
  }),
);
process.exit(0);
