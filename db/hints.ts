import { sql } from 'drizzle-orm';
import { changedRows, type DbOrTx, placeholderValue, preparedOn } from './client.js';
import { ticketHints } from './schema.js';

/**
 * Takes the member's `/报修` hint in a group if none was given in the last `everyMs`; false
 * means one was. One statement, so two writers cannot both take it.
 */
export async function claimTicketHint(
  db: DbOrTx,
  hint: { roomId: string; personId: string },
  now: number,
  everyMs: number,
): Promise<boolean> {
  return changedRows(await claimHintQuery(db).run({ ...hint, now, before: now - everyMs })) > 0;
}

const claimHintQuery = preparedOn((db) =>
  db
    .insert(ticketHints)
    .values({
      roomId: sql.placeholder('roomId'),
      personId: sql.placeholder('personId'),
      hintedAt: sql.placeholder('now'),
    })
    .onConflictDoUpdate({
      target: [ticketHints.roomId, ticketHints.personId],
      set: { hintedAt: placeholderValue('now') },
      setWhere: sql`${ticketHints.hintedAt} <= ${sql.placeholder('before')}`,
    })
    .prepare(),
);
