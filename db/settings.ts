import { eq } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { settings } from './schema.js';

/** The raw stored settings of a compound, key → JSON text; validation is the catalog's job. */
export function storedSettings(db: DbOrTx, compoundId: number): Map<string, string> {
  const rows = db.select().from(settings).where(eq(settings.compoundId, compoundId)).all();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export function putSetting(
  db: DbOrTx,
  entry: { compoundId: number; key: string; value: string; updatedBy: string },
  now: number,
): void {
  db.insert(settings)
    .values({ ...entry, updatedAt: now })
    .onConflictDoUpdate({
      target: [settings.compoundId, settings.key],
      set: { value: entry.value, updatedBy: entry.updatedBy, updatedAt: now },
    })
    .run();
}
