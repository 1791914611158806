/**
 * Where SQLite and PostgreSQL need different SQL, one function each (the store issue: "queries
 * differ only where SQL truly differs, in one named place each"). Everything else is built once by
 * drizzle's SQLite builder and runs on both (db/client.ts).
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { compounds } from './schema.js';

/**
 * Serialises numbering within a compound (tickets `#n`, polls `#n`) until the transaction ends,
 * so two commands filed at once, from two processes, never take the same number and leave no gap.
 * SQLite: nothing to do, a transaction begins IMMEDIATE and holds the file's one write lock.
 * PostgreSQL: the compound's row, locked FOR UPDATE (READ COMMITTED would let both read one max).
 */
export async function lockCompoundNumbering(db: DbOrTx, compoundId: number): Promise<void> {
  if (db.store === 'sqlite') return;
  await db.run(
    sql`select ${compounds.id} from ${compounds} where ${compounds.id} = ${compoundId} for update`,
  );
}
