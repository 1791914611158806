/**
 * Crash (issue 7): the bot, as its own process on the puppet service, is killed with SIGKILL in the
 * middle of a burst of 500 commands and started again on the same database. Every command that
 * got a reply is in the db, every outbox row is sent, none twice. Messages sent while it is down
 * never reach it (the puppet service does not replay them), so "one clean run" is the run of the
 * commands the bot did receive.
 *
 * The one message the sender had handed to the transport when the kill landed is the exception
 * no transport can close: WeChat gives no way to ask afterwards whether it went out. The sender
 * marks it before sending, and after the restart sends it again (bot/sender.ts). So that one
 * reply may show twice; the test reads the mark from the database right after the kill and
 * allows a repeat of exactly that row, nothing else.
 *
 * Issue 13: messages the bot had received but not yet handled were lost at the kill. The second
 * test holds them inside the bot (its puppet service answers group-nickname look-ups slowly, so
 * handling waits while messages keep arriving), kills it, and checks that after the restart every
 * message it had received is handled, once.
 *
 * Both run on SQLite and on PostgreSQL: a SIGKILL leaves a SQLite file with its WAL, and a
 * PostgreSQL server with the killed process's connections and their open transactions.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, count, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwnersRoom } from '../../bot/sandbox/demo-compound.js';
import { seedDemoCompound } from '../../bot/sandbox/mock-world.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { inbox, outbox, tickets as ticketTable } from '../../db/schema.js';
import { type LocalPuppetServer, startLocalPuppetServer } from '../../scripts/puppet-server.js';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';
import { freePort } from '../support/free-port.js';
import { testDatabaseUrl, testStore } from '../support/store.js';
import { until } from '../support/until.js';

const OWNERS = demoOwnersRoom.id;
const COMMANDS = 500;
const members = ['wxid_zhangsan', 'wxid_lisi', 'wxid_wangfang', 'wxid_sun_wangge', 'wxid_zhao_weiyuan'];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The reply texts seen more than once, once each. */
function repeatedTexts(texts: readonly string[]): string[] {
  return [...new Set(texts.filter((t, i) => texts.indexOf(t) !== i))];
}

/** A new database of the test's store with the demo compound, for the bot process to use. */
async function seededDatabase(): Promise<string> {
  const databaseUrl = await testDatabaseUrl(join(mkdtempSync(join(tmpdir(), 'hgj-crash-')), 'bot.db'));
  const seed = await openDatabase(databaseUrl);
  await seedDemoCompound(seed.db, Date.now());
  await seed.close();
  return databaseUrl;
}

/** The outbox rows the sender had handed to the transport but not seen sent (at most one). */
async function inDoubtRows(databaseUrl: string): Promise<{ text: string | null }[]> {
  const handle = await openDatabase(databaseUrl);
  try {
    return await handle.db
      .select({ text: outbox.text })
      .from(outbox)
      .where(and(isNotNull(outbox.sendingAt), isNull(outbox.sentAt)))
      .all();
  } finally {
    await handle.close();
  }
}

/** How many rows of `table` match `where`. */
async function countRows(handle: DatabaseHandle, table: SQLiteTable, where?: SQL): Promise<number> {
  return (await handle.db.select({ n: count() }).from(table).where(where).get())?.n ?? 0;
}

/** SQLite's check of the file the killed process wrote; PostgreSQL keeps its own files whole. */
function expectIntactFile(handle: DatabaseHandle): void {
  if (testStore !== 'sqlite') return;
  if (handle.sqlite === null) throw new Error('a SQLite store has its connection');
  expect(handle.sqlite.prepare('SELECT integrity_check AS value FROM pragma_integrity_check').get()).toEqual({
    value: 'ok',
  });
}

function start(server: LocalPuppetServer, databaseUrl: string): BotProcess {
  const bot = startBotProcess({
    ...server.botEnv,
    DATABASE_URL: databaseUrl,
    HGJ_ADMINS: 'wxid_admin_liu',
    HGJ_SEND_GROUP_INTERVAL_MS: '20',
    HGJ_SEND_PER_SECOND: '100',
    HGJ_FLOOD_LIMIT: '100000',
    LOG_LEVEL: 'info',
  });
  cleanups.push(() => bot.kill('SIGKILL'));
  return bot;
}

describe('SIGKILL in the middle of a burst', () => {
  it('GIVEN 500 /报修 and a SIGKILL halfway THEN after a restart every replied command is stored, every reply is sent once', async () => {
    const databaseUrl = await seededDatabase();
    const server = await startLocalPuppetServer({ port: await freePort() });
    cleanups.push(() => server.stop());

    const first = start(server, databaseUrl);
    await first.waitForOutput('"msg":"group rosters synced"', 90_000);
    const replies = () =>
      server.world.puppet.sent.filter((m) => m.conversationId === OWNERS && /已受理 #\d+/.test(m.text ?? ''));

    /** Members file tickets `from`..`to` (1-based), one every 4 ms. */
    const burst = async (from: number, to: number) => {
      for (let n = from; n <= to; n++) {
        server.world.say(members[n % members.length] as string, OWNERS, `/报修 测试工单${n} 楼道灯不亮`);
        await sleep(4);
      }
    };
    await burst(1, COMMANDS / 2);
    // Kill while replies are still going out.
    await until(() => replies().length >= 20, 30_000, 'some replies before the kill');
    await first.kill('SIGKILL');
    const repliedBeforeKill = replies().length;
    const inDoubt = await inDoubtRows(databaseUrl);
    // The sender has one message in flight at a time.
    expect(inDoubt.length).toBeLessThanOrEqual(1);

    const second = start(server, databaseUrl);
    await second.waitForOutput('"msg":"group rosters synced"', 90_000);
    await burst(COMMANDS / 2 + 1, COMMANDS);

    const check = await openDatabase(databaseUrl);
    cleanups.push(() => check.close());
    const unsent = () => countRows(check, outbox, isNull(outbox.sentAt));
    const ticketCount = () => countRows(check, ticketTable);
    const distinctReplies = () => new Set(replies().map((m) => m.text)).size;
    /** Reply texts seen more than once, once each. */
    const repeated = () => {
      const texts = replies().map((m) => m.text ?? '');
      return [...new Set(texts.filter((t, i) => texts.indexOf(t) !== i))];
    };
    // Quiet: every outbox row sent and one reply per ticket (plus the in-doubt repeat, if it
    // went out before the kill), holding for two seconds.
    const settled = async () => (await unsent()) === 0 && distinctReplies() === (await ticketCount());
    let quietSince = 0;
    await until(
      async () => {
        if (!(await settled())) quietSince = 0;
        else if (quietSince === 0) quietSince = Date.now();
        return quietSince > 0 && Date.now() - quietSince > 2000;
      },
      120_000,
      'every outbox row sent',
      async () =>
        JSON.stringify({
          unsent: await unsent(),
          failed: await countRows(check, outbox, isNotNull(outbox.failedAt)),
          tickets: await ticketCount(),
          replies: replies().length,
          distinctReplies: distinctReplies(),
          inDoubt,
        }),
    );

    const tickets = await check.db
      .select({ no: ticketTable.no, description: ticketTable.description })
      .from(ticketTable)
      .orderBy(asc(ticketTable.no))
      .all();
    const seen = replies().map((m) => m.text ?? '');
    // No reply came twice, except the one that was in flight at the kill, and that at most twice.
    const twice = repeated();
    expect(twice.every((t) => inDoubt.some((row) => row.text === t))).toBe(true);
    expect(seen.length - new Set(seen).size).toBe(twice.length);
    // Every reply seen names a stored ticket with that description.
    for (const text of seen) {
      const m = /已受理 #(\d+) .*?: (测试工单\d+)/.exec(text);
      const stored = tickets.find((t) => t.no === Number(m?.[1]));
      expect(stored?.description, text).toContain(m?.[2]);
    }
    // Every stored ticket got its reply, and each description was stored once.
    expect(new Set(seen).size).toBe(tickets.length);
    expect(new Set(tickets.map((t) => t.description)).size).toBe(tickets.length);
    expect(tickets.map((t) => t.no)).toEqual(tickets.map((_, i) => i + 1));
    expect(await unsent()).toBe(0);
    // The kill really landed in the middle: some replies were still to come, and the bot handled
    // everything said after the restart.
    expect(repliedBeforeKill).toBeLessThan(tickets.length);
    expect(tickets.length).toBeGreaterThanOrEqual(COMMANDS / 2);
    expectIntactFile(check);
  }, 240_000);

  it('GIVEN messages received by the bot but not yet handled WHEN it is killed (SIGKILL) THEN after the restart each of them is handled once, in order', async () => {
    const databaseUrl = await seededDatabase();
    const server = await startLocalPuppetServer({ port: await freePort() });
    cleanups.push(() => server.stop());
    const { puppet } = server.world;

    const first = start(server, databaseUrl);
    await first.waitForOutput('"msg":"group rosters synced"', 90_000);
    const replies = () =>
      puppet.sent.filter((m) => m.conversationId === OWNERS && /已受理 #\d+/.test(m.text ?? ''));
    const said = new Map<string, string>();
    const say = (member: string, n: number) => {
      const text = `/报修 测试工单${n} 楼道灯不亮`;
      server.world.say(member, OWNERS, text);
      said.set(`测试工单${n}`, member);
    };

    // Twenty handled as usual.
    for (let n = 1; n <= 20; n++) {
      say(members[n % members.length] as string, n);
      await sleep(4);
    }
    await until(() => replies().length >= 20, 30_000, 'the first twenty replies');

    // Then the puppet service answers nickname look-ups slowly: 60 newcomers (whose nicknames
    // the bot has not seen) file tickets, each after a member the bot knows; 120 messages.
    const newcomers = Array.from({ length: 60 }, (_, i) => ({
      id: `wxid_newcomer_${i}`,
      name: `新业主${i}`,
    }));
    for (const c of newcomers) server.world.addMember(c, [OWNERS]);
    let release: () => void = () => {};
    puppet.holdMemberLookups = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const [i, c] of newcomers.entries()) {
      say(c.id, 21 + 2 * i);
      await sleep(4);
      say(members[i % members.length] as string, 22 + 2 * i);
      await sleep(4);
    }
    const burstIds = () =>
      [...puppet.mocker.cacheMessagePayload.values()]
        .filter((p) => p.roomId === OWNERS && p.talkerId !== server.world.botContact.id)
        .map((p) => p.id);
    // Received: the bot process has read the message (its payload went out over gRPC), long enough
    // before the kill for Wechaty to have emitted it.
    await until(
      () => burstIds().every((id) => puppet.payloadsServed.has(id)),
      30_000,
      'the bot to read all 140 messages',
    );
    await sleep(1500);
    const repliedBeforeKill = new Set(replies().map((m) => m.text)).size;
    await first.kill('SIGKILL');
    const received = burstIds().filter((id) => puppet.payloadsServed.has(id));

    const inDoubt = await inDoubtRows(databaseUrl);
    const afterKill = await openDatabase(databaseUrl);
    const handledBeforeKill = await countRows(afterKill, ticketTable);
    await afterKill.close();

    release();
    puppet.holdMemberLookups = null;
    const second = start(server, databaseUrl);
    await second.waitForOutput('"msg":"group rosters synced"', 90_000);

    const check = await openDatabase(databaseUrl);
    cleanups.push(() => check.close());
    const unsent = () => countRows(check, outbox, isNull(outbox.sentAt));
    const ticketCount = () => countRows(check, ticketTable);
    // Settled: everything sent and answered, and either every message filed or (a message lost)
    // no new ticket for 15 s.
    let quietSince = 0;
    let lastTickets = -1;
    let lastChange = Date.now();
    await until(
      async () => {
        const filedNow = await ticketCount();
        if (filedNow !== lastTickets) {
          lastTickets = filedNow;
          lastChange = Date.now();
        }
        const answered = (await unsent()) === 0 && new Set(replies().map((m) => m.text)).size === filedNow;
        const settled = answered && (filedNow >= said.size || Date.now() - lastChange > 15_000);
        if (!settled) quietSince = 0;
        else if (quietSince === 0) quietSince = Date.now();
        return quietSince > 0 && Date.now() - quietSince > 2000;
      },
      120_000,
      'every received message handled and answered',
      async () =>
        JSON.stringify({
          unsent: await unsent(),
          tickets: await ticketCount(),
          replies: replies().length,
          inDoubt,
        }),
    );

    const tickets = await check.db
      .select({ no: ticketTable.no, description: ticketTable.description, reporter: ticketTable.reporterId })
      .from(ticketTable)
      .orderBy(asc(ticketTable.no))
      .all();
    const filed = (label: string) => tickets.filter((t) => t.description.startsWith(`${label} `));
    const lost = [...said.keys()].filter((label) => filed(label).length === 0);
    const twiceFiled = [...said.keys()].filter((label) => filed(label).length > 1);
    const seen = replies().map((m) => m.text ?? '');
    const twice = repeatedTexts(seen);
    const numbers = {
      received: received.length,
      handledBeforeKill,
      handledAfterRestart: tickets.length - handledBeforeKill,
      lost: lost.length,
      filedTwice: twiceFiled.length,
      repliedTwice: twice.length,
      inDoubt: inDoubt.length,
      repliedBeforeKill,
    };
    process.stdout.write(`crash with messages queued inside: ${JSON.stringify(numbers)}\n`);

    // The kill landed with messages inside the bot: all 140 read, many not yet handled.
    expect(received).toHaveLength(140);
    expect(handledBeforeKill).toBeLessThan(140);
    // None lost, none handled twice, each by the member who wrote it.
    expect(lost).toEqual([]);
    expect(twiceFiled).toEqual([]);
    for (const t of tickets) expect(t.reporter).toBe(said.get(t.description.split(' ')[0] as string));
    // In the order they reached the bot (its inbox), before the kill and after the restart alike.
    const label = (text: string) => /测试工单\d+/.exec(text)?.[0];
    const arrived = (
      await check.db.select({ text: inbox.text }).from(inbox).orderBy(asc(inbox.id)).all()
    ).map((r) => label(r.text ?? ''));
    expect(tickets.map((t) => label(t.description))).toEqual(arrived);
    // One reply each; only the reply in flight at the kill may show twice.
    expect(new Set(seen).size).toBe(tickets.length);
    expect(twice.every((t) => inDoubt.some((row) => row.text === t))).toBe(true);
    expect(seen.length - new Set(seen).size).toBe(twice.length);
    expect(await countRows(check, inbox, isNull(inbox.handledAt))).toBe(0);
  }, 240_000);
});
