/**
 * Queries behind ticket attachments (SPEC "Tickets and the 5431 rule": photos or files the
 * reporter sends within 10 minutes after filing attach to that ticket).
 */
import { and, asc, count, desc, eq, gt, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { changedRows, type DbOrTx, preparedOn } from './client.js';
import {
  outbox,
  type Ticket,
  type TicketAttachment,
  ticketAttachments,
  ticketEvents,
  tickets,
} from './schema.js';

/** How long after filing a photo or file still attaches to the ticket (SPEC "Tickets"). */
export const ATTACH_WINDOW_MS = 10 * 60_000;

type AttachFields = Pick<Ticket, 'compoundId' | 'reporterId' | 'filedBy' | 'filedAt'>;

/**
 * Whether media that `personId` sent at `at` in a group of `compoundId` attaches to the ticket:
 * they are its reporter, or the grid head who filed it for the reporter (the one holding the
 * photos), and it came no later than 10 minutes after filing.
 */
export function attachesTo(t: AttachFields, compoundId: number, personId: string, at: number): boolean {
  return (
    t.compoundId === compoundId &&
    (t.reporterId === personId || t.filedBy === personId) &&
    t.filedAt <= at &&
    at - t.filedAt <= ATTACH_WINDOW_MS
  );
}

/**
 * The ticket media from `personId` at `at` attaches to: their latest ticket of the compound
 * filed within the window, or null. Asked for every photo in a group before anything is
 * downloaded, so it reads only the last 10 minutes of the compound's tickets (filed index).
 */
export async function attachableTicket(
  db: DbOrTx,
  compoundId: number,
  personId: string,
  at: number,
): Promise<{ id: number; no: number } | null> {
  const row = await db
    .select({ id: tickets.id, no: tickets.no })
    .from(tickets)
    .where(
      and(
        eq(tickets.compoundId, compoundId),
        gte(tickets.filedAt, at - ATTACH_WINDOW_MS),
        lte(tickets.filedAt, at),
        or(eq(tickets.reporterId, personId), eq(tickets.filedBy, personId)),
      ),
    )
    .orderBy(desc(tickets.filedAt), desc(tickets.id))
    .limit(1)
    .get();
  return row ?? null;
}

export async function attachmentByMessage(db: DbOrTx, messageId: string): Promise<TicketAttachment | null> {
  return (
    (await db.select().from(ticketAttachments).where(eq(ticketAttachments.messageId, messageId)).get()) ??
    null
  );
}

/** A ticket's attachments in the order they came. */
export async function attachmentsOf(db: DbOrTx, ticketId: number, since = 0): Promise<TicketAttachment[]> {
  return await db
    .select()
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), gte(ticketAttachments.at, since)))
    .orderBy(asc(ticketAttachments.at), asc(ticketAttachments.id))
    .all();
}

/** How many files a ticket keeps. */
export async function attachmentCount(db: DbOrTx, ticketId: number): Promise<number> {
  return (await attachmentCountQuery(db).get({ ticketId }))?.n ?? 0;
}

const attachmentCountQuery = preparedOn((db) =>
  db
    .select({ n: count() })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.ticketId, sql.placeholder('ticketId')))
    .prepare(),
);

/**
 * How many files a ticket keeps and their bytes together, for the /设置 附件 limits, with the
 * messages they came from (a download finishing meanwhile is told apart from one in flight).
 */
export async function attachmentUsage(
  db: DbOrTx,
  ticketId: number,
): Promise<{ count: number; bytes: number; messageIds: string[] }> {
  const rows = await db
    .select({ messageId: ticketAttachments.messageId, size: ticketAttachments.size })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.ticketId, ticketId))
    .all();
  return {
    count: rows.length,
    bytes: rows.reduce((n, r) => n + r.size, 0),
    messageIds: rows.map((r) => r.messageId),
  };
}

/** How many files of a ticket were not kept since `since` (0: ever). */
export async function refusalsSince(db: DbOrTx, ticketId: number, since: number): Promise<number> {
  return (
    (
      await db
        .select({ n: count() })
        .from(ticketEvents)
        .where(
          and(
            eq(ticketEvents.ticketId, ticketId),
            eq(ticketEvents.kind, 'attachment_refused'),
            gte(ticketEvents.at, since),
          ),
        )
        .get()
    )?.n ?? 0
  );
}

/** The dedupe-key prefix of a ticket's attachment acknowledgements; one key per ack row. */
export function ackKeyPrefix(ticketId: number): string {
  return `ticket-attachments:${ticketId}:`;
}

/**
 * The acknowledgement of a ticket's attachments that is queued for a room and not yet due, so
 * not yet picked up by the sender (it takes only due rows): safe to rewrite in place.
 */
export async function pendingAck(
  db: DbOrTx,
  ticketId: number,
  conversationId: string,
  now: number,
): Promise<{ id: number; createdAt: number } | null> {
  const prefix = ackKeyPrefix(ticketId); // ends in ':', and ';' is the next character
  const row = await db
    .select({ id: outbox.id, createdAt: outbox.createdAt })
    .from(outbox)
    .where(
      and(
        // The keys that start with the prefix, as a key range: a bound LIKE pattern makes SQLite
        // compile the statement again on every call (20.9 µs against 5.0 µs, measured).
        gte(outbox.dedupeKey, prefix),
        lt(outbox.dedupeKey, `${prefix.slice(0, -1)};`),
        eq(outbox.conversationId, conversationId),
        isNull(outbox.sentAt),
        isNull(outbox.failedAt),
        gt(outbox.notBefore, now),
      ),
    )
    .orderBy(desc(outbox.id))
    .limit(1)
    .get();
  return row ?? null;
}

/**
 * Rewrites a line still waiting to go. False when a sender has taken it meanwhile (it is going
 * out with the text it had): the caller starts a new line instead, so nothing said is lost.
 */
export async function setOutboxText(db: DbOrTx, id: number, text: string): Promise<boolean> {
  const result = await db
    .update(outbox)
    .set({ text })
    .where(and(eq(outbox.id, id), isNull(outbox.sendingAt), isNull(outbox.sentAt), isNull(outbox.failedAt)))
    .run();
  return changedRows(result) > 0;
}
