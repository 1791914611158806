/**
 * `npm run db:copy`: a compound's SQLite file moved into an empty PostgreSQL database. Runs in
 * both test projects: it always needs both stores (the PostgreSQL one from test/support/pg.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { demoBot, demoMembers, demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import { createDispatcher } from '../../commands/dispatcher.js';
import { allCommands } from '../../commands/index.js';
import { openDatabase } from '../../db/client.js';
import { enqueue } from '../../db/outbox.js';
import { outbox, tickets } from '../../db/schema.js';
import { ticketByNo } from '../../db/tickets.js';
import { CopyRefused, copyDatabase, describeCopy } from '../../scripts/db-copy.js';
import { freshPostgres } from '../support/pg.js';

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

const now = Date.UTC(2026, 10, 23, 2, 0);
const owner = demoMembers.find((m) => m.roles.length === 0) ?? demoMembers[0];

/** A SQLite file with a compound, tickets, a poll, and an outbox row carrying a file. */
async function compoundFile(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'hgj-copy-test-')), 'compound.db');
  const handle = await openDatabase(file);
  await seedDemoCompound(handle.db, now);
  const dispatcher = createDispatcher({
    db: handle.db,
    tz: 'Asia/Shanghai',
    bot: { names: [demoBot.name] },
    configAdmins: new Set(),
    commands: allCommands,
    log: { info() {}, warn() {}, error() {} },
  });
  const say = (id: string, text: string, at: number) =>
    dispatcher.dispatch(
      {
        id,
        text,
        speaker: { id: owner?.id ?? 'x', name: owner?.name ?? 'x' },
        room: demoOwnersRoom,
        mentions: [],
      },
      at,
    );
  await say('m1', '/报修 3号楼2单元楼道灯不亮', now);
  await say('m2', '/报修 地下车库有燃气味', now + 60_000);
  await say('m3', '/报修 小区要不要重新规划停车位', now + 120_000);
  await enqueue(
    handle.db,
    { conversationId: demoOwnersRoom.id, file: { name: '公示.png', data: Buffer.from([0, 1, 2, 255]) } },
    now,
  );
  await handle.close();
  return file;
}

describe('npm run db:copy', () => {
  it('GIVEN a compound on SQLite THEN every table arrives in PostgreSQL with the same rows, and new rows get new ids', async () => {
    const file = await compoundFile();
    const target = await freshPostgres();
    drops.push(target.drop);

    const results = await copyDatabase(file, target.url);
    expect(results.every((r) => r.ok)).toBe(true);
    const byTable = new Map(results.map((r) => [r.table, r]));
    expect(byTable.get('tickets')?.rows).toBe(3);
    expect(byTable.get('compounds')?.rows).toBe(1);
    expect((byTable.get('outbox')?.rows ?? 0) >= 4).toBe(true);
    expect(describeCopy(results)).toContain('全部核对一致');
    expect(describeCopy(results)).toContain('all verified');

    const pg = await openDatabase(target.url);
    try {
      const sqlite = await openDatabase(file);
      try {
        const compoundId = (await pg.db.select().from(tickets).all())[0]?.compoundId ?? 0;
        for (const no of [1, 2, 3]) {
          expect(await ticketByNo(pg.db, compoundId, no)).toEqual(
            await ticketByNo(sqlite.db, compoundId, no),
          );
        }
        const [file1] = await pg.db.select().from(outbox).where(eq(outbox.fileName, '公示.png')).all();
        expect(file1?.fileData).toEqual(Buffer.from([0, 1, 2, 255]));
      } finally {
        await sqlite.close();
      }
      // The id sequence moved past the copied rows: a new row does not collide.
      expect(await enqueue(pg.db, { conversationId: demoOwnersRoom.id, text: '新消息' }, now)).toBe(true);
      const ids = (await pg.db.select({ id: outbox.id }).from(outbox).all()).map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await pg.close();
    }
  });

  it('GIVEN a PostgreSQL database that is not empty THEN it copies nothing and says so', async () => {
    const file = await compoundFile();
    const target = await freshPostgres();
    drops.push(target.drop);
    await copyDatabase(file, target.url);
    const again = copyDatabase(file, target.url);
    await expect(again).rejects.toBeInstanceOf(CopyRefused);
    await expect(copyDatabase(file, target.url)).rejects.toThrow(/不是空的.*not empty/s);
    const pg = await openDatabase(target.url);
    try {
      expect(await pg.db.select().from(tickets).all()).toHaveLength(3);
    } finally {
      await pg.close();
    }
  });

  it('GIVEN a target that is not a postgres:// URL THEN it is refused', async () => {
    const file = await compoundFile();
    await expect(copyDatabase(file, join(tmpdir(), 'x.db'))).rejects.toBeInstanceOf(CopyRefused);
  });
});
