import { lt, sql } from 'drizzle-orm';
import { type DbOrTx, preparedOn } from './client.js';
import { processedMessages } from './schema.js';

/**
 * Claims a message id for handling. False means it was handled already (Wechaty can deliver
 * the same message twice); called inside the transaction that handles it, so a crash before
 * commit leaves it unclaimed.
 */
export function claimMessage(db: DbOrTx, messageId: string, now: number): boolean {
  return claimQuery(db).run({ messageId, now }).changes > 0;
}

const claimQuery = preparedOn((db) =>
  db
    .insert(processedMessages)
    .values({ messageId: sql.placeholder('messageId'), handledAt: sql.placeholder('now') })
    .onConflictDoNothing()
    .prepare(),
);

/** Forgets ids older than `before`; a redelivery comes within seconds, not weeks. */
export function pruneProcessedMessages(db: DbOrTx, before: number): number {
  return db.delete(processedMessages).where(lt(processedMessages.handledAt, before)).run().changes;
}
