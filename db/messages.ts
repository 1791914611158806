import { and, asc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { changedRows, type DbOrTx, placeholderValue, preparedOn } from './client.js';
import { type InboxKind, type InboxRow, inbox } from './schema.js';

/** A message as it reached the bot, before any puppet call (see the inbox table). */
export interface ArrivedMessage {
  messageId: string;
  kind: InboxKind;
  roomId: string | null;
  speakerId: string;
  text: string | null;
  /** Null when the puppet gave no mention list. */
  mentionIds: readonly string[] | null;
  botNames: readonly string[];
  receivedAt: number;
}

/**
 * Writes an arriving message to the inbox, in its own short transaction (an autocommit insert),
 * so it outlives a crash before it is handled. Returns the row's id (its place in arrival
 * order), or null when the id is there already: a redelivery, handled or still queued.
 */
export async function recordArrival(db: DbOrTx, msg: ArrivedMessage): Promise<number | null> {
  const row = await recordQuery(db).get({
    ...msg,
    mentionIds: msg.mentionIds === null ? null : JSON.stringify(msg.mentionIds),
    botNames: JSON.stringify(msg.botNames),
  });
  return row?.id ?? null;
}

const recordQuery = preparedOn((db) =>
  db
    .insert(inbox)
    .values({
      messageId: sql.placeholder('messageId'),
      kind: sql.placeholder('kind'),
      roomId: sql.placeholder('roomId'),
      speakerId: sql.placeholder('speakerId'),
      text: sql.placeholder('text'),
      mentionIds: sql.placeholder('mentionIds'),
      botNames: sql.placeholder('botNames'),
      receivedAt: sql.placeholder('receivedAt'),
    })
    .onConflictDoNothing()
    .returning({ id: inbox.id })
    .prepare(),
);

/**
 * Claims a message id for handling. False means it was handled already (Wechaty can deliver
 * the same message twice); called inside the transaction that handles it, so a crash before
 * commit leaves it unclaimed, and the next start handles it. A message that never went through
 * the inbox (a test, the sandbox) gets its row here.
 */
export async function claimMessage(db: DbOrTx, messageId: string, now: number): Promise<boolean> {
  return changedRows(await claimQuery(db).run({ messageId, now })) > 0;
}

const claimQuery = preparedOn((db) =>
  db
    .insert(inbox)
    .values({
      messageId: sql.placeholder('messageId'),
      receivedAt: sql.placeholder('now'),
      handledAt: sql.placeholder('now'),
    })
    .onConflictDoUpdate({
      target: inbox.messageId,
      set: { handledAt: placeholderValue('now') },
      setWhere: isNull(inbox.handledAt),
    })
    .prepare(),
);

/** True when a message id was handled already (a redelivery need not be downloaded again). */
export async function messageHandled(db: DbOrTx, messageId: string): Promise<boolean> {
  return (
    (await db
      .select({ id: inbox.id })
      .from(inbox)
      .where(and(eq(inbox.messageId, messageId), isNotNull(inbox.handledAt)))
      .get()) !== undefined
  );
}

/** A row read back from the inbox, its JSON columns parsed. */
export interface InboxMessage extends Omit<InboxRow, 'mentionIds' | 'botNames'> {
  mentionIds: string[] | null;
  botNames: string[];
}

function stringList(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
  } catch {
    return null;
  }
}

/**
 * The messages recorded but not handled (the bot stopped in between), in arrival order, less
 * those in `skip` (still queued in this process); each returned row is counted as found once
 * more. Run at login, not per message.
 */
export async function takeUnhandled(
  db: DbOrTx,
  skip: ReadonlySet<string> = new Set(),
): Promise<InboxMessage[]> {
  return db.transaction(async (tx) => {
    const rows = (
      await tx.select().from(inbox).where(isNull(inbox.handledAt)).orderBy(asc(inbox.id)).all()
    ).filter((row) => !skip.has(row.messageId));
    for (const row of rows) {
      await tx
        .update(inbox)
        .set({ recoveries: sql`${inbox.recoveries} + 1` })
        .where(eq(inbox.id, row.id))
        .run();
    }
    return rows.map((row) => ({
      ...row,
      recoveries: row.recoveries + 1,
      mentionIds: stringList(row.mentionIds),
      botNames: stringList(row.botNames) ?? [],
    }));
  });
}

/** Forgets handled ids older than `before`; a redelivery comes within seconds, not weeks. */
export async function pruneHandledMessages(db: DbOrTx, before: number): Promise<number> {
  return changedRows(await db.delete(inbox).where(lt(inbox.handledAt, before)).run());
}
