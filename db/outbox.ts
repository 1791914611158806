import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
// A pure leaf of core/ (no store, no other layer): how the bot writes a person's name.
import { displayName, NAME_FALLBACK } from '../core/display.js';
import { changedRows, type DbOrTx, placeholderValue, preparedOn } from './client.js';
import { membersAmong, storedNames } from './people.js';
import { type OutboxRow, outbox } from './schema.js';

export interface EnqueueInput {
  target?: 'room' | 'contact';
  conversationId: string;
  text?: string;
  mentionIds?: readonly string[];
  file?: { name: string; data: Buffer };
  dedupeKey?: string;
  notBefore?: number;
}

/**
 * Queues one message. Returns false when a row with the same dedupe key exists already, which
 * is how a reminder written twice (a schedule re-run, a replay) is still sent once. A text with
 * a file becomes two rows (text first), so a retry of the file never repeats the text.
 *
 * A message to a group @mentions only members of that group: see {@link mentionsIn}.
 */
export async function enqueue(db: DbOrTx, msg: EnqueueInput, now: number): Promise<boolean> {
  const [first, ...rest] = await outboxRows(db, msg, now);
  if (first === undefined) return false;
  const res = await enqueueQuery(db).run(first);
  for (const row of rest) await enqueueQuery(db).run(row);
  return changedRows(res) > 0;
}

/**
 * Queues what one command or run says, in order, in as few statements as fit: the rows of up to
 * {@link BATCH_MAX} messages go in one multi-row insert, a round trip each on PostgreSQL saved
 * (the reply and the staff group's notice of a /报修 are two). Each row is what {@link enqueue}
 * would write (mentions checked, a file its own row, a dedupe key skipping a row written already);
 * rows are numbered in the order given, as the sender sends them.
 */
export async function enqueueAll(db: DbOrTx, msgs: readonly EnqueueInput[], now: number): Promise<void> {
  const rows: OutboxValues[] = [];
  for (const msg of msgs) rows.push(...(await outboxRows(db, msg, now)));
  for (let i = 0; i < rows.length; i += BATCH_MAX) {
    const batch = rows.slice(i, i + BATCH_MAX);
    if (batch.length === 1) {
      await enqueueQuery(db).run(batch[0]);
      continue;
    }
    // A batch is 2 to BATCH_MAX rows, so its query exists; a missing one must not drop messages.
    const query = enqueueBatchQueries[batch.length - 2];
    if (query === undefined) throw new Error(`no outbox insert for ${batch.length} rows`);
    await query(db).run(Object.assign({}, ...batch.map(numbered)));
  }
}

/** The messages one multi-row insert takes (one prepared statement per row count up to it). */
const BATCH_MAX = 4;

type OutboxValues = {
  target: 'room' | 'contact';
  conversationId: string;
  text: string | null;
  mentionIds: string;
  fileName: string | null;
  fileData: Buffer | null;
  dedupeKey: string | null;
  createdAt: number;
  notBefore: number;
};

/** The rows a message becomes: one, or a text with a file two (text first). */
async function outboxRows(db: DbOrTx, msg: EnqueueInput, now: number): Promise<OutboxValues[]> {
  if (msg.text !== undefined && msg.file !== undefined) {
    const { file, ...textOnly } = msg;
    const { text: _text, mentionIds: _mentions, ...fileOnly } = msg;
    const key = msg.dedupeKey === undefined ? undefined : `${msg.dedupeKey}#file`;
    return [
      ...(await outboxRows(db, textOnly, now)),
      ...(await outboxRows(db, { ...fileOnly, file, dedupeKey: key }, now)),
    ];
  }
  const target = msg.target ?? 'room';
  const { text, mentionIds } =
    target === 'room' && msg.mentionIds !== undefined && msg.mentionIds.length > 0
      ? await mentionsIn(db, msg.conversationId, msg.mentionIds, msg.text)
      : { text: msg.text, mentionIds: msg.mentionIds ?? [] };
  return [
    {
      target,
      conversationId: msg.conversationId,
      text: text ?? null,
      mentionIds: JSON.stringify(mentionIds),
      fileName: msg.file?.name ?? null,
      fileData: msg.file?.data ?? null,
      dedupeKey: msg.dedupeKey ?? null,
      createdAt: now,
      notBefore: msg.notBefore ?? now,
    },
  ];
}

const OUTBOX_FIELDS = [
  'target',
  'conversationId',
  'text',
  'mentionIds',
  'fileName',
  'fileData',
  'dedupeKey',
  'createdAt',
  'notBefore',
] as const;

/** A row's values under the placeholder names of its place `k` in a multi-row insert. */
function numbered(row: OutboxValues, k: number): Record<string, unknown> {
  return Object.fromEntries(OUTBOX_FIELDS.map((f) => [`${f}${k}`, row[f]]));
}

/**
 * Nobody is ever @mentioned in a group they are not a member of (SPEC "Communities and streets").
 * The rule lives here because every message the bot sends is an outbox row written by `enqueue`:
 * command replies and notices (the dispatcher), reminders, digests and escalations (schedules/,
 * core/), whoever computed the mentions and however. So no caller has to remember it, and the row
 * stored is what goes out (the sender in bot/ sends its mention ids as they are).
 *
 * Members are the group's roster as the store knows it (`group_members` with no `leftAt`: synced
 * when the group is bound and at start-up, followed through joins and leaves, and everyone who
 * sends a command there). A person asked for who is not a member is named instead, without the
 * @, on a last line of the bot's own ("另请转告 (不在本群): 李四"), so the message still says whom it
 * is for and the group can pass it on; never in front, where the transport's "@name" goes: a
 * name is member-controlled text and must not start a line (issue 13, core/display.ts). When the
 * text names them already, nothing is added. The mentions that stay keep their order, once each. The check is made when the row is written: a member who leaves in the seconds before
 * it is sent is still @mentioned, as one who left after the message would have been.
 */
async function mentionsIn(
  db: DbOrTx,
  roomId: string,
  ids: readonly string[],
  text: string | undefined,
): Promise<{ text: string | undefined; mentionIds: string[] }> {
  const wanted = [...new Set(ids)];
  const members = await membersAmong(db, roomId, wanted);
  const mentionIds = wanted.filter((id) => members.has(id));
  const outside = wanted.filter((id) => !members.has(id));
  if (outside.length === 0 || text === undefined) return { text, mentionIds };
  const named = await storedNames(db, outside);
  const names = outside
    .map((id) => named.get(id))
    .filter((name) => name !== undefined)
    .map((name) => displayName(name))
    .filter((name) => name !== NAME_FALLBACK && !text.includes(name));
  return {
    text: names.length > 0 ? `${text}\n另请转告 (不在本群): ${[...new Set(names)].join('、')}` : text,
    mentionIds,
  };
}

/** The placeholders of one outbox row; `suffix` tells apart the rows of a multi-row insert. */
const rowPlaceholders = (suffix: string) => ({
  ...(Object.fromEntries(OUTBOX_FIELDS.map((f) => [f, sql.placeholder(`${f}${suffix}`)])) as Record<
    (typeof OUTBOX_FIELDS)[number],
    ReturnType<typeof sql.placeholder>
  >),
  attempts: 0,
});

const enqueueQuery = preparedOn((db) =>
  db.insert(outbox).values(rowPlaceholders('')).onConflictDoNothing().prepare(),
);

const enqueueBatchQueries = Array.from({ length: BATCH_MAX - 1 }, (_, i) =>
  preparedOn((db) =>
    db
      .insert(outbox)
      .values(Array.from({ length: i + 2 }, (_, k) => rowPlaceholders(String(k))))
      .onConflictDoNothing()
      .prepare(),
  ),
);

/** The earliest time an unsent row becomes due, or null when nothing is pending. */
export async function nextOutboxDue(db: DbOrTx): Promise<number | null> {
  return (await nextOutboxDueQuery(db).get())?.due ?? null;
}

const nextOutboxDueQuery = preparedOn((db) =>
  db
    .select({ due: sql<number | null>`min(${outbox.notBefore})` })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt)))
    .prepare(),
);

/**
 * Takes a row for sending: records that the transport is about to be called for it. If the
 * process dies before `markSent`, the next start finds the mark and knows the message may have
 * gone out already. A compare-and-set on the mark the caller saw (`seenSendingAt`, null for a row
 * never tried): when another sender (another process on the same store) took the row since it was
 * read, nothing changes and the answer is null, so the row goes out through one sender only.
 * Otherwise the answer is the row as taken: its text may have been rewritten since it was read
 * (an attachment line gathering a burst, see `setOutboxText`), and the taken text is what goes
 * out. Once taken, no rewrite changes it.
 */
export async function markSending(
  db: DbOrTx,
  id: number,
  seenSendingAt: number | null,
  now: number,
): Promise<OutboxRow | null> {
  const taken =
    seenSendingAt === null
      ? await markSendingFreshQuery(db).all({ id, now })
      : await markSendingAgainQuery(db).all({ id, now, seen: seenSendingAt });
  return taken[0] ?? null;
}

const markSendingFreshQuery = preparedOn((db) =>
  db
    .update(outbox)
    .set({ sendingAt: placeholderValue('now') })
    .where(
      and(
        eq(outbox.id, sql.placeholder('id')),
        isNull(outbox.sentAt),
        isNull(outbox.failedAt),
        isNull(outbox.sendingAt),
      ),
    )
    .returning()
    .prepare(),
);

const markSendingAgainQuery = preparedOn((db) =>
  db
    .update(outbox)
    .set({ sendingAt: placeholderValue('now') })
    .where(
      and(
        eq(outbox.id, sql.placeholder('id')),
        isNull(outbox.sentAt),
        isNull(outbox.failedAt),
        eq(outbox.sendingAt, sql.placeholder('seen')),
      ),
    )
    .returning()
    .prepare(),
);

export async function markSent(db: DbOrTx, id: number, now: number): Promise<void> {
  await markSentQuery(db).run({ id, now });
}

const markSentQuery = preparedOn((db) =>
  db
    .update(outbox)
    .set({ sentAt: placeholderValue('now') })
    .where(eq(outbox.id, sql.placeholder('id')))
    .prepare(),
);

/** Records a failed attempt; retries after `retryAt`, or gives up for good when `giveUp`. */
export async function markAttemptFailed(
  db: DbOrTx,
  id: number,
  error: string,
  retryAt: number,
  giveUp: boolean,
  now: number,
): Promise<void> {
  await db
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      lastError: error.slice(0, 500),
      notBefore: retryAt,
      // The transport answered (with an error): this row is not in doubt.
      sendingAt: null,
      failedAt: giveUp ? now : null,
    })
    .where(eq(outbox.id, id))
    .run();
}

const mentionIdsSchema = z.array(z.string());

/** The mention ids stored with a row, validated (stored JSON is an edge too). */
export function rowMentionIds(row: Pick<OutboxRow, 'mentionIds'>): string[] {
  const parsed = mentionIdsSchema.safeParse(JSON.parse(row.mentionIds));
  return parsed.success ? parsed.data : [];
}

/**
 * The next row to send for each conversation, oldest first. Each conversation's next row is
 * found on its own (its oldest unsent row), so a group with a thousand queued rows, or whose
 * sends keep failing, never hides another group's reply. A row waiting for a retry holds back
 * the rows behind it in its conversation (order is kept), but a row merely scheduled for later
 * (quiet hours) does not.
 */
export async function sendableOutbox(db: DbOrTx, now: number): Promise<OutboxRow[]> {
  return await sendableRowsQuery(db).all({ now });
}

/**
 * Each conversation's head: its oldest unsent row that is due or has been tried (a retry backing
 * off keeps its place, and so blocks the rows behind it; a row merely scheduled for later does
 * not). The recursive part hops from one conversation to the next in
 * outbox_conversation_unsent_idx, so the cost is a few index seeks per conversation with
 * unsent rows, whatever their number: a GROUP BY over the same index read every unsent row
 * (6 ms a call with 10,000 queued for one group, against 0.05 ms this way). Written as SQL
 * because drizzle's builder has no recursive CTE; plain SQL that PostgreSQL runs too.
 */
const conversationHeads = sql`(
  with recursive conv(c) as (
    select (select conversation_id from outbox where sent_at is null and failed_at is null
            order by conversation_id limit 1)
    union all
    select (select conversation_id from outbox where sent_at is null and failed_at is null
            and conversation_id > conv.c order by conversation_id limit 1)
    from conv where conv.c is not null
  )
  select (select id from outbox where sent_at is null and failed_at is null and conversation_id = conv.c
          and (not_before <= ${sql.placeholder('now')} or attempts > 0) order by id limit 1)
  from conv where conv.c is not null
)`;

const sendableRowsQuery = preparedOn((db) =>
  db
    .select()
    .from(outbox)
    // A head still backing off blocks its conversation until its retry time.
    .where(and(inArray(outbox.id, conversationHeads), lte(outbox.notBefore, sql.placeholder('now'))))
    .orderBy(asc(outbox.id))
    .prepare(),
);

/**
 * After a reconnect, rows waiting out a retry backoff may go at once: the link they failed on
 * is back. Returns how many rows were released.
 */
export async function releaseRetries(db: DbOrTx, now: number): Promise<number> {
  const result = await db
    .update(outbox)
    .set({ notBefore: now })
    .where(
      and(
        isNull(outbox.sentAt),
        isNull(outbox.failedAt),
        sql`${outbox.attempts} > 0`,
        sql`${outbox.notBefore} > ${now}`,
      ),
    )
    .run();
  return changedRows(result);
}
