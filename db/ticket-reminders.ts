/**
 * The store side of the deadline pings: the marker row of each reminder point dealt with (see
 * \`ticket_reminders\`), the timeline line of a ping, and the open tickets a tick looks at.
 */

import { and, asc, gte, inArray, isNull, sql } from 'drizzle-orm';
import { REMINDER_HORIZON_MS } from '../core/tickets/reminder-plan.js';
import type { DbOrTx } from './client.js';
import { type Ticket, ticketEvents, tickets } from './schema.js';
import { type ReminderOutcome, ticketReminders } from './schema-schedules.js';

/** Records what became of a reminder point (sent, held, skipped…), once per ticket and point. */
export async function markReminder(
  tx: DbOrTx,
  t: Pick<Ticket, 'id' | 'compoundId'>,
  point: { key: string; at: number },
  outcome: ReminderOutcome,
  now: number,
): Promise<void> {
  await tx
    .insert(ticketReminders)
    .values({ ticketId: t.id, key: point.key, compoundId: t.compoundId, outcome, dueAt: point.at, at: now })
    .onConflictDoUpdate({
      target: [ticketReminders.ticketId, ticketReminders.key],
      set: { outcome, at: now },
    })
    .run();
}

/** The timeline line of a ping, for /进度. */
export async function recordReminded(tx: DbOrTx, ticketId: number, note: string, now: number): Promise<void> {
  await tx
    .insert(ticketEvents)
    .values({ ticketId, kind: 'reminded', actorId: 'system', at: now, note })
    .run();
}

/** The points held over quiet hours, of every compound. */
export async function heldReminders(tx: DbOrTx) {
  // The literal matches the partial index's WHERE, so SQLite uses it.
  return await tx.select().from(ticketReminders).where(sql`${ticketReminders.outcome} = 'held'`).all();
}

/** The marker keys already dealt with, per ticket. */
export async function handledKeys(
  tx: DbOrTx,
  ticketIds: readonly number[],
): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  // SQLite caps bound parameters per statement; 500 stays far below every build's cap.
  for (let i = 0; i < ticketIds.length; i += 500) {
    const chunk = ticketIds.slice(i, i + 500);
    const rows = await tx
      .select({ ticketId: ticketReminders.ticketId, key: ticketReminders.key })
      .from(ticketReminders)
      .where(inArray(ticketReminders.ticketId, chunk))
      .all();
    for (const r of rows) {
      const set = out.get(r.ticketId) ?? new Set<string>();
      set.add(r.key);
      out.set(r.ticketId, set);
    }
  }
  return out;
}

/**
 * The open, running tickets that could have a point due: on the `tickets_open_idx` range (see
 * {@link REMINDER_HORIZON_MS}), earliest deadline first (the index's own order), so the pings and
 * escalations of one tick are queued in the same order on both stores. Exported so a test can
 * check the query plan.
 */
export function openTicketsQuery(tx: DbOrTx, now: number) {
  return tx
    .select()
    .from(tickets)
    .where(
      and(
        isNull(tickets.closedAt),
        gte(tickets.solveDueAt, now - REMINDER_HORIZON_MS),
        isNull(tickets.pausedAt),
      ),
    )
    .orderBy(asc(tickets.solveDueAt), asc(tickets.id));
}
