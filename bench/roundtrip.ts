/**
 * Benchmark part 2: `/进度 #n` said by a member → the reply seen in the group, through the puppet
 * service on loopback, for the bot (its own process, started as the README says) and for a
 * 20-line echo bot on the same kind of puppet service. Prints one JSON line. On the store run.ts
 * names (HGJ_BENCH_STORE): a SQLite file, or a fresh PostgreSQL database as the bot's DATABASE_URL.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { demoOwnersRoom } from '../bot/sandbox/demo-compound.js';
import type { MockWorld } from '../bot/sandbox/mock-world.js';
import { startLocalPuppetServer } from '../scripts/puppet-server.js';
import { freePort } from '../test/support/free-port.js';
import { freshPgDatabase, storeOfThisProcess } from './postgres.js';
import { benchDispatcher, median, percentile, scaled, sleep } from './stats.js';

process.env.HGJ_E2E_TRANSPORT = 'service';

/**
 * What a PostgreSQL store costs a reply before the bot does any work of its own: every statement
 * is a round trip to the server and every commit waits for the WAL flush. Counted on the bot's
 * own database after the rounds: the statements one `/进度 #n` runs in the dispatcher's
 * transaction (the bot's code, in this process). The path of a reply has, besides that
 * transaction, the message's inbox row (one write, committed on its own) and the sender taking
 * the reply (one read, one write committed on its own). The floor is that path run raw through
 * node-postgres with bare statements: one write; the transaction with as many statements, one of
 * them a write; one read; one write (median of 200). Echo + floor is the least a bot on
 * PostgreSQL could answer in.
 */
async function postgresFloor(url: string): Promise<{ statements: number; rawMs: number }> {
  const { openDatabase } = await import('../db/client.js');
  const handle = await openDatabase(url);
  let sent = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    sent++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const owner = { id: 'wxid_zhangsan', name: '张三' };
  await benchDispatcher(handle.db).dispatch(
    { id: `floor-${Date.now()}`, text: '/进度 #1', speaker: owner, room: demoOwnersRoom, mentions: [] },
    Date.now(),
  );
  pg.Client.prototype.query = query;
  await handle.close();
  const statements = sent;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('create table floor_row (n integer)');
  await client.query('insert into floor_row values (0)');
  const write = (n: number) =>
    client.query({ name: 'floor_write', text: 'update floor_row set n = $1', values: [n] });
  const read = (n: number) => client.query({ name: 'floor_read', text: 'select $1::int', values: [n] });
  const times: number[] = [];
  for (let i = 0; i < 220; i++) {
    const t0 = performance.now();
    await write(i);
    await client.query('begin');
    for (let k = 0; k < statements - 3; k++) await read(k);
    await write(i);
    await client.query('commit');
    await read(i);
    await write(i);
    if (i >= 20) times.push(performance.now() - t0);
  }
  await client.end();
  return { statements, rawMs: median(times) };
}
const { startMockBot } = await import('../test/support/mock-bot.js');

const OWNERS = demoOwnersRoom.id;
const ROUNDS = Math.max(20, scaled(200));
/** Wider than the bot's group pacing (30 ms here), so this measures latency, not the pacer. */
const GAP_MS = 250;
const WARM_UP = 3;

function nextSent(world: MockWorld, match: (text: string) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (m: { conversationId: string; text?: string }) => {
      if (m.conversationId === OWNERS && match(m.text ?? '')) {
        world.puppet.outgoing.off('sent', check);
        resolve();
      }
    };
    world.puppet.outgoing.on('sent', check);
  });
}

async function once(world: MockWorld, text: string, match: (t: string) => boolean): Promise<number> {
  const seen = nextSent(world, match);
  const t0 = performance.now();
  world.say('wxid_zhangsan', OWNERS, text);
  await seen;
  return performance.now() - t0;
}

/**
 * Rounds ask about these tickets in turn, so a reply is not the same text every time (nothing
 * the bot remembers of one ticket's timeline helps the next round).
 */
const TICKETS = 20;

const pgDb = storeOfThisProcess === 'postgres' ? await freshPgDatabase('roundtrip') : null;
const bot = await startMockBot({ env: { HGJ_FLOOD_LIMIT: '100000' }, databaseUrl: pgDb?.url });
for (let n = 1; n <= TICKETS; n++) {
  bot.world.say('wxid_zhangsan', OWNERS, `/报修 ${n}号楼2单元楼道灯不亮`);
  await bot.waitFor(OWNERS, (m) => m.text?.includes(`已受理 #${n} `) ?? false, 20_000);
}

const server = await startLocalPuppetServer({ port: await freePort() });
const echo = spawn(process.execPath, ['bench/echo-bot.mjs'], {
  env: { ...process.env, ...server.botEnv, WECHATY_LOG: 'silent' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve) =>
  echo.stdout.on('data', (d: Buffer) => d.toString().includes('echo ready') && resolve()),
);
await sleep(1000);

// Rounds alternate between the two bots, so a slow moment of the machine (this is a shared
// VM) falls on both rather than on whichever ran then.
const botTimes: number[] = [];
const echoTimes: number[] = [];
for (let i = 0; i < ROUNDS + WARM_UP; i++) {
  const no = (i % TICKETS) + 1;
  const ask = `/进度 #${no}`;
  const b = await once(bot.world, ask, (t) => t.includes(`#${no} `) && t.includes('进展:'));
  await sleep(GAP_MS);
  const e = await once(server.world, ask, (t) => t.startsWith('echo'));
  await sleep(GAP_MS);
  if (i >= WARM_UP) {
    botTimes.push(b);
    echoTimes.push(e);
  }
}
echo.kill('SIGTERM');
await server.stop();
await bot.stop();
const floor = pgDb ? await postgresFloor(pgDb.url) : null;
await pgDb?.drop();

console.log(
  JSON.stringify({
    rounds: ROUNDS,
    gapMs: GAP_MS,
    bot: { median: median(botTimes), p90: percentile(botTimes, 90) },
    echo: { median: median(echoTimes), p90: percentile(echoTimes, 90) },
    floor,
  }),
);
process.exit(0);
