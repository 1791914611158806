import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { enqueue } from '../../db/outbox.js';
import { backupDatabase } from '../../scripts/backup.js';
import { testStore } from '../support/store.js';

// SQLite only: `npm run backup` is SQLite's online backup of the database file.
describe.runIf(testStore === 'sqlite')('npm run backup', () => {
  it('GIVEN a database being written to THEN the backup is consistent and holds every committed row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hgj-backup-'));
    const source = join(dir, 'live.db');
    const live = await openDatabase(source);
    for (let i = 0; i < 2000; i++)
      await enqueue(live.db, { conversationId: 'g@chatroom', text: `行 ${i}` }, i);
    // Keep writing while the backup runs, as the bot would.
    let writes = 0;
    const written: Promise<void>[] = [];
    const writer = setInterval(() => {
      written.push(
        live.db.transaction(async (tx) => {
          for (let i = 0; i < 50; i++)
            await enqueue(tx, { conversationId: 'g@chatroom', text: `并发 ${writes++}` }, 0);
        }),
      );
    }, 1);
    const result = await backupDatabase(source, join(dir, 'backup.db'));
    clearInterval(writer);
    await Promise.all(written);
    await live.close();

    const copy = new Database(result.path, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = copy.prepare('select count(*) as n from outbox').get() as { n: number };
    expect(rows.n).toBeGreaterThanOrEqual(2000);
    // Whole transactions only: the concurrent writer commits 50 rows at a time.
    expect((rows.n - 2000) % 50).toBe(0);
    const migrations = copy.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(migrations.n).toBeGreaterThan(0);
    copy.close();
  });

  it('GIVEN the npm script THEN it writes the backup where asked and says so in Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hgj-backup-cli-'));
    const source = join(dir, 'bot.db');
    await (await openDatabase(source)).close();
    const out = execFileSync('npm', ['run', '--silent', 'backup', '--', join(dir, 'copy.db')], {
      env: { ...process.env, DATABASE_URL: source },
      encoding: 'utf8',
    });
    expect(out).toContain('备份完成');
    expect(out).toContain(join(dir, 'copy.db'));
  });

  it('GIVEN no database file THEN it fails with one Chinese line and exit code 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hgj-backup-missing-'));
    let status = 0;
    let stderr = '';
    try {
      execFileSync('npm', ['run', '--silent', 'backup'], {
        env: { ...process.env, DATABASE_URL: join(dir, 'nope.db') },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const e = error as { status: number; stderr: string };
      status = e.status;
      stderr = e.stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toContain('备份失败');
  });
});
