/**
 * Benchmark part 2: `/进度 #n` said by a member → the reply seen in the group, through the puppet
 * service on loopback, for the bot (its own process, started as the README says) and for a
 * 20-line echo bot on the same kind of puppet service. Prints one JSON line. On the store run.ts
 * names (HGJ_BENCH_STORE): a SQLite file, or a fresh PostgreSQL database as the bot's DATABASE_URL.
 * On PostgreSQL, two floors besides (the JSON's `floor`): the trivial one (trivialFloor) and the
 * exact one (exactFloor, with bench/floor-capture.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import pg from 'pg';
import { demoOwnersRoom } from '../bot/sandbox/demo-compound.js';
import type { MockWorld } from '../bot/sandbox/mock-world.js';
import { startLocalPuppetServer } from '../scripts/puppet-server.js';
import { freePort } from '../test/support/free-port.js';
import type { Capture } from './floor-capture.js';
import { freshPgDatabase, storeOfThisProcess } from './postgres.js';
import { benchDispatcher, median, percentile, scaled, sleep } from './stats.js';

process.env.HGJ_E2E_TRANSPORT = 'service';

/** One floor's path on its own node-postgres client: `once` runs it and resolves with its time. */
interface FloorRun {
  once(i: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * What a PostgreSQL store costs a reply before the bot does any work of its own: every statement
 * is a round trip to the server and every commit waits for the WAL flush. Counted on the bot's
 * own database after the rounds: the statements one `/进度 #n` runs in the dispatcher's
 * transaction (the bot's code, in this process). The path of a reply has, besides that
 * transaction, the message's inbox row (one write, committed on its own) and the sender taking
 * the reply (one read, one write committed on its own). The floor is that path run raw through
 * node-postgres with bare statements: one write; the transaction with as many statements, one of
 * them a write; one read; one write. Echo + floor is the least a bot on PostgreSQL could answer
 * in. This is the trivial floor: its statements are bare, so it counts round trips and commits,
 * not the work the bot's own statements give the server (exactFloor for that).
 */
async function trivialFloor(url: string): Promise<{ statements: number; run: FloorRun }> {
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
  return {
    statements,
    run: {
      async once(i) {
        const t0 = performance.now();
        await write(i);
        await client.query('begin');
        for (let k = 0; k < statements - 3; k++) await read(k);
        await write(i);
        await client.query('commit');
        await read(i);
        await write(i);
        return performance.now() - t0;
      },
      close: () => client.end(),
    },
  };
}

/**
 * The exact floor: the bot's own statements of one reply's path, as it sends them, replayed raw.
 * bench/floor-capture.ts (its own process, the bot in it) records them on the bot's database
 * after the rounds: the inbox write, the dispatcher's transaction for `/进度 #2` (begin … commit,
 * the same SQL texts and parameters), the sender's select of sendable rows and its `update
 * "outbox" set "sending_at"`. Here one node-postgres client runs them in that order (as named
 * prepared statements of its own: `floor_` + the bot's name), with no drizzle and no bot logic:
 * the same texts, parameters and transaction boundaries, so the server does the same work (index
 * lookups, inserts into indexed tables, upserts). Values
 * that must be new each time, or the writes would be conflict no-ops, are: the message id and
 * its cross-account key (any string parameter equal to them gets a suffix per replay), and the
 * outbox row the sender takes (the id the replayed outbox insert returns; the bot's insert
 * returns nothing, so the replay adds `returning "id"`, one small row more on the wire). After
 * each replay, outside the time, the row is marked sent, as the bot's sender does once the
 * puppet took it, so the next replay's select finds its own row at the head of the group's
 * queue as the bot's does. Echo + this floor is the least this bot's statements cost a reply;
 * what the bot takes beyond it is its JavaScript (drizzle, the dispatcher, the command, the
 * sender's loop) and the pool.
 */
async function exactFloor(url: string): Promise<{ statements: number; inProcessMs: number; run: FloorRun }> {
  const env = { ...process.env };
  delete env.HGJ_E2E_TRANSPORT;
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/floor-capture.ts', url], {
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = out
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  if (!line) throw new Error('bench/floor-capture.ts printed no statements');
  const captured = JSON.parse(line) as Capture;
  // The values one message has of its own: a replay with the captured ones would conflict.
  const fresh = new Set<unknown>([captured.messageId]);
  if (captured.crossKey !== null) fresh.add(captured.crossKey);

  const plan = captured.statements.map((s) => {
    const outboxInsert = /^insert into "outbox"/i.test(s.text);
    const text = outboxInsert && !/\breturning\b/i.test(s.text) ? `${s.text} returning "id"` : s.text;
    // The parameter naming the outbox row in the sender's update: `"outbox"."id" = $n`.
    const idParam = /^update "outbox"/i.test(s.text)
      ? /"outbox"\."id" = \$(\d+)/.exec(s.text)?.[1]
      : undefined;
    return {
      text,
      name: s.name === undefined ? undefined : `floor_${s.name}`,
      values: s.values,
      rowMode: s.rowMode as 'array' | undefined,
      outboxInsert,
      outboxIdAt: idParam === undefined ? -1 : Number(idParam) - 1,
      freshWrite: /^(insert|update)/i.test(s.text) && (s.values ?? []).some((v) => fresh.has(v)),
    };
  });
  if (plan.filter((p) => p.outboxInsert).length !== 1 || !plan.some((p) => p.outboxIdAt >= 0))
    throw new Error("exact floor: expected one outbox insert and the sender's update of its row in the path");

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  async function once(i: number): Promise<number> {
    const suffix = `:floor${i}`;
    let outboxId: unknown = null;
    const t0 = performance.now();
    for (const p of plan) {
      let values = p.values?.map((v) => (typeof v === 'string' && fresh.has(v) ? `${v}${suffix}` : v));
      if (p.outboxIdAt >= 0 && values) values = values.map((v, k) => (k === p.outboxIdAt ? outboxId : v));
      const config = { text: p.text, name: p.name, values, rowMode: p.rowMode };
      const result: pg.QueryResult = await client.query(config as pg.QueryConfig);
      if (p.outboxInsert) {
        const at = result.fields.findIndex((f) => f.name === 'id');
        const row = result.rows[0] as unknown[] | Record<string, unknown> | undefined;
        outboxId = Array.isArray(row) ? row[at] : row?.id;
      }
      // A write with a fresh value, or the sender's update, that changed nothing would be a
      // no-op the bot never runs: the floor would be too low.
      if ((p.freshWrite || p.outboxIdAt >= 0 || p.outboxInsert) && !result.rowCount)
        throw new Error(`exact floor: replay ${i} changed nothing: ${p.text.slice(0, 80)}`);
    }
    const ms = performance.now() - t0;
    await client.query('update outbox set sent_at = $1 where id = $2', [Date.now(), outboxId]);
    return ms;
  }
  return {
    statements: plan.length,
    inProcessMs: captured.inProcessMs,
    run: { once, close: () => client.end() },
  };
}

/**
 * Both floors on the bot's database after the rounds, alternating between them so a slow moment
 * of the server's disk (a commit waits for its WAL flush) falls on both; the medians of the
 * timed runs. Twice: back to back (220 runs each, the first 20 warm up), and paced like the
 * rounds, GAP_MS after each replay (120 each, the first 20 warm up). Paced is how the bot's
 * statements run: one reply's path, then nothing for a quarter of a second. On this machine the
 * same 12 statements took 0.8 to 1.1 ms back to back and 1.7 to 2.1 ms with 250 ms between runs
 * (the server's backend and the client's loop wake from idle for each statement); the bot's
 * path is compared with the paced floor. The exact floor's capture comes first: the trivial
 * floor's count dispatches a /进度 in this process and leaves its reply in the outbox unsent,
 * which the capture's bot would send.
 */
async function postgresFloors(url: string) {
  const exact = await exactFloor(url);
  const trivial = await trivialFloor(url);
  // Fresh values per replay come from its number, so the paced runs count on past the tight ones.
  let replays = 0;
  const inTurn = async (runs: number, gapMs: number) => {
    const rawTimes: number[] = [];
    const exactTimes: number[] = [];
    for (let i = 0; i < runs + 20; i++) {
      const n = replays++;
      const raw = await trivial.run.once(n);
      if (gapMs > 0) await sleep(gapMs);
      const replay = await exact.run.once(n);
      if (gapMs > 0) await sleep(gapMs);
      if (i >= 20) {
        rawTimes.push(raw);
        exactTimes.push(replay);
      }
    }
    return { raw: median(rawTimes), exact: median(exactTimes) };
  };
  const tight = await inTurn(200, 0);
  const paced = await inTurn(100, GAP_MS);
  await trivial.run.close();
  await exact.run.close();
  return {
    statements: trivial.statements,
    rawMs: tight.raw,
    exactStatements: exact.statements,
    exactMs: tight.exact,
    pacedRuns: 100,
    pacedRawMs: paced.raw,
    pacedExactMs: paced.exact,
    inProcessMs: exact.inProcessMs,
  };
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
const floor = pgDb ? await postgresFloors(pgDb.url) : null;
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
