/**
 * Ticket queries (SPEC "Tickets and the 5431 rule"). The clock rules are written on the
 * `tickets` table in schema.ts; these functions only read and write rows.
 */
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNotNull,
  isNull,
  lte,
  ne,
  or,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import { type DbOrTx, preparedOn } from './client.js';
import { lockCompoundNumbering } from './dialect.js';
import {
  compounds,
  people,
  type Ticket,
  type TicketEvent,
  type TicketEventKind,
  ticketAttachments,
  ticketEvents,
  tickets,
} from './schema.js';
import { attachmentCount } from './tickets-attachments.js';

export type NewTicket = typeof tickets.$inferInsert;
export type TicketPatch = Partial<Omit<Ticket, 'id' | 'compoundId' | 'no' | 'filedAt'>>;

/** Ticket `no` of a compound (`#12`), or null. Never looks outside the compound. */
export async function ticketByNo(db: DbOrTx, compoundId: number, no: number): Promise<Ticket | null> {
  return (await ticketByNoQuery(db).get({ compoundId, no })) ?? null;
}

const ticketByNoQuery = preparedOn((db) =>
  db
    .select()
    .from(tickets)
    .where(and(eq(tickets.compoundId, sql.placeholder('compoundId')), eq(tickets.no, sql.placeholder('no'))))
    .prepare(),
);

export async function ticketById(db: DbOrTx, id: number): Promise<Ticket | null> {
  return (await ticketByIdQuery(db).get({ id })) ?? null;
}

const ticketByIdQuery = preparedOn((db) =>
  db
    .select()
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('id')))
    .prepare(),
);

/**
 * The next number of a compound: tickets are numbered per compound from 1. Inside a transaction
 * the number is the caller's until it commits (lockCompoundNumbering).
 */
export async function nextTicketNo(db: DbOrTx, compoundId: number): Promise<number> {
  await lockCompoundNumbering(db, compoundId);
  return Number((await nextTicketNoQuery(db).get({ compoundId }))?.next ?? 1);
}

const nextTicketNoQuery = preparedOn((db) =>
  db
    .select({ next: nextNoIn(sql.placeholder('compoundId')) })
    .from(compounds)
    .where(eq(compounds.id, sql.placeholder('compoundId')))
    .prepare(),
);

/** The compound's next ticket number: one more than its highest, 1 for its first (SPEC `#n`). */
function nextNoIn(compoundId: SQLWrapper) {
  return sql<number>`(select coalesce(max(${tickets.no}), 0) + 1 from ${tickets} where ${tickets.compoundId} = ${compoundId})`;
}

const ticketColumns = Object.entries(getTableColumns(tickets)).filter(([key]) => key !== 'id');

/**
 * Inserts a ticket. A prepared insert names every column, so a column the caller leaves out
 * gets the schema's default here, as drizzle's own insert would give it.
 */
export async function insertTicket(db: DbOrTx, ticket: NewTicket): Promise<Ticket> {
  return await insertTicketQuery(db).get(ticketValues(ticket));
}

/**
 * Files a ticket under its compound's next number ({@link nextTicketNo}'s), taken in the insert
 * itself: one statement instead of a read and a write, a round trip less on PostgreSQL. The lock
 * comes first (lockCompoundNumbering), so the insert's own snapshot sees every number committed
 * before it.
 */
export async function insertNextTicket(db: DbOrTx, ticket: Omit<NewTicket, 'no'>): Promise<Ticket> {
  await lockCompoundNumbering(db, ticket.compoundId);
  return await insertNextTicketQuery(db).get(ticketValues({ ...ticket, no: 0 }));
}

function ticketValues(ticket: NewTicket): Record<string, unknown> {
  const given = ticket as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const [key, column] of ticketColumns) {
    values[key] = given[key] !== undefined ? given[key] : (column.defaultFn?.() ?? column.default ?? null);
  }
  return values;
}

const placeholders = () =>
  Object.fromEntries(ticketColumns.map(([key]) => [key, sql.placeholder(key)])) as unknown as NewTicket;

const insertTicketQuery = preparedOn((db) => db.insert(tickets).values(placeholders()).returning().prepare());

const insertNextTicketQuery = preparedOn((db) =>
  db
    .insert(tickets)
    .values({
      ...placeholders(),
      no: nextNoIn(sql.placeholder('compoundId')),
    })
    .returning()
    .prepare(),
);

/** Writes a change and returns the ticket as it now is. */
export async function updateTicket(db: DbOrTx, id: number, patch: TicketPatch, now: number): Promise<Ticket> {
  const row = await db
    .update(tickets)
    .set({ ...patch, updatedAt: now })
    .where(eq(tickets.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`ticket ${id} vanished`);
  return row;
}

export async function addTicketEvent(
  db: DbOrTx,
  event: { ticketId: number; kind: TicketEventKind; actorId: string; at: number; note?: string | null },
): Promise<TicketEvent> {
  return await addTicketEventQuery(db).get({ ...event, note: event.note ?? null });
}

const addTicketEventQuery = preparedOn((db) =>
  db
    .insert(ticketEvents)
    .values({
      ticketId: sql.placeholder('ticketId'),
      kind: sql.placeholder('kind'),
      actorId: sql.placeholder('actorId'),
      at: sql.placeholder('at'),
      note: sql.placeholder('note'),
    })
    .returning()
    .prepare(),
);

/** The timeline of a ticket, oldest first (ties in the order written). */
export async function ticketEventsOf(db: DbOrTx, ticketId: number): Promise<TicketEvent[]> {
  return await ticketEventsQuery(db).all({ ticketId });
}

const ticketEventsQuery = preparedOn((db) =>
  db
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, sql.placeholder('ticketId')))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
    .prepare(),
);

/** What `/进度 #n` shows beside the ticket itself (core/tickets/timeline.ts). */
export interface TicketTimeline {
  events: TicketEvent[];
  /** The stored name of each event's actor, null for one with no row in people. */
  actorNames: Map<string, string | null>;
  attachments: number;
}

/**
 * A ticket's events, oldest first, with their actors' stored names and the ticket's number of
 * attachments, in one statement: a reply on PostgreSQL waits for each round trip, and these were
 * three. A ticket always has its `filed` event; one without any (a test's bare insert) counts its
 * attachments apart.
 */
export async function ticketTimelineOf(db: DbOrTx, ticketId: number): Promise<TicketTimeline> {
  const rows = await ticketTimelineQuery(db).all({ ticketId });
  const events = rows.map((r) => r.event);
  const actorNames = new Map(rows.map((r) => [r.event.actorId, r.actorName]));
  const attachments = rows[0]?.attachments ?? (await attachmentCount(db, ticketId));
  return { events, actorNames, attachments };
}

const ticketTimelineQuery = preparedOn((db) =>
  db
    .select({
      event: getTableColumns(ticketEvents),
      actorName: people.name,
      attachments:
        sql<number>`(select count(*) from ${ticketAttachments} where ${ticketAttachments.ticketId} = ${sql.placeholder('ticketId')})`.mapWith(
          Number,
        ),
    })
    .from(ticketEvents)
    .leftJoin(people, eq(people.id, ticketEvents.actorId))
    .where(eq(ticketEvents.ticketId, sql.placeholder('ticketId')))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
    .prepare(),
);

/** The latest event of one of `kinds`, or null. */
export async function lastTicketEvent(
  db: DbOrTx,
  ticketId: number,
  kinds: readonly TicketEventKind[],
): Promise<TicketEvent | null> {
  return (
    (await db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticketId), inArray(ticketEvents.kind, [...kinds])))
      .orderBy(desc(ticketEvents.at), desc(ticketEvents.id))
      .limit(1)
      .get()) ?? null
  );
}

const open = isNull(tickets.closedAt);

/**
 * A compound's tickets not closed yet, by number (the board page, the joint meeting's agenda):
 * on tickets_compound_open_idx, so the cost follows what is open.
 */
export async function openTicketsOf(db: DbOrTx, compoundId: number): Promise<Ticket[]> {
  return await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.compoundId, compoundId), open))
    .orderBy(asc(tickets.no))
    .all();
}

/** Open tickets a person filed or had filed for them (a grid head's too), oldest first. */
export async function openTicketsOfReporter(
  db: DbOrTx,
  compoundId: number,
  personId: string,
): Promise<Ticket[]> {
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
export async function openTicketsOfAssignee(
  db: DbOrTx,
  compoundId: number,
  personId: string,
): Promise<Ticket[]> {
  return await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.compoundId, compoundId), open, eq(tickets.assigneeId, personId)))
    .orderBy(asc(tickets.no))
    .all();
}

/** Open tickets nobody has taken yet. */
export async function openUnassignedTickets(db: DbOrTx, compoundId: number): Promise<Ticket[]> {
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
export async function openEscalatedTickets(db: DbOrTx, compoundId: number): Promise<Ticket[]> {
  return await db
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
export async function followUpTickets(
  db: DbOrTx,
  compoundId: number,
  since: number,
  maxScore = 2,
): Promise<Ticket[]> {
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
