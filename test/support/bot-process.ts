/**
 * Starts the bot as its own process, the way the README does (`npm start`), with a private HOME
 * (the puppet-service client caches rooms per token under $HOME/.wechaty) and its own database.
 * The benchmark starts what `npm start` runs after its build (`node dist/bot/main.js`), built once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BotProcess {
  child: ChildProcess;
  dir: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the output contains `text`. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startBotProcess(
  env: Record<string, string>,
  dir = mkdtempSync(join(tmpdir(), 'hgj-bot-')),
  command: readonly [string, ...string[]] = ['npm', 'start', '--silent'],
): BotProcess {
  const [program, ...args] = command;
  const child = spawn(program, args, {
    cwd: process.cwd(),
    env: {
      ...process.env,
      HOME: dir,
      DATABASE_URL: join(dir, 'bot.db'),
      HGJ_DATA_DIR: dir,
      // A free port: test files run side by side.
      HGJ_HTTP_PORT: '0',
      ...env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    dir,
    output: () => output,
    async waitForOutput(text, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      const found = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
      while (!found()) {
        if (child.exitCode !== null)
          throw new Error(`bot exited (${child.exitCode}) before printing ${text}:\n${output}`);
        if (Date.now() > deadline)
          throw new Error(`bot did not print ${text} within ${timeoutMs} ms:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill(signal = 'SIGTERM') {
      const pid = child.pid;
      if (pid === undefined || !groupAlive(pid)) return;
      try {
        process.kill(-pid, signal);
      } catch {
        return;
      }
      // `npm start` exits as soon as it has passed the signal on, while the bot itself is still
      // finishing its in-flight send: wait for the whole process group, not just npm.
      if (!(await groupGone(pid, 10_000))) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {}
        await groupGone(pid, Number.POSITIVE_INFINITY);
      }
      await exited;
    },
  };
}

/** Waits up to `timeoutMs` for the group `pid` leads to be gone; false if it is still there. */
async function groupGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * True while a live process of the group `pid` leads is still running. Zombies do not count: in
 * a container nobody may reap the orphaned tsx and node, and they have finished all the same.
 */
function groupAlive(pid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces, so read after the last ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}
