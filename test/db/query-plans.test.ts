/**
 * What runs on every message and every schedule tick must not read a table that only grows
 * (sent messages, ballots, tickets and their events): it would get slower every month the bot
 * runs, with nothing to show for it until a sender pass takes longer than a command. This
 * drives a compound through a day of use, records every SQL text the bot prepared, and asks
 * SQLite for each one's plan. The plans are SQLite's, so these tests run on the SQLite half of
 * the test run only.
 */
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../bot/pacer.js';
import { createSender } from '../../bot/sender.js';
import { recordAttachment } from '../../commands/tickets/attachments.js';
import type { DatabaseHandle } from '../../db/client.js';
import { enqueue, sendableOutbox } from '../../db/outbox.js';
import { outbox } from '../../db/schema.js';
import { allSchedules } from '../../schedules/index.js';
import { runSchedule } from '../../schedules/runner.js';
import { CHEN, HOUR, LISI, SHIFU, ZHANGSAN, ZHAO } from '../commands/tickets/ticket-kit.js';
import { createCommandHarness } from '../support/command-harness.js';
import { openTestDatabase, testStore } from '../support/store.js';

/** Tables that grow with every message, vote or ticket and are never emptied. */
const GROWING = [
  'outbox',
  'ballots',
  'poll_notices',
  'tickets',
  'ticket_events',
  'ticket_attachments',
  'ticket_reminders',
  'inbox',
  'affair_items',
  'affair_notices',
  'ledger_lines',
];
/** Partial indexes: they hold only the live rows (unsent, unacknowledged, open), so walking one is fine. */
const LIVE_ONLY = [
  'outbox_unsent_idx',
  'outbox_conversation_unsent_idx',
  'ballots_ack_idx',
  'tickets_open_idx',
  'tickets_compound_open_idx',
  'polls_open_idx',
  'ticket_reminders_held_idx',
];

/** The SQLite connection under a handle (these tests run on SQLite only). */
function sqliteOf(handle: DatabaseHandle): Database.Database {
  if (!handle.sqlite) throw new Error('query plans are read from SQLite');
  return handle.sqlite;
}

/**
 * Every SQL text prepared on the connection from now on. The store's executor prepares each text
 * once through `connection.prepare` (db/stores/sqlite.ts), so wrapping it sees them all.
 */
function recordStatements(sqlite: Database.Database): Set<string> {
  const seen = new Set<string>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    seen.add(source);
    return prepare(source);
  }) as typeof sqlite.prepare;
  return seen;
}

/**
 * SQLite's plan of a statement, its parameters bound to null (better-sqlite3 wants them all
 * bound). So a partial index picked only for a parameter's value counts as not picked: write
 * the index's condition literally.
 */
function planOf(sqlite: Database.Database, source: string): string[] {
  const explain = sqlite.prepare(`EXPLAIN QUERY PLAN ${source}`);
  for (let n = 0; n < 100; n++) {
    try {
      return (explain.all(...Array(n).fill(null)) as { detail: string }[]).map((r) => r.detail);
    } catch (error) {
      if (!String(error).includes('parameter')) throw error;
    }
  }
  throw new Error(`could not bind the parameters of ${source}`);
}

/** "SCAN outbox" or "SCAN outbox USING INDEX x" on a growing table, unless x holds live rows only. */
function readsEverything(line: string): boolean {
  const m = /^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?/.exec(line);
  if (!m) return false;
  const [, table, index] = m;
  return GROWING.includes(table as string) && !(index && LIVE_ONLY.includes(index));
}

/**
 * An INSERT into a parent table carries a scan of each child table for its foreign key; SQLite
 * runs it only while a deferred foreign-key violation is outstanding (OP_FkIfZero), which the
 * bot never has: such an insert beside 300,000 child rows took 8 µs, a real scan of them 27 ms.
 * Such a line is not a read of the child table.
 */
function childKeyCheck(sqlite: Database.Database, source: string, line: string): boolean {
  const target = /^insert into "(\w+)"/i.exec(source)?.[1];
  const scanned = /^SCAN (\w+)/.exec(line)?.[1];
  if (!target || !scanned) return false;
  const keys = sqlite.prepare(`SELECT "table" FROM pragma_foreign_key_list(?)`).all(scanned) as {
    table: string;
  }[];
  return keys.some((k) => k.table === target);
}

describe.runIf(testStore === 'sqlite')(
  'query plans of the work done per message and per schedule tick',
  () => {
    it('GIVEN a week in a compound (tickets, photos, accounts, a poll, every schedule, the sender) THEN no statement walks a whole growing table or binds its LIMIT or LIKE pattern', async () => {
      let seen = new Set<string>();
      const h = await createCommandHarness({
        onOpen: (handle) => {
          seen = recordStatements(sqliteOf(handle));
        },
      });
      const { db } = h.handle;
      const sqlite = sqliteOf(h.handle);

      await h.say(ZHANGSAN, '/报修 3号楼2单元楼道灯不亮');
      await h.reply(ZHANGSAN, '/进度 #1');
      await h.reply(ZHANGSAN, '/进度');
      await h.say(SHIFU, '/接单 #1');
      for (const [i, name] of ['a.jpg', 'b.jpg'].entries()) {
        await recordAttachment(
          db,
          {
            messageId: `photo-${i}`,
            compoundId: h.compoundId,
            roomId: 'sunshine-owners@chatroom',
            ticketId: 1,
            speakerId: ZHANGSAN,
            kind: 'image',
            fileName: name,
            path: `tickets/1/${name}`,
            size: 10,
            receivedAt: h.now,
          },
          h.now,
        );
      }
      await h.say(ZHAO, '/收支 收入 5600.5 电梯广告');
      await h.say(CHEN, '/公示 党务 11月15日党员志愿服务日');
      await h.say(ZHAO, '/进度');
      await h.say(ZHANGSAN, '/统计');
      await h.say(ZHANGSAN, '/三务');
      await h.say(ZHAO, '/投票 充电桩装在哪里? | 东门 | 北门 截止 3天');
      await h.say(ZHANGSAN, '/投 #1 1');
      await h.say(LISI, '/投 #1 2');

      const sent: number[] = [];
      let failOnce = true;
      const sender = createSender({
        db,
        transport: {
          async send(row) {
            if (failOnce) {
              failOnce = false;
              throw new Error('link down');
            }
            sent.push(row.id);
          },
        },
        pacer: new Pacer({ groupIntervalMs: 0, perSecond: 1000 }),
        now: () => h.now,
        log: { info() {}, warn() {}, error() {} },
      });
      // Through the poll's deadline and the first three-affairs notice (1 December, 09:00).
      for (const later of [0, 3_000, HOUR, 25 * HOUR, 80 * HOUR, 5 * 24 * HOUR]) {
        h.setNow(h.now + later);
        for (const def of allSchedules)
          await runSchedule(db, def, h.now, { tz: h.tz, publicUrl: 'http://localhost:8080' });
        await sender.drainOnce();
      }
      // The day really happened: replies went out (one after a failed attempt) and the poll closed.
      expect(sent.length).toBeGreaterThan(8);
      expect(await h.reply(ZHANGSAN, '/结果 #1')).toContain('已截止');
      expect((await h.say(ZHANGSAN, '/三务')).replies[0]?.text).toContain('三务公开】2026年11月');

      const statements = [...seen];
      const offenders = statements
        .map((source) => ({ source, plan: planOf(sqlite, source) }))
        .filter(({ source, plan }) =>
          plan.some((line) => readsEverything(line) && !childKeyCheck(sqlite, source, line)),
        );
      expect(offenders).toEqual([]);
      expect(statements.length).toBeGreaterThan(40);
      // A bound LIMIT or LIKE pattern makes SQLite compile the statement again on every call (see
      // writeLimitsIntoSql in db/client.ts).
      expect(statements.filter((source) => /\b(limit|like) \?/i.test(source))).toEqual([]);
    });

    it("GIVEN sent history and one group's backlog THEN the sender's lookup seeks each conversation's oldest unsent row in the unsent index and reads no sent row", async () => {
      const handle = await openTestDatabase();
      const sqlite = sqliteOf(handle);
      const seen = recordStatements(sqlite);
      const now = 1_800_000_000_000;
      await handle.db.transaction(async (tx) => {
        for (let i = 0; i < 2000; i++)
          await enqueue(tx, { conversationId: 'old@chatroom', text: `旧 ${i}` }, now);
        await tx.update(outbox).set({ sentAt: now }).run();
        for (let i = 0; i < 300; i++)
          await enqueue(tx, { conversationId: 'busy@chatroom', text: `忙 ${i}` }, now);
        await enqueue(tx, { conversationId: 'quiet@chatroom', text: '已受理 #1' }, now);
      });
      sqlite.exec('ANALYZE');
      expect((await sendableOutbox(handle.db, now)).map((r) => r.text)).toEqual(['忙 0', '已受理 #1']);
      const source = [...seen].find((q) => q.includes('with recursive conv'));
      expect(source).toBeDefined();
      const plan = planOf(sqlite, source as string);
      // Every read of the outbox goes through the unsent-only index, or by id.
      const reads = plan.filter((line) => / outbox\b/.test(line));
      expect(
        reads.every(
          (line) => line.includes('outbox_conversation_unsent_idx') || line.includes('INTEGER PRIMARY KEY'),
        ),
      ).toBe(true);
      // The hop to the next conversation and the head within one are seeks, not walks.
      expect(plan).toContain('SEARCH outbox USING INDEX outbox_conversation_unsent_idx (conversation_id>?)');
      expect(plan).toContain('SEARCH outbox USING INDEX outbox_conversation_unsent_idx (conversation_id=?)');
    });
  },
);

describe('the query-plan rule', () => {
  it('GIVEN the rule THEN it tells a scan of sent messages from a walk of the unsent ones', () => {
    expect(readsEverything('SCAN outbox')).toBe(true);
    expect(readsEverything('SCAN ballots USING INDEX sqlite_autoindex_ballots_1')).toBe(true);
    expect(readsEverything('SCAN outbox USING INDEX outbox_unsent_idx')).toBe(false);
    expect(readsEverything('SEARCH tickets USING INDEX tickets_filed_idx (compound_id=?)')).toBe(false);
    expect(readsEverything('SCAN role_grants USING COVERING INDEX sqlite_autoindex_role_grants_1')).toBe(
      false,
    );
  });
});
