/**
 * `npm run build`, and the first step of `npm start`: compiles the bot to JavaScript in dist/
 * (`tsc -b tsconfig.build.json`, incremental: with nothing changed it only compares timestamps)
 * and copies beside the compiled code the files the code reads from beside itself at run time:
 * every `new URL('<path>', import.meta.url)` in the compiled code whose target exists beside
 * the source (the migrations, the classifier's model and its corpus). Found in the code rather
 * than listed, so a file added later cannot be forgotten; copied rather than resolved from the
 * package root, so the sources (tests, scripts under tsx) and dist/ run the same code. The font
 * packages need nothing: Node finds node_modules from dist/ as from the sources.
 *
 * Plain JavaScript because it runs before anything is compiled, and without tsx to start fast.
 * Builds take turns through a lock file: the end-to-end tests start several bots at once with
 * `npm start`, and none may run dist/ while another tsc is still rewriting it.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const lock = join(dist, '.build.lock');

const besideTheCode = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Takes the lock, waiting for a build in progress; takes over one whose builder has died. */
function acquireLock() {
  mkdirSync(dist, { recursive: true });
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder = 0;
    let age = 0;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    // An empty lock is one being written this instant, unless it is old (its writer died then).
    if ((holder > 0 && !alive(holder)) || (holder === 0 && age > 10_000)) rmSync(lock, { force: true });
    else sleep(100);
  }
}

/** Copies a file so that a reader sees the old one or the new one, never half of it. */
function copyWhole(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const part = `${to}.${process.pid}.part`;
  copyFileSync(from, part);
  renameSync(part, to);
}

/** Makes `to` hold exactly the files of `from` (a folder) or a copy of `from` (a file). */
function mirror(from, to) {
  if (!statSync(from).isDirectory()) return copyWhole(from, to);
  mkdirSync(to, { recursive: true });
  const names = new Set(readdirSync(from));
  for (const name of names) mirror(join(from, name), join(to, name));
  for (const name of readdirSync(to)) if (!names.has(name)) rmSync(join(to, name), { recursive: true });
}

function* compiled(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* compiled(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

/** Copies into dist/ what the compiled code points at beside itself (a file or a folder). */
function copyAssets() {
  const copied = new Set();
  for (const js of compiled(dist)) {
    const sourceDir = join(root, relative(dist, dirname(js)));
    for (const [, , path] of readFileSync(js, 'utf8').matchAll(besideTheCode)) {
      const from = resolve(sourceDir, path);
      const to = resolve(dirname(js), path);
      // A file the code only writes (e.g. a report of the training script) may not exist yet.
      if (copied.has(to) || !from.startsWith(root) || from.startsWith(dist) || !existsSync(from)) continue;
      mirror(from, to);
      copied.add(to);
    }
  }
}

function build() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) return result.status ?? 1;
  copyAssets();
  return 0;
}

acquireLock();
let status = 1;
try {
  status = build();
} finally {
  rmSync(lock, { force: true });
}
process.exit(status);
