/**
 * The local sandbox: the real bot wiring on a mock puppet, in the demo compound, with a terminal
 * where you type as one member and see every reply the bot posts. Piped stdin works too: lines
 * in, replies out, then exit.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import type { DatabaseHandle } from '../../db/client.js';
import { sendableOutbox } from '../../db/outbox.js';
import { type Config, databaseLabel } from '../config.js';
import { createBot } from '../create-bot.js';
import { createLogger } from '../logger.js';
import { demoMembers } from './demo-compound.js';
import { createMockWorld, seedDemoCompound } from './mock-world.js';
import { type ConsoleIo, runWorldConsole } from './world-console.js';

export async function runSandbox(config: Config, handle: DatabaseHandle, io: ConsoleIo): Promise<void> {
  mkdirSync(config.dataDir, { recursive: true });
  const logFile = join(config.dataDir, 'sandbox.log');
  const log = createLogger(config.logLevel, pino.destination({ dest: logFile, sync: true }));
  const world = createMockWorld();
  const admins = new Set([
    ...config.admins,
    ...demoMembers.filter((m) => m.roles.includes('admin')).map((m) => m.id),
  ]);
  await seedDemoCompound(handle.db, Date.now());
  // Snappier pacing than production: the sandbox has one human reader, not WeChat's flood control.
  const bot = createBot({
    config: { ...config, admins, send: { groupIntervalMs: 100, perSecond: 20 } },
    db: handle.db,
    sqlite: handle.sqlite,
    puppet: world.puppet,
    log,
    // The sandbox's pages are for the person at this machine only.
    httpHost: '127.0.0.1',
  });
  await bot.start();
  world.login();
  await bot.loggedIn;

  const out = (line: string) => io.output.write(`${line}\n`);
  out(
    '红管家 本地沙盒: 小区「阳光花园」, 你是业主张三, 在业主群里。输入 :help 查看沙盒命令, /帮助 查看机器人命令。',
  );
  out(`(数据库 ${databaseLabel(config.databaseUrl)}, 日志 ${logFile})`);
  const web = bot.web();
  if (web !== null) out(`公示页在 ${web.publicUrl} 上 (在群里发送 /公示页 得到本小区的链接)。`);

  await runWorldConsole(world, io, {
    filesDir: resolve(config.dataDir, 'sandbox-files'),
    /** The bot has answered when nothing is due in the outbox and no reply came for a moment. */
    async settle(lastSentAt) {
      const start = Date.now();
      await new Promise((r) => setTimeout(r, 150));
      while (Date.now() - start < 15_000) {
        const unsent = (await sendableOutbox(handle.db, Date.now())).length;
        if (unsent === 0 && Date.now() - lastSentAt() > 300) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  });
  await bot.stop();
}
