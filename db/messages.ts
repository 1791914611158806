import { lt } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { processedMessages } from './schema.js';

/**
 * Claims a message id for handling. False means it was handled already (Wechaty can deliver
 * the same message twice); called inside the transaction that handles it, so a crash before
 * commit leaves it unclaimed.
 */
export function claimMessage(db: DbOrTx, messageId: string, now: number): boolean {
  const res = db.insert(processedMessages).values({ messageId, handledAt: now }).onConflictDoNothing().run();
  return res.changes > 0;
}

/** Forgets ids older than `before`; a redelivery comes within seconds, not weeks. */
export function pruneProcessedMessages(db: DbOrTx, before: number): number {
  return db.delete(processedMessages).where(lt(processedMessages.handledAt, before)).run().changes;
}
