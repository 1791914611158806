/**
 * Starts the bot as its own process, the way the README does (`npm start`), with a private HOME
 * (the puppet-service client caches rooms per token under $HOME/.wechaty) and its own database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
): BotProcess {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      HOME: dir,
      DATABASE_URL: join(dir, 'bot.db'),
      HGJ_DATA_DIR: dir,
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
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        return;
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
        await exited;
      }
    },
  };
}
