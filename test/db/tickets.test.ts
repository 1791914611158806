import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { upsertPerson } from '../../db/people.js';
import { compounds, ticketAttachments } from '../../db/schema.js';
import { addTicketEvent, insertNextTicket, ticketTimelineOf } from '../../db/tickets.js';
import { openTestDatabase } from '../support/store.js';

const filedAt = Date.UTC(2026, 11, 2, 2, 0);

async function fileOne(db: Db, compoundId: number) {
  return insertNextTicket(db, {
    compoundId,
    roomId: 'owners@chatroom',
    reporterId: 'wxid_zhangsan',
    filedBy: 'wxid_zhangsan',
    description: '楼道灯不亮',
    category: '维修',
    ticketClass: 'general',
    status: 'new',
    filedAt,
    responseDueAt: filedAt + 300_000,
    solveDueAt: filedAt + 1_800_000,
    updatedAt: filedAt,
  });
}

/** A store with two compounds and the reporter (tickets name a known person). */
async function fresh(): Promise<Db> {
  const { db } = await openTestDatabase();
  await db.insert(compounds).values({ id: 1, name: '阳光花园', createdAt: 0 }).run();
  await db.insert(compounds).values({ id: 2, name: '幸福小区', createdAt: 0 }).run();
  await upsertPerson(db, { id: 'wxid_zhangsan', name: '张三' }, filedAt);
  return db;
}

describe('a ticket for /进度 #n (db/tickets.ts)', () => {
  it('GIVEN tickets filed in two compounds THEN each compound numbers its own from 1', async () => {
    const db = await fresh();
    const nos = [];
    for (const compoundId of [1, 1, 2, 1, 2]) nos.push((await fileOne(db, compoundId)).no);
    expect(nos).toEqual([1, 2, 1, 3, 2]);
  });

  it('GIVEN events by a known member, by someone never seen and by the system, and two files THEN one read gives them in order, the names stored, and the count', async () => {
    const db = await fresh();
    const t = await fileOne(db, 1);
    await addTicketEvent(db, { ticketId: t.id, kind: 'filed', actorId: 'wxid_zhangsan', at: filedAt });
    await addTicketEvent(db, {
      ticketId: t.id,
      kind: 'taken',
      actorId: 'wxid_unknown',
      at: filedAt + 60_000,
    });
    await addTicketEvent(db, { ticketId: t.id, kind: 'reminded', actorId: 'system', at: filedAt + 30_000 });
    for (const [i, messageId] of ['m-photo-1', 'm-photo-2'].entries())
      await db
        .insert(ticketAttachments)
        .values({
          ticketId: t.id,
          messageId,
          kind: 'image',
          fileName: `${i}.jpg`,
          path: `files/${i}.jpg`,
          size: 1000,
          at: filedAt + i,
        })
        .run();

    const timeline = await ticketTimelineOf(db, t.id);
    expect(timeline.events.map((e) => [e.kind, e.actorId])).toEqual([
      ['filed', 'wxid_zhangsan'],
      ['reminded', 'system'],
      ['taken', 'wxid_unknown'],
    ]);
    expect(timeline.actorNames).toEqual(
      new Map([
        ['wxid_zhangsan', '张三'],
        ['system', null],
        ['wxid_unknown', null],
      ]),
    );
    expect(timeline.attachments).toBe(2);
  });

  it('GIVEN a ticket with a file and no event THEN the file is still counted', async () => {
    const db = await fresh();
    const t = await fileOne(db, 1);
    await db
      .insert(ticketAttachments)
      .values({
        ticketId: t.id,
        messageId: 'm-1',
        kind: 'file',
        fileName: 'a.pdf',
        path: 'a.pdf',
        size: 1,
        at: 1,
      })
      .run();
    expect(await ticketTimelineOf(db, t.id)).toEqual({ events: [], actorNames: new Map(), attachments: 1 });
  });
});
