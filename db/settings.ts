import { eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, preparedOn } from './client.js';
import { settings } from './schema.js';

/** The raw stored settings of a compound, key → JSON text; validation is the catalog's job. */
export async function storedSettings(db: DbOrTx, compoundId: number): Promise<Map<string, string>> {
  const rows = await storedSettingsQuery(db).all({ compoundId });
  return new Map(rows.map((r) => [r.key, r.value]));
}

const storedSettingsQuery = preparedOn((db) =>
  db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(eq(settings.compoundId, sql.placeholder('compoundId')))
    .prepare(),
);

export async function putSetting(
  db: DbOrTx,
  entry: { compoundId: number; key: string; value: string; updatedBy: string },
  now: number,
): Promise<void> {
  await db
    .insert(settings)
    .values({ ...entry, updatedAt: now })
    .onConflictDoUpdate({
      target: [settings.compoundId, settings.key],
      set: { value: entry.value, updatedBy: entry.updatedBy, updatedAt: now },
    })
    .run();
}

/** The compounds that have stored a value for any of these keys. */
export async function compoundsWithSettings(db: DbOrTx, keys: readonly string[]): Promise<Set<number>> {
  const rows = await db
    .selectDistinct({ compoundId: settings.compoundId })
    .from(settings)
    .where(inArray(settings.key, [...keys]))
    .all();
  return new Set(rows.map((r) => r.compoundId));
}
