/**
 * What a community's or street's group reads of its compounds' tickets (SPEC "Communities and
 * streets"): only ever for the compound ids the caller names, which are those of the group's own
 * community or street (db/areas.ts compoundsOfArea).
 */
import { and, asc, gte, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { type Ticket, type TicketEvent, ticketEvents, tickets } from './schema.js';

/**
 * Open tickets of these compounds that are escalated, or whose stored solve deadline has passed
 * (a paused one may still have time: the caller judges with the clock rules), by number.
 */
export async function escalatedOrPastDue(
  db: DbOrTx,
  compoundIds: readonly number[],
  now: number,
): Promise<Ticket[]> {
  if (compoundIds.length === 0) return [];
  return await db
    .select()
    .from(tickets)
    .where(
      and(
        inArray(tickets.compoundId, [...compoundIds]),
        isNull(tickets.closedAt),
        or(isNotNull(tickets.escalatedAt), lt(tickets.solveDueAt, now)),
      ),
    )
    .orderBy(asc(tickets.compoundId), asc(tickets.no))
    .all();
}

/** The `escalated` and `handed_back` events of these tickets (who holds an escalated ticket). */
export async function escalationSteps(
  db: DbOrTx,
  ticketIds: readonly number[],
): Promise<Pick<TicketEvent, 'ticketId' | 'kind' | 'at' | 'id'>[]> {
  if (ticketIds.length === 0) return [];
  return await db
    .select({
      ticketId: ticketEvents.ticketId,
      kind: ticketEvents.kind,
      at: ticketEvents.at,
      id: ticketEvents.id,
    })
    .from(ticketEvents)
    .where(
      and(
        inArray(ticketEvents.ticketId, [...ticketIds]),
        inArray(ticketEvents.kind, ['escalated', 'handed_back']),
      ),
    )
    .all();
}

/**
 * The scores of the tickets of these compounds confirmed (closed with a score) in `[from, to)`,
 * the same tickets core/tickets/stats.ts averages per compound: here to average across several.
 */
export async function confirmedScores(
  db: DbOrTx,
  compoundIds: readonly number[],
  range: { from: number; to: number },
): Promise<{ compoundId: number; score: number }[]> {
  if (compoundIds.length === 0) return [];
  const rows = await db
    .select({ compoundId: tickets.compoundId, score: tickets.score })
    .from(tickets)
    .where(
      and(
        inArray(tickets.compoundId, [...compoundIds]),
        isNotNull(tickets.score),
        gte(tickets.closedAt, range.from),
        lt(tickets.closedAt, range.to),
      ),
    )
    .all();
  return rows.map((r) => ({ compoundId: r.compoundId, score: r.score as number }));
}
