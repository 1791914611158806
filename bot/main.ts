/**
 * The entry point, and the only file with side effects at import: reads the config, opens and
 * migrates the database, then starts either the local sandbox (no WECHATY_PUPPET) or the bot on
 * the configured puppet.
 */

import { openDatabase } from '../db/client.js';
import { ConfigError, parseConfig } from './config.js';
import { createBot } from './create-bot.js';
import { createLogger } from './logger.js';
import { runSandbox } from './sandbox/sandbox.js';

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const handle = openDatabase(config.databaseUrl);

if (config.puppet === null) {
  await runSandbox(config, handle, {
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true,
  });
  handle.close();
  process.exit(0);
} else {
  const log = createLogger(config.logLevel);
  log.info(
    { puppet: config.puppet, database: config.databaseUrl, tz: config.tz, admins: config.admins.size },
    'starting',
  );
  const bot = createBot({ config, db: handle.db, puppet: config.puppet, log });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await bot.stop();
    handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await bot.start();
}
