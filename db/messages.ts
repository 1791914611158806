import { createHash } from 'node:crypto';
import { and, asc, count, eq, gt, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { changedRows, type DbOrTx, placeholderValue, preparedOn } from './client.js';
import { claimMessageAndKeyAtOnce, lockPrivateArrivals } from './dialect.js';
import { type InboxKind, type InboxRow, inbox, messageClaims } from './schema.js';

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
  /** The message as every one of our accounts sees it ({@link crossAccountKey}); null in a private chat. */
  crossKey?: string | null;
}

/** What {@link crossAccountKey} is made of: what WeChat shows every member of the group alike. */
export interface MessageIdentity {
  roomId: string;
  speakerId: string;
  /** When the member sent it, as the puppet says (epoch ms; WeChat's own time is whole seconds). */
  sentAt: number;
  kind: InboxKind;
  /** The text, or what the puppet says of a file (its XML with the file's md5 on a real puppet). */
  content: string;
}

/**
 * "The same message" across our accounts (SPEC "Many accounts, one store"): each account in a
 * group gets a member's message under its own message id, so the id cannot tell that two
 * accounts saw one message. What both see alike is the group, the sender, the time WeChat gives
 * the message and its content; the key is a SHA-256 of those (the time cut to whole seconds,
 * WeChat's own resolution, so a puppet that adds milliseconds of its own still agrees).
 *
 * Why it is safe:
 * - One message seen by two accounts: same room, sender, second and text, so one key. Whichever
 *   account's transaction claims it first handles the message; the other finds it claimed and
 *   writes nothing (the claim and the handling's writes commit together, so a crash before the
 *   commit leaves the key free for the other account or the next start).
 * - Two different messages never share a key unless one member sent the same content in the same
 *   group within the same second. SPEC counts those as one: a double tap, not two requests.
 * - A sender cannot forge another member's key: the sender id is WeChat's, not typed text.
 * - Private chats have no key: a member writing to two accounts writes two conversations.
 *
 * Fields are joined with NUL, which WeChat ids and times never contain, so no two field lists
 * run together into the same string.
 */
export function crossAccountKey(m: MessageIdentity): string {
  const second = Math.floor(m.sentAt / 1000);
  return createHash('sha256')
    .update([m.roomId, m.speakerId, String(second), m.kind, m.content].join('\u0000'))
    .digest('base64url');
}

/**
 * Writes an arriving message to the inbox, in its own short transaction (an autocommit insert),
 * so it outlives a crash before it is handled. Returns the row's id (its place in arrival
 * order), or null when the id is there already: a redelivery, handled or still queued. A private
 * message on PostgreSQL is written under its member's lock (db/dialect.ts `lockPrivateArrivals`),
 * so the flood count over several accounts sees every earlier one.
 */
export async function recordArrival(db: DbOrTx, msg: ArrivedMessage): Promise<number | null> {
  const values = {
    ...msg,
    crossKey: msg.crossKey ?? null,
    mentionIds: msg.mentionIds === null ? null : JSON.stringify(msg.mentionIds),
    botNames: JSON.stringify(msg.botNames),
  };
  if (msg.roomId !== null || db.store === 'sqlite') return (await recordQuery(db).get(values))?.id ?? null;
  return db.transaction(async (tx) => {
    await lockPrivateArrivals(tx, msg.speakerId);
    return (await recordQuery(tx).get(values))?.id ?? null;
  });
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
      crossKey: sql.placeholder('crossKey'),
    })
    .onConflictDoNothing()
    .returning({ id: inbox.id })
    .prepare(),
);

/**
 * How many private messages a member sent to any of our accounts after `since`, up to and with
 * `messageId` in arrival order (SPEC "Many accounts, one store": the flood limit per member is
 * shared across accounts). In a group every account sees every message and counts alike; a
 * private chat is seen by the one account written to, so the count comes from the inbox that all
 * of them write. Arrival order, not time: WeChat stamps a message to the second, and a burst
 * queued behind this message must not count against it. 0 for a message not in the inbox.
 */
export async function privateArrivals(
  db: DbOrTx,
  speakerId: string,
  messageId: string,
  since: number,
): Promise<number> {
  return (await privateArrivalsQuery(db).get({ speakerId, messageId, since }))?.n ?? 0;
}

const ownRow = alias(inbox, 'own');

const privateArrivalsQuery = preparedOn((db) =>
  db
    .select({ n: count() })
    .from(inbox)
    .innerJoin(ownRow, eq(ownRow.messageId, sql.placeholder('messageId')))
    .where(
      and(
        isNull(inbox.roomId),
        eq(inbox.speakerId, sql.placeholder('speakerId')),
        gt(inbox.receivedAt, sql.placeholder('since')),
        lte(inbox.id, ownRow.id),
      ),
    )
    .prepare(),
);

/**
 * Claims a message id for handling. False means it was handled already (Wechaty can deliver
 * the same message twice); called inside the transaction that handles it, so a crash before
 * commit leaves it unclaimed, and the next start handles it. A message that never went through
 * the inbox (a test, the sandbox) gets its row here.
 *
 * With a `crossKey` ({@link crossAccountKey}) the same message as another of our accounts saw it
 * is claimed too, in the same transaction: false when that account handled it already. The id is
 * then still marked handled, so this account does not try it again at its next start. The cost is
 * one insert into a primary key (bench/dedupe.ts); on PostgreSQL a second account claiming the
 * same key while the first's transaction is open waits for that commit and then finds it taken.
 */
export async function claimMessage(
  db: DbOrTx,
  messageId: string,
  now: number,
  crossKey?: string | null,
): Promise<boolean> {
  if (crossKey !== undefined && crossKey !== null) {
    const atOnce = await claimMessageAndKeyAtOnce(db, messageId, now, crossKey);
    if (atOnce !== null) return atOnce.claimed && atOnce.keyed;
  }
  if (changedRows(await claimQuery(db).run({ messageId, now })) === 0) return false;
  if (crossKey === undefined || crossKey === null) return true;
  return changedRows(await claimKeyQuery(db).run({ key: crossKey, now })) > 0;
}

const claimKeyQuery = preparedOn((db) =>
  db
    .insert(messageClaims)
    .values({ key: sql.placeholder('key'), claimedAt: sql.placeholder('now') })
    .onConflictDoNothing()
    .prepare(),
);

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
  await db.delete(messageClaims).where(lt(messageClaims.claimedAt, before)).run();
  return changedRows(await db.delete(inbox).where(lt(inbox.handledAt, before)).run());
}
