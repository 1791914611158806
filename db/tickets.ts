/**
 * Ticket queries (SPEC "Tickets and the 5431 rule"). The clock rules are written on the
 * `tickets` table in schema.ts; these functions only read and write rows.
 */
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lte, max, ne, or } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import {
  type Ticket,
  type TicketEvent,
  type TicketEventKind,
  ticketAttachments,
  ticketEvents,
  tickets,
} from './schema.js';

export type NewTicket = typeof tickets.$inferInsert;
export type TicketPatch = Partial<Omit<Ticket, 'id' | 'compoundId' | 'no' | 'filedAt'>>;

/** Ticket `no` of a compound (`#12`), or null. Never looks outside the compound. */
export function ticketByNo(db: DbOrTx, compoundId: number, no: number): Ticket | null {
  return (
    db
      .select()
      .from(tickets)
      .where(and(eq(tickets.compoundId, compoundId), eq(tickets.no, no)))
      .get() ?? null
  );
}

export function ticketById(db: DbOrTx, id: number): Ticket | null {
  return db.select().from(tickets).where(eq(tickets.id, id)).get() ?? null;
}

/** The next number of a compound: tickets are numbered per compound from 1. */
export function nextTicketNo(db: DbOrTx, compoundId: number): number {
  const row = db
    .select({ top: max(tickets.no) })
    .from(tickets)
    .where(eq(tickets.compoundId, compoundId))
    .get();
  return (row?.top ?? 0) + 1;
}

export function insertTicket(db: DbOrTx, ticket: NewTicket): Ticket {
  return db.insert(tickets).values(ticket).returning().get();
}

/** Writes a change and returns the ticket as it now is. */
export function updateTicket(db: DbOrTx, id: number, patch: TicketPatch, now: number): Ticket {
  const row = db
    .update(tickets)
    .set({ ...patch, updatedAt: now })
    .where(eq(tickets.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`ticket ${id} vanished`);
  return row;
}

export function addTicketEvent(
  db: DbOrTx,
  event: { ticketId: number; kind: TicketEventKind; actorId: string; at: number; note?: string | null },
): TicketEvent {
  return db
    .insert(ticketEvents)
    .values({ ...event, note: event.note ?? null })
    .returning()
    .get();
}

/** The timeline of a ticket, oldest first (ties in the order written). */
export function ticketEventsOf(db: DbOrTx, ticketId: number): TicketEvent[] {
  return db
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
    .all();
}

/** The latest event of one of `kinds`, or null. */
export function lastTicketEvent(
  db: DbOrTx,
  ticketId: number,
  kinds: readonly TicketEventKind[],
): TicketEvent | null {
  return (
    db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticketId), inArray(ticketEvents.kind, [...kinds])))
      .orderBy(desc(ticketEvents.at), desc(ticketEvents.id))
      .limit(1)
      .get() ?? null
  );
}

export function attachmentCountOf(db: DbOrTx, ticketId: number): number {
  return (
    db.select({ n: count() }).from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId)).get()
      ?.n ?? 0
  );
}

const open = isNull(tickets.closedAt);

/** Open tickets a person filed or had filed for them (a grid head's too), oldest first. */
export function openTicketsOfReporter(db: DbOrTx, compoundId: number, personId: string): Ticket[] {
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.compoundId, compoundId),
        open,
        or(eq(tickets.reporterId, personId), eq(tickets.filedBy, personId)),
      ),
    )
    .orderBy(asc(tickets.no))
    .all();
}

/** Open tickets a manager holds (assigned to them, not yet closed), oldest first. */
export function openTicketsOfAssignee(db: DbOrTx, compoundId: number, personId: string): Ticket[] {
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.compoundId, compoundId), open, eq(tickets.assigneeId, personId)))
    .orderBy(asc(tickets.no))
    .all();
}

/** Open tickets nobody has taken yet. */
export function openUnassignedTickets(db: DbOrTx, compoundId: number): Ticket[] {
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.compoundId, compoundId),
        open,
        isNull(tickets.assigneeId),
        ne(tickets.status, 'resolved'),
      ),
    )
    .orderBy(asc(tickets.no))
    .all();
}

/** Escalated (吹哨) tickets not yet closed: the committee and the community see them until closed. */
export function openEscalatedTickets(db: DbOrTx, compoundId: number): Ticket[] {
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.compoundId, compoundId), open, isNotNull(tickets.escalatedAt)))
    .orderBy(asc(tickets.no))
    .all();
}

/**
 * The committee's follow-up (回访) list: tickets closed since `since` with a score of
 * `maxScore` or less (SPEC "Tickets": a score of 1 or 2).
 */
export function followUpTickets(db: DbOrTx, compoundId: number, since: number, maxScore = 2): Ticket[] {
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.compoundId, compoundId),
        isNotNull(tickets.closedAt),
        gte(tickets.closedAt, since),
        lte(tickets.score, maxScore),
      ),
    )
    .orderBy(asc(tickets.no))
    .all();
}
