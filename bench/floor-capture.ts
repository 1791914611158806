/**
 * The statements of one reply's path, as the bot sends them to PostgreSQL, for the exact floor
 * of benchmark part 2 (bench/roundtrip.ts `exactFloor` replays them). Started by roundtrip.ts as
 * its own process, on the bot's database after the timed rounds (the bot stopped), with
 * HGJ_E2E_TRANSPORT unset: test/support/mock-bot.ts reads the transport once, when it is
 * imported, and roundtrip.ts runs its bot over the puppet service; here the bot runs in this
 * process (createBot on the mock puppet), where node-postgres's Client can be watched.
 *
 * Every statement any pooled connection sends is recorded (text, prepared statement name,
 * parameters, connection, whether inside begin … commit) from a member saying `/进度 #2` until
 * the reply is handed to the puppet. The reply's path is then picked out of that list: the inbox
 * write (outside a transaction, its parameters naming the message), the dispatcher's transaction
 * (the begin … commit on one connection holding a statement that names the message), and the
 * sender's last select from the outbox before its first `update "outbox" set "sending_at"` after
 * that commit, and that update (checked to be the reply's row). Whatever else ran meanwhile
 * (schedule ticks, leases, polls) is left out. The whole list goes to stderr, the kept ones
 * marked, and the path goes to stdout as one JSON line.
 *
 * Usage: node --import tsx bench/floor-capture.ts <database url>
 */
import pg from 'pg';
import { demoOwnersRoom } from '../bot/sandbox/demo-compound.js';
import type { MockWorld } from '../bot/sandbox/mock-world.js';
import { median, sleep } from './stats.js';

/** One statement of the path, as node-postgres was asked to send it. */
export interface CapturedStatement {
  text: string;
  /** The named prepared statement, when it was one. */
  name?: string;
  values?: unknown[];
  rowMode?: string;
  /** Sent inside the dispatcher's transaction (begin and commit included). */
  inTransaction: boolean;
}

export interface Capture {
  /** The message's id and cross-account key: per-message values the replay must make fresh. */
  messageId: string;
  crossKey: string | null;
  statements: CapturedStatement[];
  /** The median of {@link IN_PROCESS_ROUNDS} `/进度 #n` in this process, say to reply handed over. */
  inProcessMs: number;
}

const IN_PROCESS_ROUNDS = 100;

/** The tables a reply's path touches; a kept statement naming none of them is reported. */
export const PATH_TABLES = [
  'inbox',
  'message_claims',
  'people',
  'group_members',
  'groups',
  'role_grants',
  'tickets',
  'ticket_events',
  'ticket_attachments',
  'outbox',
];

interface Seen {
  client: number;
  text: string;
  name?: string;
  values?: unknown[];
  rowMode?: string;
  tx: number | null;
}

async function capture(url: string): Promise<Capture> {
  if (process.env.HGJ_E2E_TRANSPORT)
    throw new Error('floor-capture runs the bot in process: unset HGJ_E2E_TRANSPORT');
  const seen: Seen[] = [];
  let recording = false;
  const clientIds = new WeakMap<object, number>();
  const openTx = new Map<number, number>();
  let clients = 0;
  let transactions = 0;
  const query = pg.Client.prototype.query;
  // pg.Pool.query calls client.query(config, undefined, callback); a transaction's statements
  // call it with a config and await the promise; begin and commit pass a string. All three end
  // here, whichever form. Transactions are followed from the bot's start, so a schedule's
  // transaction begun before the recording is still known as one.
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    let client = clientIds.get(this);
    if (client === undefined) {
      client = ++clients;
      clientIds.set(this, client);
    }
    const [first, second] = args;
    const config = (typeof first === 'string' ? { text: first } : first) as {
      text?: string;
      name?: string;
      values?: unknown[];
      rowMode?: string;
    };
    const text = typeof config?.text === 'string' ? config.text : '';
    const word = text.trim().toLowerCase();
    if (word === 'begin') openTx.set(client, ++transactions);
    if (recording) {
      const values = Array.isArray(config.values)
        ? config.values
        : Array.isArray(second)
          ? second
          : undefined;
      seen.push({
        client,
        text,
        name: config.name,
        values: values === undefined ? undefined : [...values],
        rowMode: config.rowMode,
        tx: openTx.get(client) ?? null,
      });
    }
    if (word === 'commit' || word === 'rollback') openTx.delete(client);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;

  const { startMockBot } = await import('../test/support/mock-bot.js');
  // The database is the benchmark's: seeded, with its 20 tickets.
  const bot = await startMockBot({ env: { HGJ_FLOOD_LIMIT: '100000' }, databaseUrl: url, seed: false });
  if (bot.transport !== 'mock') throw new Error('floor-capture: the bot did not start in process');
  const owners = demoOwnersRoom.id;
  const ask = (no: number, onSent?: () => void) => {
    const reply = nextReply(bot.world, owners, no, onSent);
    bot.world.say('wxid_zhangsan', owners, `/进度 #${no}`);
    return reply;
  };
  // Start-up work (inbox recovery, rosters, the schedules' first ticks) settles, and one
  // /进度 first, as the timed bot had answered hundreds: the captured one finds warm caches.
  await sleep(2000);
  await ask(1);
  await sleep(500);
  recording = true;
  const replyText = await ask(2, () => {
    // Synchronously as the puppet takes the reply: the sender's markSent after it is not part
    // of the time the benchmark measures.
    recording = false;
  });
  pg.Client.prototype.query = query;

  const check = new pg.Client({ connectionString: url });
  await check.connect();
  // The newest row of the inbox: nothing but members' messages writes one.
  const inboxRow = await check.query<{ message_id: string; cross_key: string | null; text: string | null }>(
    'select message_id, cross_key, text from inbox order by id desc limit 1',
  );
  const arrived = inboxRow.rows[0];
  if (!arrived?.text?.includes('/进度 #2')) throw new Error('floor-capture: the message is not in the inbox');
  const { message_id: messageId, cross_key: crossKey } = arrived;

  const names = (s: Seen) => s.values?.some((v) => v === messageId) ?? false;
  const isInboxWrite = (s: Seen) => s.tx === null && /^insert into "inbox"/i.test(s.text) && names(s);
  const inboxAt = seen.findIndex(isInboxWrite);
  const claim = seen.find((s) => s.tx !== null && names(s));
  if (inboxAt < 0 || claim === undefined)
    throw new Error('floor-capture: the message was not seen in the store');
  const txEntries = seen.filter((s) => s.tx === claim.tx);
  const last = txEntries.at(-1) as Seen;
  if (last.text.trim().toLowerCase() !== 'commit')
    throw new Error(`floor-capture: the dispatcher's transaction ended with ${last.text}`);
  const commitAt = seen.indexOf(last);
  // The sender runs outside any transaction; a schedule reading the outbox runs inside one.
  const updateAt = seen.findIndex(
    (s, i) => i > commitAt && s.tx === null && /^update "outbox" set "sending_at"/i.test(s.text),
  );
  let selectAt = -1;
  for (let i = updateAt - 1; i > commitAt; i--)
    if ((seen[i] as Seen).tx === null && /^select .* from "outbox"/is.test((seen[i] as Seen).text)) {
      selectAt = i;
      break;
    }
  if (updateAt < 0 || selectAt < 0)
    throw new Error("floor-capture: the sender's read and write were not seen");
  const update = seen[updateAt] as Seen;
  const idParam = /"outbox"\."id" = \$(\d+)/.exec(update.text)?.[1];
  const outboxId = idParam === undefined ? undefined : update.values?.[Number(idParam) - 1];
  const row = await check.query<{ text: string | null }>('select text from outbox where id = $1', [outboxId]);
  await check.end();
  const rowText = row.rows[0]?.text ?? '';
  if (!rowText.includes('#2 ') || !rowText.includes('进展:'))
    throw new Error(
      `floor-capture: the sender's update took outbox row ${outboxId}, not the reply: ${rowText}`,
    );

  const kept = new Set<Seen>([seen[inboxAt] as Seen, ...txEntries, seen[selectAt] as Seen, update]);
  const path = seen.filter((s) => kept.has(s));
  process.stderr.write(
    `floor-capture: ${seen.length} statements from the say to the reply (+ = the reply's path, kept; - = other work, left out; c = connection, t = transaction):\n`,
  );
  // Connections and transactions numbered in the order they show up in the list.
  const number = (map: Map<number, number>, n: number) => {
    if (!map.has(n)) map.set(n, map.size + 1);
    return map.get(n);
  };
  const shownClients = new Map<number, number>();
  const shownTx = new Map<number, number>();
  for (const [i, s] of seen.entries())
    process.stderr.write(
      `  ${kept.has(s) ? '+' : '-'} ${String(i + 1).padStart(2)} c${number(shownClients, s.client)}${s.tx === null ? '   ' : ` t${number(shownTx, s.tx)}`} ${s.text.replace(/\s+/g, ' ').slice(0, 80)}\n`,
    );
  for (const s of path) {
    const word = s.text.trim().toLowerCase();
    if (word === 'begin' || word === 'commit') continue;
    if (!PATH_TABLES.some((t) => s.text.includes(`"${t}"`) || new RegExp(`\\b${t}\\b`).test(s.text)))
      process.stderr.write(
        `floor-capture: kept a statement on none of the path's tables: ${s.text.slice(0, 120)}\n`,
      );
  }
  process.stderr.write(`floor-capture: the reply: ${replyText.replace(/\n/g, ' / ').slice(0, 120)}\n`);

  // The same path timed in this process, with nothing recorded: the say to the reply handed to
  // the puppet, no puppet service between. Against the exact floor, what the bot's JavaScript
  // adds; against the round trip over the service, what the service adds to this bot.
  // A member's same text in the same second is one message to the bot (db/messages.ts
  // crossAccountKey): a ticket is asked about again two seconds later at the soonest.
  const inProcess: number[] = [];
  await sleep(1100);
  for (let i = 0; i < IN_PROCESS_ROUNDS + 10; i++) {
    const no = ((i + 2) % 20) + 1;
    let sentAt = 0;
    const t0 = performance.now();
    await ask(no, () => {
      sentAt = performance.now();
    });
    if (i >= 10) inProcess.push(sentAt - t0);
    await sleep(100);
  }

  await bot.stop();
  return {
    inProcessMs: median(inProcess),
    messageId,
    crossKey,
    statements: path.map((s) => ({
      text: s.text,
      ...(s.name === undefined ? {} : { name: s.name }),
      ...(s.values === undefined ? {} : { values: s.values }),
      ...(s.rowMode === undefined ? {} : { rowMode: s.rowMode }),
      inTransaction: s.tx !== null,
    })),
  };
}

/** The text of the bot's next reply to `/进度 #no` in the group; `onSent` runs as it is sent. */
function nextReply(world: MockWorld, roomId: string, no: number, onSent?: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      world.puppet.outgoing.off('sent', check);
      reject(new Error(`floor-capture: no reply to /进度 #${no} within 20 s`));
    }, 20_000);
    const check = (m: { conversationId: string; text?: string }) => {
      const text = m.text ?? '';
      if (m.conversationId === roomId && text.includes(`#${no} `) && text.includes('进展:')) {
        onSent?.();
        clearTimeout(timer);
        world.puppet.outgoing.off('sent', check);
        resolve(text);
      }
    };
    world.puppet.outgoing.on('sent', check);
  });
}

const url = process.argv[2];
if (!url) throw new Error('usage: bench/floor-capture.ts <database url>');
const captured = await capture(url);
for (const s of captured.statements)
  for (const v of s.values ?? [])
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v))
      throw new Error(`floor-capture: a parameter JSON cannot carry: ${typeof v} in ${s.text.slice(0, 80)}`);
console.log(JSON.stringify(captured));
process.exit(0);
