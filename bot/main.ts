/**
 * The entry point, and the only file with side effects at import: reads the config, opens and
 * migrates the database, then starts either the local sandbox (no WECHATY_PUPPET) or the bot on
 * the configured puppet.
 */

import { type DatabaseHandle, openDatabase } from '../db/client.js';
import { BoardPortError } from '../web/server.js';
import { ConfigError, databaseLabel, parseConfig } from './config.js';
import { createBot } from './create-bot.js';
import { createLogger } from './logger.js';

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

let handle: DatabaseHandle;
try {
  handle = await openDatabase(config.databaseUrl);
} catch (error) {
  // A PostgreSQL server that is down or refuses the login: one line, not a stack.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `数据库打不开 (cannot open the database) ${databaseLabel(config.databaseUrl)}: ${message}\n`,
  );
  process.exit(1);
}

if (config.puppet === null) {
  // Imported here, not above: the sandbox and its mock puppet cost a bot on a real puppet some
  // 10 MB of RSS for nothing (issue 14; bench/memory.ts).
  const { runSandbox } = await import('./sandbox/sandbox.js');
  try {
    await runSandbox(config, handle, {
      input: process.stdin,
      output: process.stdout,
      interactive: process.stdin.isTTY === true,
    });
  } catch (error) {
    await refuseStart(error);
  }
  await handle.close();
  process.exit(0);
} else {
  const log = createLogger(config.logLevel);
  log.info(
    {
      puppet: config.puppet,
      database: databaseLabel(config.databaseUrl),
      store: handle.store,
      tz: config.tz,
      admins: config.admins.size,
    },
    'starting',
  );
  const bot = createBot({ config, db: handle.db, sqlite: handle.sqlite, puppet: config.puppet, log });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    try {
      await bot.stop();
      await handle.close();
    } catch (error) {
      log.error({ err: error }, 'stop failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await bot.start();
  } catch (error) {
    await refuseStart(error);
  }
}

/** A port that cannot be opened stops the start with its one line; anything else as it is. */
async function refuseStart(error: unknown): Promise<never> {
  if (!(error instanceof BoardPortError)) throw error;
  process.stderr.write(`${error.message}\n`);
  await handle.close();
  process.exit(1);
}
