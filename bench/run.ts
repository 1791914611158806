/**
 * `npm run bench`: the five measurements of issue 6, each printed next to a baseline measured in
 * the same run, and written to bench/RESULTS.md with the machine and the date. Numbers, not
 * pass/fail. HGJ_BENCH_SCALE=0.01 gives a quick run with smaller sizes. Parts 2, 3 and 5 run in
 * processes of their own (bench/roundtrip.ts, burst.ts, memory.ts), each of which can be run
 * alone with `npx tsx bench/<part>.ts`: it prints its figures as one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { demoBot, demoOwnersRoom, demoStaffRoom } from '../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../bot/sandbox/mock-world.js';
import { checkpointWal, type Db, isPostgresUrl, openDatabase } from '../db/client.js';
import { enqueue, sendableOutbox } from '../db/outbox.js';
import { pollsWithPendingAcks } from '../db/votes.js';
import { dueReminderTickets, settingsPerRun } from '../schedules/ticket-reminders.js';
import { filingWrites, fillPolls, fillSentOutbox, fillTickets } from './fill.js';
import {
  benchDispatcher,
  median,
  nextTurn,
  percentile,
  requireSqlite,
  SCALE,
  scaled,
  sqliteOnly,
} from './stats.js';

// The benchmark makes its own SQLite files; a PostgreSQL DATABASE_URL would be silently ignored.
if (isPostgresUrl(process.env.DATABASE_URL ?? '')) {
  process.stderr.write(`${sqliteOnly}\n`);
  process.exit(2);
}

const lines: string[] = [];
const out = (line = '') => {
  console.log(line);
  lines.push(line);
};
const ms = (x: number) => `${x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const tmp = () => mkdtempSync(join(tmpdir(), 'hgj-bench-'));

/** Untimed calls before the timed ones of {@link timeEach}: a cold start is not a command's cost. */
const WARM_UP = 200;

/** Milliseconds `fn` takes. */
function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** A SQLite store of the benchmark, in a file of its own. */
async function openBench(file: string) {
  return requireSqlite(await openDatabase(join(tmp(), file)));
}

/**
 * Runs `call(i)` (which resolves with its own time) WARM_UP + `n` times and returns the times of the
 * last `n`. Each call waits for its own turn of the event loop, as each message arrives in the
 * bot: what a call leaves for later (a command's log line) runs before the next one. Without that
 * the 5,000 log lines of the loop piled up unrun (about 4 KB each) and lengthened every garbage
 * collection. With `wal`, a WAL checkpoint runs before every 250th call, untimed, as the bot's
 * timer does; its times go to `wal.times`.
 */
async function timeEach(
  n: number,
  call: (i: number) => number | Promise<number>,
  wal?: { sqlite: Database.Database; times: number[] },
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + n; i++) {
    if (wal && i % 250 === 249) wal.times.push(timed(() => checkpointWal(wal.sqlite)));
    await nextTurn();
    const dt = await call(i);
    if (i >= WARM_UP) times.push(dt);
  }
  return times;
}

async function commandCost() {
  const CLOSED = scaled(1_000_000);
  const N = Math.max(500, scaled(5_000));
  const handle = await openBench('cmd.db');
  const now = Date.now();
  const compoundId = await seedDemoCompound(handle.db, now);
  const f0 = performance.now();
  fillTickets(handle.sqlite, {
    compoundId,
    roomId: demoOwnersRoom.id,
    reporterId: 'wxid_zhangsan',
    closed: CLOSED,
    open: 0,
    now,
  });
  const fillMs = performance.now() - f0;
  const dispatcher = benchDispatcher(handle.db);
  const self = { id: demoBot.id, names: [demoBot.name] };
  const reporters = [
    { id: 'wxid_zhangsan', name: '张三' },
    { id: 'wxid_lisi', name: '李四' },
    { id: 'wxid_wangfang', name: '王芳' },
  ];
  const checkpoints: number[] = [];
  const command = await timeEach(
    N,
    async (i) => {
      const msg = {
        id: `bench-${i}`,
        text: '/报修 3号楼2单元楼道灯不亮',
        speaker: reporters[i % 3] as { id: string; name: string },
        room: demoOwnersRoom,
        mentions: [],
        self,
      };
      const t0 = performance.now();
      const r = await dispatcher.dispatch(msg, now + i);
      const dt = performance.now() - t0;
      if (r.status !== 'ok') throw new Error(`/报修 not ok: ${r.status}`);
      return dt;
    },
    { sqlite: handle.sqlite, times: checkpoints },
  );
  handle.sqlite.exec(
    'CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL, at INTEGER NOT NULL)',
  );
  const insert = handle.sqlite.prepare('INSERT INTO bench_rows (body, at) VALUES (?, ?)');
  const one = handle.sqlite.transaction((i: number) => insert.run('3号楼2单元楼道灯不亮', i));
  const bare = await timeEach(N, (i) => timed(() => one(i)));
  const tickets = (handle.sqlite.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  const file = filingWrites(handle.sqlite, {
    compoundId,
    roomId: demoOwnersRoom.id,
    staffRoomId: demoStaffRoom.id,
    reporterId: 'wxid_zhangsan',
    managerId: 'wxid_shifu_wang',
  });
  const writes = await timeEach(N, (i) => timed(() => file(i, now + i)), {
    sqlite: handle.sqlite,
    times: [],
  });
  await handle.close();
  return { CLOSED, N, fillMs, tickets, command, bare, writes, checkpoints };
}

async function scanOnce(dbUrl: string, now: number, runs: number) {
  const handle = requireSqlite(await openDatabase(dbUrl));
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const due = await dueReminderTickets(handle.db, now, settingsPerRun(handle.db));
    times.push(performance.now() - t0);
    found = due.length;
  }
  await handle.close();
  return { median: median(times), found };
}

async function scheduleScan() {
  const OPEN = scaled(10_000);
  const CLOSED = scaled(1_000_000);
  const now = Date.now();
  const make = async (closed: number) => {
    const url = join(tmp(), `scan-${closed}.db`);
    const handle = requireSqlite(await openDatabase(url));
    const compoundId = await seedDemoCompound(handle.db, now);
    fillTickets(handle.sqlite, {
      compoundId,
      roomId: demoOwnersRoom.id,
      reporterId: 'wxid_zhangsan',
      closed,
      open: OPEN,
      now,
    });
    await handle.close();
    return url;
  };
  const small = await scanOnce(await make(0), now, 30);
  const big = await scanOnce(await make(CLOSED), now, 30);
  return { OPEN, CLOSED, small, big };
}

/**
 * A db carrying `history` sent messages and acknowledged ballots, plus the live work: one reply
 * due, one open poll with five ballots waiting for their acknowledgement.
 */
async function historyDb(history: number, now: number) {
  const handle = await openBench(`history-${history}.db`);
  const compoundId = await seedDemoCompound(handle.db, now);
  const room = { compoundId, roomId: demoOwnersRoom.id, openedBy: 'wxid_zhao_weiyuan', now };
  const PER_POLL = 1000;
  fillSentOutbox(handle.sqlite, { count: history, roomId: demoOwnersRoom.id, now });
  fillPolls(handle.sqlite, { ...room, polls: Math.ceil(history / PER_POLL), perPoll: PER_POLL });
  fillPolls(handle.sqlite, { ...room, polls: 1, perPoll: 5, open: true });
  await enqueue(handle.db, { conversationId: demoOwnersRoom.id, text: '已受理 #1' }, now);
  return handle;
}

/**
 * What the sender (every pass) and the votes schedule (every tick) look up, timed on an empty
 * history and on `history` rows in turn, call by call, so a slow moment of the machine falls on
 * both; ten untimed calls on each first.
 */
async function liveLookups(history: number, runs: number) {
  const now = Date.now();
  const dbs = [await historyDb(0, now), await historyDb(history, now)] as const;
  const onBoth = async (look: (db: Db) => Promise<number>) => {
    for (let i = 0; i < 10; i++) for (const h of dbs) await look(h.db);
    const times: [number[], number[]] = [[], []];
    const found: [number, number] = [0, 0];
    for (let i = 0; i < runs; i++) {
      for (const k of [0, 1] as const) {
        const t0 = performance.now();
        found[k] = await look(dbs[k].db);
        times[k].push(performance.now() - t0);
      }
    }
    return {
      empty: { median: median(times[0]), found: found[0] },
      full: { median: median(times[1]), found: found[1] },
    };
  };
  const lookups = {
    sender: await onBoth(async (db) => (await sendableOutbox(db, now)).length),
    acks: await onBoth(async (db) => (await pollsWithPendingAcks(db)).length),
  };
  for (const h of dbs) await h.close();
  return lookups;
}

function child(script: string): Record<string, unknown> {
  const text = execFileSync(process.execPath, ['--import', 'tsx', script], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', WECHATY_LOG: 'silent' },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = text
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  if (!last) throw new Error(`${script} printed no result`);
  return JSON.parse(last);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
out('# hongguanjia benchmark');
out();
out(`- date: ${new Date().toISOString()}`);
out(
  `- machine: ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM (${Math.round(freemem() / 2 ** 30)} GiB free), ${platform()} ${release()}`,
);
out(
  `- node ${process.version}; HGJ_BENCH_SCALE=${SCALE}${SCALE === 1 ? ' (the sizes of issue 6)' : ' (reduced sizes: not the issue-6 figures)'}`,
);
out();

const c = await commandCost();
out('## 1. Command cost in process: /报修 (parse, validate, transaction, ticket + outbox rows)');
out(
  `${c.tickets.toLocaleString()} tickets in the db (${c.CLOSED.toLocaleString()} closed filled in ${ms(c.fillMs)}), ${c.N} commands, WAL, synchronous=NORMAL, one file.`,
);
out();
out('| | p50 | p99 |');
out('|---|---|---|');
out(`| /报修 through the dispatcher | ${ms(median(c.command))} | ${ms(percentile(c.command, 99))} |`);
out(
  `| baseline: bare insert of one row in its own transaction | ${ms(median(c.bare))} | ${ms(percentile(c.bare, 99))} |`,
);
out(
  `| ratio | ${ratio(median(c.command), median(c.bare))} | ${ratio(percentile(c.command, 99), percentile(c.bare, 99))} |`,
);
out();
out(
  'A second baseline, for what the target above leaves out: the rows one /报修 commits (the message claim, the ticket, its event, the reply and the staff notice), written with prepared statements in one transaction, with no parsing, lookups or reply text (bench/fill.ts `filingWrites`).',
);
out();
out('| | p50 | p99 |');
out('|---|---|---|');
out(`| the writes of one /报修, alone | ${ms(median(c.writes))} | ${ms(percentile(c.writes, 99))} |`);
out(
  `| /报修 through the dispatcher / its writes alone | ${ratio(median(c.command), median(c.writes))} | ${ratio(percentile(c.command, 99), percentile(c.writes, 99))} |`,
);
out(
  `| its writes alone / bare insert | ${ratio(median(c.writes), median(c.bare))} | ${ratio(percentile(c.writes, 99), percentile(c.bare, 99))} |`,
);
out();
out(
  `WAL checkpoints run on a timer in the bot, not inside a command's commit; here one every 250 commands took ${ms(median(c.checkpoints))} (median of ${c.checkpoints.length}), outside the timings above.`,
);
out(`Targets: within 3x of the baseline; p99 under 2 ms with 1,000,000 tickets.`);
out();

const r = child('bench/roundtrip.ts') as {
  rounds: number;
  gapMs: number;
  bot: { median: number; p90: number };
  echo: { median: number; p90: number };
};
out('## 2. Round trip over the puppet service on loopback: member says /进度 #n → reply seen');
out(
  `${r.rounds} round trips each, ${r.gapMs} ms apart (wider than the bot's 30 ms group pacing in this run, so this is latency, not the pacer), alternating between the two bots so a slow moment of the machine falls on both. Each bot is its own process on its own local wechaty-puppet-service server wrapping the mock puppet.`,
);
out();
out('| | median | p90 |');
out('|---|---|---|');
out(
  `| hongguanjia (/进度 #n over 20 tickets in turn, full timeline) | ${ms(r.bot.median)} | ${ms(r.bot.p90)} |`,
);
out(`| baseline: 20-line echo bot (bench/echo-bot.mjs) | ${ms(r.echo.median)} | ${ms(r.echo.p90)} |`);
out(`| ratio | ${ratio(r.bot.median, r.echo.median)} | ${ratio(r.bot.p90, r.echo.p90)} |`);
out();
out('Target: median within 1.3x of the echo bot.');
out();

const b = child('bench/burst.ts') as {
  groups: number;
  members: number;
  votes: number;
  sentWithinMs: number;
  lastRecordedMs: number;
  recorded: number;
  ballots: number;
  botMessages: number;
  dispatcherOnlyMs: number;
  startMs: number;
  bareStartMs: number;
  rss: { beforeStart: number; afterStart: number; afterBurst: number };
};
out(`## 3. Burst: ${b.votes} votes from ${b.members} members in one group`);
out(
  `Sent over ${ms(b.sentWithinMs)} through the real wiring on the mock puppet (each member votes twice; the second replaces the first).`,
);
out();
out(`- recorded: ${b.recorded} of ${b.votes} messages handled, ${b.ballots} ballots (one per member)`);
out(
  `- time to record the last one, from the first vote sent: ${ms(b.lastRecordedMs)} (${ms(b.lastRecordedMs - b.sentWithinMs)} after the last vote was sent)`,
);
out(
  `- group messages the bot sent for the burst (coalesced acknowledgements): ${b.botMessages} (target: under 10)`,
);
out(
  `- baseline: the same ${b.votes} votes through the dispatcher alone, in memory: ${ms(b.dispatcherOnlyMs)} in all (${ms(b.dispatcherOnlyMs / b.votes)} each)`,
);
out();

const s = await scheduleScan();
out('## 4. Schedules: the due-work scan of the ticket reminders');
out(
  'Median of 30 scans (the indexed open-ticket query plus the reminder-point filter), each db with the open tickets due around now.',
);
out();
out('| db | median scan | due found |');
out('|---|---|---|');
out(`| baseline: ${s.OPEN.toLocaleString()} open tickets only | ${ms(s.small.median)} | ${s.small.found} |`);
out(
  `| ${s.CLOSED.toLocaleString()} closed + ${s.OPEN.toLocaleString()} open | ${ms(s.big.median)} | ${s.big.found} |`,
);
out(`| ratio | ${ratio(s.big.median, s.small.median)} | |`);
out();
out('Target: ratio under 2 (cost grows with what is due, not with all tickets ever filed).');
out();

const HISTORY = scaled(1_000_000);
const { sender: sl, acks: al } = await liveLookups(HISTORY, 200);
out('The same question for the two other lookups that run all the time: the sender (every pass,');
out(
  'after every command) and the votes schedule (every 3 s). Median of 200, the two dbs in turn; both hold one reply',
);
out('due and one open poll with 5 ballots to acknowledge.');
out();
out(
  `| lookup | empty history | ${HISTORY.toLocaleString()} sent messages and acknowledged ballots | ratio |`,
);
out('|---|---|---|---|');
out(
  `| sender: next messages to send (found ${sl.empty.found} / ${sl.full.found}) | ${ms(sl.empty.median)} | ${ms(sl.full.median)} | ${ratio(sl.full.median, sl.empty.median)} |`,
);
out(
  `| votes: polls with ballots to acknowledge (found ${al.empty.found} / ${al.full.found}) | ${ms(al.empty.median)} | ${ms(al.full.median)} | ${ratio(al.full.median, al.empty.median)} |`,
);
out();

type MemoryRun = { rssMb: number; readyMs: number; rssMbRounds: number[] };
const m = child('bench/memory.ts') as {
  groups: number;
  rounds: number;
  settleMs: number;
  compiled: MemoryRun;
  bare: MemoryRun;
  tsx: MemoryRun;
};
out(`## 5. Memory and start-up, ${m.groups} groups bound`);
out(
  `Each bot is its own process on its own local wechaty-puppet-service server wrapping the mock puppet with ${m.groups} rooms, started with node alone; its RSS is read from outside ${m.settleMs / 1000} s after it is ready (median of 10 reads 200 ms apart), median of ${m.rounds} rounds, the bots in turn.`,
);
out();
out('| | RSS | rounds | start to ready |');
out('|---|---|---|---|');
const memoryRow = (label: string, r: MemoryRun) =>
  out(`| ${label} | ${r.rssMb} MB | ${r.rssMbRounds.join(' / ')} MB | ${ms(r.readyMs)} |`);
memoryRow(
  `hongguanjia as \`npm start\` runs it (node dist/bot/main.js), rosters of ${m.groups} groups read`,
  m.compiled,
);
memoryRow('baseline: bare Wechaty bot (bench/echo-bot.mjs), ready', m.bare);
out(`| ratio | ${ratio(m.compiled.rssMb, m.bare.rssMb)} | | ${ratio(m.compiled.readyMs, m.bare.readyMs)} |`);
memoryRow('for comparison: the same bot from the TypeScript sources under tsx', m.tsx);
out();
out('Target: RSS within 1.3x of the bare Wechaty bot.');
out();
out(
  `In the burst's own process (sources under tsx, mock puppet inside): start-up to logged in and ready (db open + migrations + Wechaty + login + roster) ${ms(b.startMs)}, against a bare Wechaty on the same mock puppet ${ms(b.bareStartMs)} (${ratio(b.startMs, b.bareStartMs)}); RSS ${b.rss.afterStart} MB after start and ${b.rss.afterBurst} MB after the burst (${ratio(b.rss.afterBurst, b.rss.afterStart)}).`,
);
out();

writeFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
console.log('\nwritten to bench/RESULTS.md');
