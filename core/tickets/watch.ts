/**
 * What a community or street watches of its compounds (SPEC "Communities and streets": `/进度`
 * alone lists the escalated and overdue tickets of all its compounds): the open tickets that are
 * with the community after a 吹哨, and those past their solve deadline.
 */

import { escalatedOrPastDue, escalationSteps } from '../../db/area-tickets.js';
import type { DbOrTx } from '../../db/client.js';
import type { Ticket } from '../../db/schema.js';
import { withCommunity } from './handback.js';
import { effectiveSolveDueAt, isResolved } from './sla.js';

export interface WatchedTicket {
  ticket: Ticket;
  /** Escalated and not handed back since (core/tickets/handback.ts). */
  withCommunity: boolean;
  /** Escalated once, and handed back to the compound since. */
  handedBack: boolean;
  /** Not solved and past its solve deadline (pauses counted) at `now`; how long past, else null. */
  overdueMs: number | null;
}

/**
 * The watched tickets of these compounds at `now`, by compound id then number. A ticket resolved
 * and waiting for the reporter is not overdue; one still with the community stays listed until
 * it is handed back or closed.
 */
export async function watchedTickets(
  db: DbOrTx,
  compoundIds: readonly number[],
  now: number,
): Promise<WatchedTicket[]> {
  const candidates = await escalatedOrPastDue(db, compoundIds, now);
  const steps = new Map<number, Awaited<ReturnType<typeof escalationSteps>>>();
  for (const s of await escalationSteps(
    db,
    candidates.filter((t) => t.escalatedAt !== null).map((t) => t.id),
  )) {
    steps.set(s.ticketId, [...(steps.get(s.ticketId) ?? []), s]);
  }
  const out: WatchedTicket[] = [];
  for (const t of candidates) {
    const due = effectiveSolveDueAt(t, now);
    const overdueMs = !isResolved(t) && now > due ? now - due : null;
    const withIt = withCommunity(t, steps.get(t.id) ?? []);
    if (!withIt && overdueMs === null) continue;
    out.push({ ticket: t, withCommunity: withIt, handedBack: t.escalatedAt !== null && !withIt, overdueMs });
  }
  return out;
}
