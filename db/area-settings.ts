/** The stored settings of a community or street (`area_settings`); validation is the catalog's job. */
import { eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, preparedOn } from './client.js';
import { areaSettings } from './schema.js';

/** The raw stored settings of a community or street, key → JSON text. */
export async function storedAreaSettings(db: DbOrTx, areaId: number): Promise<Map<string, string>> {
  const rows = await storedAreaSettingsQuery(db).all({ areaId });
  return new Map(rows.map((r) => [r.key, r.value]));
}

const storedAreaSettingsQuery = preparedOn((db) =>
  db
    .select({ key: areaSettings.key, value: areaSettings.value })
    .from(areaSettings)
    .where(eq(areaSettings.areaId, sql.placeholder('areaId')))
    .prepare(),
);

export async function putAreaSetting(
  db: DbOrTx,
  entry: { areaId: number; key: string; value: string; updatedBy: string },
  now: number,
): Promise<void> {
  await db
    .insert(areaSettings)
    .values({ ...entry, updatedAt: now })
    .onConflictDoUpdate({
      target: [areaSettings.areaId, areaSettings.key],
      set: { value: entry.value, updatedBy: entry.updatedBy, updatedAt: now },
    })
    .run();
}

/** The areas that stored one of `keys` (the ranking schedule reads only their settings). */
export async function areasWithSettings(db: DbOrTx, keys: readonly string[]): Promise<Set<number>> {
  const rows = await db
    .select({ areaId: areaSettings.areaId })
    .from(areaSettings)
    .where(inArray(areaSettings.key, [...keys]))
    .all();
  return new Set(rows.map((r) => r.areaId));
}
