import { asc } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { Pacer } from '../../bot/pacer.js';
import { createSender, type Transport } from '../../bot/sender.js';
import { type Db, openDatabase } from '../../db/client.js';
import { enqueue, markSending, sendableOutbox } from '../../db/outbox.js';
import { type OutboxRow, outbox } from '../../db/schema.js';
import { setOutboxText } from '../../db/tickets-attachments.js';
import { openTestDatabase, testDatabaseUrl } from '../support/store.js';

const silent = { info() {}, warn() {}, error() {} };

/** The outbox in the order it was written (PostgreSQL returns updated rows in no fixed order). */
const rowsOf = (db: Db) => db.select().from(outbox).orderBy(asc(outbox.id)).all();

async function setup(transport: Transport, pacer = new Pacer({ groupIntervalMs: 1000, perSecond: 3 })) {
  const handle = await openTestDatabase();
  let now = 1_000_000;
  const sender = createSender({ db: handle.db, transport, pacer, now: () => now, log: silent });
  return {
    handle,
    sender,
    advance: (ms: number) => {
      now += ms;
    },
    get now() {
      return now;
    },
  };
}

function recording(fail: (row: OutboxRow) => boolean = () => false) {
  const sent: OutboxRow[] = [];
  const transport: Transport = {
    async send(row) {
      if (fail(row)) throw new Error('link down');
      sent.push(row);
    },
  };
  return { sent, transport };
}

describe('outbox sender', () => {
  it('GIVEN three replies to one group THEN one goes now and the others one interval apart, in order', async () => {
    const { sent, transport } = recording();
    const s = await setup(transport);
    for (const text of ['一', '二', '三'])
      await enqueue(s.handle.db, { conversationId: 'g@chatroom', text }, s.now);
    expect(await s.sender.drainOnce()).toBe(1);
    s.advance(999);
    expect(await s.sender.drainOnce()).toBe(0);
    s.advance(1);
    expect(await s.sender.drainOnce()).toBe(1);
    s.advance(1000);
    expect(await s.sender.drainOnce()).toBe(1);
    expect(sent.map((r) => r.text)).toEqual(['一', '二', '三']);
  });

  it('GIVEN a failed send THEN the row is retried later, and the rows behind it in that group wait for it', async () => {
    let down = true;
    const { sent, transport } = recording(() => down);
    const s = await setup(transport);
    await enqueue(s.handle.db, { conversationId: 'g@chatroom', text: 'first' }, s.now);
    await enqueue(s.handle.db, { conversationId: 'g@chatroom', text: 'second' }, s.now);
    expect(await s.sender.drainOnce()).toBe(0);
    const [row] = await rowsOf(s.handle.db);
    expect(row?.attempts).toBe(1);
    expect(row?.lastError).toBe('link down');
    down = false;
    expect(await s.sender.drainOnce()).toBe(0); // still backing off; "second" must not overtake
    s.advance(2000);
    await s.sender.drainOnce();
    s.advance(1000);
    await s.sender.drainOnce();
    expect(sent.map((r) => r.text)).toEqual(['first', 'second']);
  });

  it('GIVEN a row sent THEN a new sender on the same database (a restart) never sends it again', async () => {
    const { sent, transport } = recording();
    const s = await setup(transport);
    await enqueue(s.handle.db, { conversationId: 'a@chatroom', text: 'once' }, s.now);
    await enqueue(s.handle.db, { conversationId: 'a@chatroom', text: 'after restart' }, s.now);
    await s.sender.drainOnce();
    const restarted = createSender({
      db: s.handle.db,
      transport,
      pacer: new Pacer({ groupIntervalMs: 1000, perSecond: 3 }),
      now: () => s.now + 5000,
      log: silent,
    });
    await restarted.drainOnce();
    await restarted.drainOnce();
    expect(sent.map((r) => r.text)).toEqual(['once', 'after restart']);
  });

  it('GIVEN the process dies while the transport has a row THEN the next start sends that row again with a warning, and nothing else twice', async () => {
    let handedOver = () => {};
    const inTransport = new Promise<void>((resolve) => (handedOver = resolve));
    // The transport never answers: the process dies here.
    const s = await setup({
      send: () => {
        handedOver();
        return new Promise<void>(() => undefined);
      },
    });
    await enqueue(s.handle.db, { conversationId: 'a@chatroom', text: 'in flight' }, s.now);
    await enqueue(s.handle.db, { conversationId: 'b@chatroom', text: 'not started' }, s.now);
    void s.sender.drainOnce();
    await inTransport;
    const marks = await rowsOf(s.handle.db);
    expect(marks.map((r) => [r.text, r.sendingAt !== null, r.sentAt])).toEqual([
      ['in flight', true, null],
      ['not started', false, null],
    ]);

    const warnings: object[] = [];
    const { sent, transport } = recording();
    const restarted = createSender({
      db: s.handle.db,
      transport,
      pacer: new Pacer({ groupIntervalMs: 1000, perSecond: 3 }),
      now: () => s.now + 5000,
      log: { ...silent, warn: (obj) => warnings.push(obj) },
    });
    await restarted.drainOnce();
    await restarted.drainOnce();
    expect(sent.map((r) => r.text).sort()).toEqual(['in flight', 'not started']);
    expect(warnings).toEqual([expect.objectContaining({ outboxId: marks[0]?.id, roomId: 'a@chatroom' })]);
    expect((await rowsOf(s.handle.db)).every((r) => r.sentAt !== null)).toBe(true);
  });

  it('GIVEN a send that failed and is retried THEN the retry is not taken for a crash (no warning)', async () => {
    let down = true;
    const inFlightWhenCalled: boolean[] = [];
    const warnings: object[] = [];
    const handle = await openTestDatabase();
    let now = 1_000_000;
    const sender = createSender({
      db: handle.db,
      transport: {
        async send() {
          inFlightWhenCalled.push((await handle.db.select().from(outbox).get())?.sendingAt != null);
          if (down) throw new Error('link down');
        },
      },
      pacer: new Pacer({ groupIntervalMs: 1000, perSecond: 3 }),
      now: () => now,
      log: { ...silent, warn: (obj) => warnings.push(obj) },
    });
    await enqueue(handle.db, { conversationId: 'a@chatroom', text: 'retry me' }, now);
    await sender.drainOnce();
    expect((await handle.db.select().from(outbox).get())?.sendingAt).toBeNull();
    down = false;
    now += 2000;
    expect(await sender.drainOnce()).toBe(1);
    expect(inFlightWhenCalled).toEqual([true, true]);
    // Only the failed attempt warns; a retry after an answered failure is not "in doubt".
    expect(warnings).toEqual([expect.objectContaining({ attempts: 1, err: 'link down' })]);
  });

  it('GIVEN a waiting line rewritten after a sender read it THEN the sender takes the new text; once taken, no rewrite lands', async () => {
    const s = await setup(recording().transport);
    await enqueue(
      s.handle.db,
      { conversationId: 'g@chatroom', text: '已收到 #1 的照片 (共 1 个附件)' },
      s.now,
    );
    const [read] = await sendableOutbox(s.handle.db, s.now);
    if (!read) throw new Error('nothing sendable');
    const later = '已收到 #1 的照片 (共 1 个附件), 另有 1 个未保存: 单个文件不超过 1MB';
    expect(await setOutboxText(s.handle.db, read.id, later)).toBe(true);
    const taken = await markSending(s.handle.db, read.id, read.sendingAt, s.now);
    expect(taken?.text).toBe(later);
    expect(await setOutboxText(s.handle.db, read.id, '太晚了')).toBe(false);
    expect((await rowsOf(s.handle.db)).map((r) => r.text)).toEqual([later]);
  });

  it('GIVEN a reminder queued twice with one dedupe key THEN it is sent once', async () => {
    const { sent, transport } = recording();
    const s = await setup(transport);
    expect(
      await enqueue(
        s.handle.db,
        { conversationId: 'a@chatroom', text: 'ping', dedupeKey: 'ticket:1:50' },
        s.now,
      ),
    ).toBe(true);
    expect(
      await enqueue(
        s.handle.db,
        { conversationId: 'a@chatroom', text: 'ping', dedupeKey: 'ticket:1:50' },
        s.now,
      ),
    ).toBe(false);
    await s.sender.drainOnce();
    s.advance(5000);
    await s.sender.drainOnce();
    expect(sent).toHaveLength(1);
  });

  it('GIVEN a message scheduled for later THEN it waits, and it does not hold back replies to that group', async () => {
    const { sent, transport } = recording();
    const s = await setup(transport);
    await enqueue(
      s.handle.db,
      { conversationId: 'a@chatroom', text: 'morning digest', notBefore: s.now + 60_000 },
      s.now,
    );
    await enqueue(s.handle.db, { conversationId: 'a@chatroom', text: 'reply now' }, s.now);
    await s.sender.drainOnce();
    expect(sent.map((r) => r.text)).toEqual(['reply now']);
    s.advance(60_000);
    await s.sender.drainOnce();
    expect(sent.map((r) => r.text)).toEqual(['reply now', 'morning digest']);
  });

  it('GIVEN a text with a picture THEN they are two rows, text first', async () => {
    const { sent, transport } = recording();
    const s = await setup(transport, new Pacer({ groupIntervalMs: 1, perSecond: 100 }));
    await enqueue(
      s.handle.db,
      { conversationId: 'a@chatroom', text: '结果', file: { name: 'r.png', data: Buffer.from([1, 2]) } },
      s.now,
    );
    await s.sender.drainOnce();
    s.advance(10);
    await s.sender.drainOnce();
    expect(sent.map((r) => [r.text, r.fileName])).toEqual([
      ['结果', null],
      [null, 'r.png'],
    ]);
  });

  it('GIVEN a message failing for more than a day THEN it is given up and no longer retried', async () => {
    const { transport } = recording(() => true);
    const s = await setup(transport);
    await enqueue(s.handle.db, { conversationId: 'a@chatroom', text: 'x' }, s.now);
    await s.sender.drainOnce();
    s.advance(25 * 3_600_000);
    await s.sender.drainOnce();
    const [row] = await rowsOf(s.handle.db);
    expect(row?.failedAt).not.toBeNull();
    expect(row?.sentAt).toBeNull();
  });

  it('GIVEN a group whose sends fail for more than a day THEN its rows are given up one per pacing interval, not in a burst of tries', async () => {
    const { transport } = recording(() => true);
    const tries: number[] = [];
    const s = await setup({
      async send(row) {
        tries.push(s.now);
        return transport.send(row);
      },
    });
    for (let i = 0; i < 5; i++)
      await enqueue(s.handle.db, { conversationId: 'gone@chatroom', text: `x${i}` }, s.now);
    s.advance(25 * 3_600_000);
    const start = s.now;
    for (let t = 0; t < 3000; t += 100) {
      await s.sender.drainOnce();
      s.advance(100);
    }
    const late = tries.filter((at) => at >= start);
    // One try per second (the group's pacing), each row given up after its try.
    expect(late).toEqual([start, start + 1000, start + 2000]);
  });

  it('GIVEN a reply written and the sender woken while its pass is ending THEN the wake is kept: the reply goes without waiting for the next timed look', async () => {
    const { sent, transport } = recording();
    // The moment that loses a wake: the pass found nothing to send and has asked when the next
    // row is due; before it goes back to sleep, a command commits its reply and wakes the sender.
    let between: (() => Promise<void>) | null = null;
    const handle = await openDatabase(await testDatabaseUrl(':memory:'), {
      wrapExecutor: (executor) => ({
        ...executor,
        async query(text, params, method) {
          const result = await executor.query(text, params, method);
          const hook = between;
          if (hook !== null && /^select min\("(outbox"\.")?not_before"\)/.test(text)) {
            between = null;
            await hook();
          }
          return result;
        },
      }),
    });
    const now = 1_000_000;
    const sender = createSender({
      db: handle.db,
      transport,
      pacer: new Pacer({ groupIntervalMs: 1000, perSecond: 3 }),
      now: () => now,
      log: silent,
    });
    between = async () => {
      await enqueue(handle.db, { conversationId: 'g@chatroom', text: '已登记' }, now);
      sender.wake();
    };
    // The sender's timed look (its sleep of up to a second) never fires here: only the wake can
    // send the reply.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      sender.start();
      const until = performance.now() + 5000;
      while (sent.length === 0 && performance.now() < until) await new Promise((r) => setImmediate(r));
      expect(between).toBeNull();
      expect(sent.map((r) => r.text)).toEqual(['已登记']);
    } finally {
      vi.useRealTimers();
      await sender.stop();
      await handle.close();
    }
  });
});
