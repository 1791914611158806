/**
 * Who a ticket's news is for and where it goes: its reporter, the managers who should act, and
 * the group it was filed in. Shared by the ticket commands of a compound's groups and of a
 * community's or street's group, which act on the same tickets (SPEC "Communities and streets").
 */

import type { DbOrTx } from '../../db/client.js';
import { groupByRoom, ownersRoom } from '../../db/compounds.js';
import { holdersOf } from '../../db/people.js';
import type { Ticket } from '../../db/schema.js';
import { displayName } from '../display.js';

/** The reporter, and the grid head who filed for them when that is someone else. */
export function reporterIds(t: Pick<Ticket, 'reporterId' | 'filedBy'>): string[] {
  return t.filedBy === t.reporterId ? [t.reporterId] : [t.reporterId, t.filedBy];
}

/**
 * The group the ticket was filed in, while it is still bound to this compound; else the
 * compound's owners group. A group rebound elsewhere must never see this compound's ticket.
 */
export async function ticketRoom(
  db: DbOrTx,
  t: Pick<Ticket, 'roomId' | 'compoundId'>,
): Promise<string | null> {
  const bound = await groupByRoom(db, t.roomId);
  return bound?.compound.id === t.compoundId ? t.roomId : await ownersRoom(db, t.compoundId);
}

/** The managers (物业) of a compound, once each, in grant order, with their names as shown. */
export async function managersOf(db: DbOrTx, compoundId: number): Promise<{ id: string; name: string }[]> {
  const seen = new Set<string>();
  return (await holdersOf(db, compoundId, ['manager']))
    .filter((h) => !seen.has(h.id) && seen.add(h.id))
    .map((h) => ({ id: h.id, name: displayName(h.name) }));
}

/** Who should act on the ticket now: its assignee, else every manager. */
export async function handlersOf(
  db: DbOrTx,
  t: Pick<Ticket, 'assigneeId' | 'compoundId'>,
): Promise<string[]> {
  return t.assigneeId !== null ? [t.assigneeId] : (await managersOf(db, t.compoundId)).map((m) => m.id);
}

/** A message about a ticket for one of its compound's groups (null: the compound has none). */
export interface TicketNotice {
  roomId: string | null;
  text: string;
  mentionIds?: readonly string[];
}
