/**
 * Benchmark part 5, memory (issue 14): the RSS of the bot with 200 bound groups, started as
 * production starts it (`node dist/bot/main.js`, the compiled JavaScript `npm start` runs) on a
 * local puppet service, against a bare Wechaty bot (bench/echo-bot.mjs, also node alone) on the
 * same kind of puppet service with the same 200 rooms. For comparison, the same bot from the
 * TypeScript sources under tsx, as `npm start` ran it before. Each is its own process, measured
 * from outside; rounds alternate between them so a slow moment of the machine falls on all.
 * Prints one JSON line. Alone: `npx tsx bench/memory.ts`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoOwnersRoom } from '../bot/sandbox/demo-compound.js';
import { openDatabase } from '../db/client.js';
import { startLocalPuppetServer } from '../scripts/puppet-server.js';
import { freePort } from '../test/support/free-port.js';
import { bindBenchGroups, GROUPS } from './fill.js';
import { mb, median, sleep } from './stats.js';

const ROUNDS = 3;
/** After ready, the process idles this long before its RSS is read (start-up garbage collected). */
const SETTLE_MS = 3000;
/** RSS is read this many times, 200 ms apart; the median is kept. */
const SAMPLES = 10;
/**
 * At rest: the RSS read this long after ready (and again this long after the answer), with
 * nothing said in between. V8 gives back the heap a process grew only once its memory reducer
 * finds it idle: 30 to 50 s after start for both bots on this machine, about 20 s after the
 * first /报修 for this one. Read at 3 s, a heap is still as large as start-up made it.
 */
const REST_MS = 60_000;

type Kind = 'compiled' | 'tsx' | 'bare';

/** `rest`: also read at rest (a minute more each time); the tsx bot is for comparison only. */
const commands: Record<Kind, { args: string[]; ready: string; rest: boolean }> = {
  compiled: { args: ['dist/bot/main.js'], ready: '"msg":"group rosters synced"', rest: true },
  tsx: { args: ['--import', 'tsx', 'bot/main.ts'], ready: '"msg":"group rosters synced"', rest: false },
  bare: { args: ['bench/echo-bot.mjs'], ready: 'echo ready', rest: true },
};

/** Resident set size of a process in bytes, from /proc on Linux and from ps elsewhere. */
function rssOf(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(status, 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  }
  const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  return Number(ps.stdout.trim()) * 1024;
}

function waitForOutput(child: ChildProcess, text: string, timeoutMs: number): Promise<void> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    const check = (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before "${text}":\n${seen}`)));
  });
}

/** The median of SAMPLES readings of the process's RSS, 200 ms apart, after `idleMs` idle. */
async function settledRss(pid: number, idleMs = SETTLE_MS): Promise<number> {
  await sleep(idleMs);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    samples.push(rssOf(pid));
    await sleep(200);
  }
  return median(samples);
}

/** What a member says once the bot is ready: its first /报修 loads the classifier (model, rules, converter). */
const FIRST_COMMAND = '/报修 3号楼2单元楼道灯不亮';

interface Reading {
  rss: number;
  restRss: number | null;
  inUseRss: number;
  inUseRestRss: number | null;
  readyMs: number;
}

/**
 * Starts one process on its own puppet service with 200 rooms and measures it once ready (and
 * at rest), then again after a member's first /报修 in the demo owners group has been answered
 * (the echo bot answers it with its echo; and at rest): a bot in use has classified a ticket,
 * which the reading at ready leaves out.
 */
async function measure(kind: Kind): Promise<Reading> {
  const dir = mkdtempSync(join(tmpdir(), `hgj-bench-memory-${kind}-`));
  const databaseUrl = join(dir, 'bot.db');
  const handle = await openDatabase(databaseUrl);
  await bindBenchGroups(handle.db, Date.now());
  await handle.close();

  const server = await startLocalPuppetServer({ port: await freePort() });
  for (let i = 0; i < GROUPS - 2; i++)
    server.world.addRoom({ id: `bench-${i}@chatroom`, topic: `小区${i + 1}业主群` }, []);
  const t0 = performance.now();
  const child = spawn(process.execPath, commands[kind].args, {
    env: {
      ...process.env,
      ...server.botEnv,
      // The puppet-service client caches rooms per token under $HOME/.wechaty.
      HOME: dir,
      DATABASE_URL: databaseUrl,
      HGJ_DATA_DIR: dir,
      HGJ_ADMINS: 'wxid_admin_liu',
      // The board pages are served as in production (their RSS counts), on a free port.
      HGJ_HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      WECHATY_LOG: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await waitForOutput(child, commands[kind].ready, 120_000);
    const readyAt = performance.now();
    const readyMs = readyAt - t0;
    const pid = child.pid as number;
    const rss = await settledRss(pid);
    const restRss = commands[kind].rest ? await settledRss(pid, readyAt + REST_MS - performance.now()) : null;
    const answered = new Promise<void>((resolve) => {
      const check = (m: { conversationId: string }) => {
        if (m.conversationId !== demoOwnersRoom.id) return;
        server.world.puppet.outgoing.off('sent', check);
        resolve();
      };
      server.world.puppet.outgoing.on('sent', check);
    });
    server.world.say('wxid_zhangsan', demoOwnersRoom.id, FIRST_COMMAND);
    await Promise.race([
      answered,
      sleep(30_000).then(() => {
        throw new Error(`${kind}: no answer to ${FIRST_COMMAND} within 30 s`);
      }),
    ]);
    const answeredAt = performance.now();
    const inUseRss = await settledRss(pid);
    const inUseRestRss = commands[kind].rest
      ? await settledRss(pid, answeredAt + REST_MS - performance.now())
      : null;
    return { rss, restRss, inUseRss, inUseRestRss, readyMs };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await server.stop();
  }
}

// The compiled bot is what `npm start` runs: build it first (a no-op when dist/ is current).
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 2, 2] });
if (build.status !== 0) throw new Error('npm run build failed');

const runs: Record<Kind, Reading[]> = {
  compiled: [],
  tsx: [],
  bare: [],
};
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of ['compiled', 'bare', 'tsx'] as const) runs[kind].push(await measure(kind));
}
const summary = (kind: Kind) => ({
  rssMb: mb(median(runs[kind].map((r) => r.rss))),
  readyMs: median(runs[kind].map((r) => r.readyMs)),
  rssMbRounds: runs[kind].map((r) => mb(r.rss)),
  inUseRssMb: mb(median(runs[kind].map((r) => r.inUseRss))),
  inUseRssMbRounds: runs[kind].map((r) => mb(r.inUseRss)),
  ...(commands[kind].rest
    ? {
        restRssMb: mb(median(runs[kind].map((r) => r.restRss ?? 0))),
        restRssMbRounds: runs[kind].map((r) => mb(r.restRss ?? 0)),
        inUseRestRssMb: mb(median(runs[kind].map((r) => r.inUseRestRss ?? 0))),
        inUseRestRssMbRounds: runs[kind].map((r) => mb(r.inUseRestRss ?? 0)),
      }
    : {}),
});
console.log(
  JSON.stringify({
    groups: GROUPS,
    rounds: ROUNDS,
    settleMs: SETTLE_MS,
    restMs: REST_MS,
    compiled: summary('compiled'),
    bare: summary('bare'),
    tsx: summary('tsx'),
  }),
);
process.exit(0);
