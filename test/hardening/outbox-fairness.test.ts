/**
 * Outbox fairness (issue 13): one busy group must not hold up the others. The sender once read
 * the first 500 unsent rows by id, so a group with 600 queued replies hid another group's reply
 * for 100 s, and a group whose sends kept failing hid everyone else's until its row was given up
 * a day later. Each conversation's next row is now found on its own.
 *
 * The real sender, pacer (production pacing: one message a second per group, three a second for
 * the account) and database with its migrations, on a fixed clock stepped 100 ms at a time as the
 * sender's loop would wake.
 */
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../bot/pacer.js';
import { createSender, type Transport } from '../../bot/sender.js';
import { enqueue } from '../../db/outbox.js';
import { type OutboxRow, outbox } from '../../db/schema.js';
import { openTestDatabase } from '../support/store.js';

const BUSY = 'busy@chatroom';
const QUIET = 'quiet@chatroom';
const INTERVAL = 1000;
const QUEUED = 1000;
const STEP = 100;
const silent = { info() {}, warn() {}, error() {} };

async function world(fails: (row: OutboxRow) => boolean) {
  const handle = await openTestDatabase();
  let now = 1_800_000_000_000;
  const sent: { row: OutboxRow; at: number }[] = [];
  const tried: { row: OutboxRow; at: number }[] = [];
  const transport: Transport = {
    async send(row) {
      tried.push({ row, at: now });
      if (fails(row)) throw new Error('room not found');
      sent.push({ row, at: now });
    },
  };
  const sender = createSender({
    db: handle.db,
    transport,
    pacer: new Pacer({ groupIntervalMs: INTERVAL, perSecond: 3 }),
    now: () => now,
    log: silent,
  });
  await handle.db.transaction(async (tx) => {
    for (let i = 1; i <= QUEUED; i++)
      await enqueue(tx, { conversationId: BUSY, text: `忙碌群消息 ${i}` }, now);
  });
  return {
    handle,
    sent,
    tried,
    get now() {
      return now;
    },
    /** Runs the sender for `ms`, one pass every 100 ms. */
    async run(ms: number) {
      for (let t = 0; t < ms; t += STEP) {
        await sender.drainOnce();
        now += STEP;
      }
    },
  };
}

describe('outbox fairness between groups', () => {
  it('GIVEN 1,000 replies queued for one group WHEN another group gets a reply THEN it goes out within one pacing interval, and the busy group keeps its order', async () => {
    const w = await world(() => false);
    await w.run(3_000);
    const queuedAt = w.now;
    await enqueue(w.handle.db, { conversationId: QUIET, text: '已受理 #1' }, queuedAt);
    await w.run(INTERVAL + STEP);

    const quiet = w.sent.filter((s) => s.row.conversationId === QUIET);
    expect(quiet.map((s) => s.row.text)).toEqual(['已受理 #1']);
    expect(quiet[0]?.at).toBeLessThanOrEqual(queuedAt + INTERVAL);
    const busy = w.sent.filter((s) => s.row.conversationId === BUSY).map((s) => s.row.text);
    expect(busy.length).toBeGreaterThanOrEqual(4);
    expect(busy).toEqual(busy.map((_, i) => `忙碌群消息 ${i + 1}`));
  });

  it('GIVEN 1,000 queued for one group whose every send fails THEN other groups get each reply within one pacing interval while the failing group backs off, trying only its oldest row', async () => {
    const w = await world((row) => row.conversationId === BUSY);
    const delays: number[] = [];
    // Ten minutes of a failing group, with a reply for the other group every two minutes.
    for (let n = 1; n <= 5; n++) {
      const queuedAt = w.now;
      await enqueue(w.handle.db, { conversationId: QUIET, text: `已受理 #${n}` }, queuedAt);
      await w.run(120_000);
      const reply = w.sent.find((s) => s.row.text === `已受理 #${n}`);
      delays.push(reply === undefined ? Number.POSITIVE_INFINITY : reply.at - queuedAt);
    }
    expect(delays.every((d) => d <= INTERVAL)).toBe(true);

    const busyTries = w.tried.filter((t) => t.row.conversationId === BUSY);
    // Order is kept: nothing behind the failing row was tried.
    expect(new Set(busyTries.map((t) => t.row.text))).toEqual(new Set(['忙碌群消息 1']));
    // Backing off (1 s, 2 s, 4 s … up to a minute between tries), not once a pass: 10 minutes
    // at a pass every 100 ms would be 6,000 tries.
    expect(busyTries.length).toBeGreaterThan(5);
    expect(busyTries.length).toBeLessThan(20);
    const gaps = busyTries.slice(1).map((t, i) => t.at - (busyTries[i]?.at ?? 0));
    expect(gaps.every((g, i) => i === 0 || g >= (gaps[i - 1] ?? 0))).toBe(true);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000 + STEP);
    const head = await w.handle.db.select().from(outbox).orderBy(asc(outbox.id)).get();
    expect(head?.failedAt).toBeNull();
    expect(head?.attempts).toBe(busyTries.length);
  });
});
