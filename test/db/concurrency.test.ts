/**
 * Two bots on one store at once (SPEC "Many accounts, one store"; the store issue's "concurrency is
 * real"): two handles, each with its own connections, as two processes would have. On PostgreSQL
 * they are two pools on one database; on SQLite two connections to one file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBot, demoMembers, demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import { createDispatcher, type Dispatcher } from '../../commands/dispatcher.js';
import { allCommands } from '../../commands/index.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { claimMessage, privateArrivals, recordArrival } from '../../db/messages.js';
import { enqueue, markSending, sendableOutbox } from '../../db/outbox.js';
import { outbox, ticketEvents, tickets } from '../../db/schema.js';
import { polls } from '../../db/schema-votes.js';
import { allSchedules } from '../../schedules/index.js';
import { runSchedule } from '../../schedules/runner.js';
import { ticketReminderSchedule } from '../../schedules/ticket-reminders.js';
import { testDatabaseUrl, testStore } from '../support/store.js';

const now = Date.UTC(2026, 10, 23, 2, 0);
const owners = demoMembers.filter((m) => m.roles.length === 0);
const committee = demoMembers.find((m) => m.roles.includes('committee'));

let one: DatabaseHandle;
let two: DatabaseHandle;

function dispatcherOn(handle: DatabaseHandle): Dispatcher {
  return createDispatcher({
    db: handle.db,
    tz: 'Asia/Shanghai',
    bot: { names: [demoBot.name] },
    configAdmins: new Set(),
    commands: allCommands,
    log: { info() {}, warn() {}, error() {} },
    flood: { limit: 100_000, windowMs: 1000 },
  });
}

beforeAll(async () => {
  const url = await testDatabaseUrl(join(mkdtempSync(join(tmpdir(), 'hgj-conc-')), 'bot.db'));
  one = await openDatabase(url);
  // SQLite's store is one process on one connection, whose executor takes transactions one at a
  // time: a second connection in this same process would block the event loop in busy_timeout
  // while the first waits on it. So on SQLite both "bots" share the one handle; on PostgreSQL
  // each has its own pool, as two processes have.
  two = testStore === 'postgres' ? await openDatabase(url) : one;
  await seedDemoCompound(one.db, now);
});

afterAll(async () => {
  await one?.close();
  if (two !== one) await two?.close();
});

const say = (d: Dispatcher, id: string, speakerIndex: number, text: string) => {
  const speaker = owners[speakerIndex % owners.length] ?? demoMembers[0];
  return d.dispatch(
    {
      id,
      text,
      speaker: { id: speaker?.id ?? '', name: speaker?.name ?? '' },
      room: demoOwnersRoom,
      mentions: [],
    },
    now,
  );
};

describe('two bots on one store at once', () => {
  it('GIVEN 40 /报修 filed at once through two handles THEN the tickets are numbered 1..40, unique, no gap', async () => {
    const [a, b] = [dispatcherOn(one), dispatcherOn(two)];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        say(i % 2 === 0 ? a : b, `t-${i}`, i, `/报修 ${i + 1}号楼楼道灯不亮`),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill('ok'));
    const rows = await one.db.select({ no: tickets.no }).from(tickets).orderBy(asc(tickets.no)).all();
    expect(rows.map((r) => r.no)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('GIVEN polls opened at once through two handles THEN their numbers are unique and gap-free too', async () => {
    const [a, b] = [dispatcherOn(one), dispatcherOn(two)];
    const speaker = committee ?? demoMembers[0];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? a : b).dispatch(
          {
            id: `p-${i}`,
            text: `/投票 第${i + 1}个问题 | 同意 | 反对`,
            speaker: { id: speaker?.id ?? '', name: speaker?.name ?? '' },
            room: demoOwnersRoom,
            mentions: [],
          },
          now,
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('ok'));
    const rows = await one.db.select({ no: polls.no }).from(polls).orderBy(asc(polls.no)).all();
    expect(rows.map((r) => r.no)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('GIVEN the same message id claimed through both handles at once THEN exactly one claim wins', async () => {
    for (let i = 0; i < 20; i++) {
      const claims = await Promise.all([
        one.db.transaction((tx) => claimMessage(tx, `same-${i}`, now)),
        two.db.transaction((tx) => claimMessage(tx, `same-${i}`, now)),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    }
  });

  it('GIVEN a private message being recorded through one handle WHEN the same member writes to the other THEN the second is recorded after the first commits, and the flood count for it sees both', async () => {
    const speakerId = 'wxid_private_burst';
    const arrive = (db: DatabaseHandle['db'], messageId: string) =>
      recordArrival(db, {
        messageId,
        kind: 'text',
        roomId: null,
        speakerId,
        text: '/帮助',
        mentionIds: [],
        botNames: [demoBot.name],
        receivedAt: now,
      });
    let recorded!: (id: number | null) => void;
    const firstRecorded = new Promise<number | null>((resolve) => {
      recorded = resolve;
    });
    // The first account's write holds its transaction open a moment after the insert, as a slow
    // commit would; the second account's write and its count run meanwhile.
    const first = one.db.transaction(async (tx) => {
      recorded(await arrive(tx, 'private-1'));
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const firstId = await firstRecorded;
    const secondId = await arrive(two.db, 'private-2');
    const counted = await privateArrivals(two.db, speakerId, 'private-2', now - 60_000);
    await first;
    expect(firstId).not.toBeNull();
    expect(secondId).toBeGreaterThan(firstId ?? Number.POSITIVE_INFINITY);
    expect(counted).toBe(2);
  });

  it('GIVEN the same outbox row taken by two senders at once THEN only one of them gets it', async () => {
    for (let i = 0; i < 20; i++) {
      await enqueue(one.db, { conversationId: `room-${i}@chatroom`, text: `第${i}条` }, now);
    }
    const rows = (await sendableOutbox(one.db, now + 1)).filter((r) => r.conversationId.startsWith('room-'));
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      const taken = await Promise.all([
        markSending(one.db, row.id, row.sendingAt, now + 2),
        markSending(two.db, row.id, row.sendingAt, now + 2),
      ]);
      expect(taken.filter(Boolean)).toHaveLength(1);
    }
  });

  it('GIVEN a message dispatched through both handles at once THEN it is handled once, with one ticket and one reply', async () => {
    const [a, b] = [dispatcherOn(one), dispatcherOn(two)];
    const before = await one.db.select({ id: tickets.id }).from(tickets).all();
    const [ra, rb] = await Promise.all([
      say(a, 'dup-1', 0, '/报修 单元门禁坏了'),
      say(b, 'dup-1', 0, '/报修 单元门禁坏了'),
    ]);
    expect([ra.status, rb.status].sort()).toEqual(['duplicate', 'ok']);
    const after = await one.db.select({ id: tickets.id }).from(tickets).all();
    expect(after.length - before.length).toBe(1);
    const filed = await one.db.select().from(tickets).where(eq(tickets.description, '单元门禁坏了')).all();
    expect(filed).toHaveLength(1);
  });

  it('GIVEN the reminder schedule ticking in both bots at the same moments THEN each reminder and escalation happens once', async () => {
    for (let step = 1; step <= 30; step++) {
      const at = now + step * 5 * 60_000;
      await Promise.all([
        runSchedule(one.db, ticketReminderSchedule, at, {
          tz: 'Asia/Shanghai',
          publicUrl: 'http://localhost:8080',
        }),
        runSchedule(two.db, ticketReminderSchedule, at, {
          tz: 'Asia/Shanghai',
          publicUrl: 'http://localhost:8080',
        }),
      ]);
    }
    const events = await one.db
      .select({ ticketId: ticketEvents.ticketId, kind: ticketEvents.kind, note: ticketEvents.note })
      .from(ticketEvents)
      .all();
    const escalations = events.filter((e) => e.kind === 'escalated');
    const reminders = events.filter((e) => e.kind === 'reminded');
    // Forty-one general tickets, none answered: every one escalates at twice its window.
    expect(escalations.length).toBe(41);
    expect(new Set(escalations.map((e) => e.ticketId)).size).toBe(41);
    expect(reminders.length).toBeGreaterThan(0);
    const reminderKeys = reminders.map((e) => `${e.ticketId}:${e.note}`);
    expect(new Set(reminderKeys).size).toBe(reminderKeys.length);
  });

  it('GIVEN every schedule of the bot ticking in both bots at the same moments for two days THEN no reminder, digest or notice is queued twice', async () => {
    // Each run is one transaction that first locks its schedule's row (schedules/runner.ts), and
    // what it writes carries an outbox dedupe key: the second bot's run waits, then finds it done.
    const before = (await one.db.select().from(outbox).all()).length;
    const start = now + 31 * 5 * 60_000;
    for (let hour = 1; hour <= 48; hour++) {
      const at = start + hour * 3_600_000;
      await Promise.all(
        allSchedules.flatMap((def) => [
          runSchedule(one.db, def, at, { tz: 'Asia/Shanghai', publicUrl: 'http://localhost:8080' }),
          runSchedule(two.db, def, at, { tz: 'Asia/Shanghai', publicUrl: 'http://localhost:8080' }),
        ]),
      );
    }
    const rows = await one.db.select().from(outbox).orderBy(asc(outbox.id)).all();
    // Reminders and the daily digests went out over the two days (so the test could fail).
    expect(rows.length).toBeGreaterThan(before);
    expect(rows.filter((r) => r.dedupeKey?.startsWith('digest:')).length).toBeGreaterThanOrEqual(2);
    const messages = rows.map((r) => `${r.conversationId}\n${r.text ?? r.fileName}`);
    expect(messages.filter((m, i) => messages.indexOf(m) !== i)).toEqual([]);
  });
});
