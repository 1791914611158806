import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, placeholderValue, preparedOn } from './client.js';
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
 */
export function enqueue(db: DbOrTx, msg: EnqueueInput, now: number): boolean {
  if (msg.text !== undefined && msg.file !== undefined) {
    const { file, ...textOnly } = msg;
    const first = enqueue(db, textOnly, now);
    const { text: _text, mentionIds: _mentions, ...fileOnly } = msg;
    const key = msg.dedupeKey === undefined ? undefined : `${msg.dedupeKey}#file`;
    enqueue(db, { ...fileOnly, file, dedupeKey: key }, now);
    return first;
  }
  const res = enqueueQuery(db).run({
    target: msg.target ?? 'room',
    conversationId: msg.conversationId,
    text: msg.text ?? null,
    mentionIds: JSON.stringify(msg.mentionIds ?? []),
    fileName: msg.file?.name ?? null,
    fileData: msg.file?.data ?? null,
    dedupeKey: msg.dedupeKey ?? null,
    createdAt: now,
    notBefore: msg.notBefore ?? now,
  });
  return res.changes > 0;
}

const enqueueQuery = preparedOn((db) =>
  db
    .insert(outbox)
    .values({
      target: sql.placeholder('target'),
      conversationId: sql.placeholder('conversationId'),
      text: sql.placeholder('text'),
      mentionIds: sql.placeholder('mentionIds'),
      fileName: sql.placeholder('fileName'),
      fileData: sql.placeholder('fileData'),
      dedupeKey: sql.placeholder('dedupeKey'),
      createdAt: sql.placeholder('createdAt'),
      notBefore: sql.placeholder('notBefore'),
      attempts: 0,
    })
    .onConflictDoNothing()
    .prepare(),
);

/** The earliest time an unsent row becomes due, or null when nothing is pending. */
export function nextOutboxDue(db: DbOrTx): number | null {
  return nextOutboxDueQuery(db).get()?.due ?? null;
}

const nextOutboxDueQuery = preparedOn((db) =>
  db
    .select({ due: sql<number | null>`min(${outbox.notBefore})` })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt)))
    .prepare(),
);

/**
 * Records that the transport is about to be called for this row. If the process dies before
 * `markSent`, the next start finds the mark and knows the message may have gone out already.
 */
export function markSending(db: DbOrTx, id: number, now: number): void {
  markSendingQuery(db).run({ id, now });
}

const markSendingQuery = preparedOn((db) =>
  db
    .update(outbox)
    .set({ sendingAt: placeholderValue('now') })
    .where(eq(outbox.id, sql.placeholder('id')))
    .prepare(),
);

export function markSent(db: DbOrTx, id: number, now: number): void {
  markSentQuery(db).run({ id, now });
}

const markSentQuery = preparedOn((db) =>
  db
    .update(outbox)
    .set({ sentAt: placeholderValue('now') })
    .where(eq(outbox.id, sql.placeholder('id')))
    .prepare(),
);

/** Records a failed attempt; retries after `retryAt`, or gives up for good when `giveUp`. */
export function markAttemptFailed(
  db: DbOrTx,
  id: number,
  error: string,
  retryAt: number,
  giveUp: boolean,
  now: number,
): void {
  db.update(outbox)
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
 * The next row to send for each conversation, in order. A conversation's oldest pending row
 * goes first, so replies keep their order; a row waiting for a retry holds back the rows behind
 * it, but a row merely scheduled for later (quiet hours) does not.
 */
export function sendableOutbox(db: DbOrTx, now: number): OutboxRow[] {
  const rows = sendableRowsQuery(db).all({ now });
  const retrying = retryingQuery(db).all({ now });
  const blockedBefore = new Map<string, number>();
  for (const r of retrying) {
    const prev = blockedBefore.get(r.conversationId);
    if (prev === undefined || r.id < prev) blockedBefore.set(r.conversationId, r.id);
  }
  const seen = new Set<string>();
  const out: OutboxRow[] = [];
  for (const row of rows) {
    if (seen.has(row.conversationId)) continue;
    seen.add(row.conversationId);
    const blocker = blockedBefore.get(row.conversationId);
    if (blocker !== undefined && blocker < row.id) continue;
    out.push(row);
  }
  return out;
}

/** Unsent rows looked at per pass: plenty for one pass, and a bound on the files read after an outage. */
const SENDABLE_LIMIT = 500;

const sendableRowsQuery = preparedOn((db) =>
  db
    .select()
    .from(outbox)
    .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt), lte(outbox.notBefore, sql.placeholder('now'))))
    .orderBy(asc(outbox.id))
    .limit(SENDABLE_LIMIT)
    .prepare(),
);

const retryingQuery = preparedOn((db) =>
  db
    .select({ conversationId: outbox.conversationId, id: outbox.id })
    .from(outbox)
    .where(
      and(
        isNull(outbox.sentAt),
        isNull(outbox.failedAt),
        sql`${outbox.attempts} > 0`,
        sql`${outbox.notBefore} > ${sql.placeholder('now')}`,
      ),
    )
    .prepare(),
);

/**
 * After a reconnect, rows waiting out a retry backoff may go at once: the link they failed on
 * is back. Returns how many rows were released.
 */
export function releaseRetries(db: DbOrTx, now: number): number {
  return db
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
    .run().changes;
}
