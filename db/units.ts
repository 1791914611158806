import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { people, type Unit, type UnitClaim, unitClaims, units } from './schema.js';

export interface UnitKey {
  compoundId: number;
  building: string;
  entrance: string;
  room: string;
}

export async function findUnit(db: DbOrTx, key: UnitKey): Promise<Unit | null> {
  return (
    (await db
      .select()
      .from(units)
      .where(
        and(
          eq(units.compoundId, key.compoundId),
          eq(units.building, key.building),
          eq(units.entrance, key.entrance),
          eq(units.room, key.room),
        ),
      )
      .get()) ?? null
  );
}

export async function ensureUnit(db: DbOrTx, key: UnitKey, now: number): Promise<Unit> {
  return (
    (await findUnit(db, key)) ??
    db
      .insert(units)
      .values({ ...key, createdAt: now })
      .returning()
      .get()
  );
}

export async function setUnitArea(db: DbOrTx, unitId: number, areaCenti: number): Promise<void> {
  await db.update(units).set({ areaCenti }).where(eq(units.id, unitId)).run();
}

export async function claimOf(db: DbOrTx, unitId: number, personId: string): Promise<UnitClaim | null> {
  return (
    (await db
      .select()
      .from(unitClaims)
      .where(and(eq(unitClaims.unitId, unitId), eq(unitClaims.personId, personId)))
      .get()) ?? null
  );
}

/** Creates or refreshes a pending claim; a verified claim is left as it is. */
export async function upsertClaim(
  db: DbOrTx,
  claim: { compoundId: number; unitId: number; personId: string; areaCenti: number },
  now: number,
): Promise<UnitClaim> {
  const existing = await claimOf(db, claim.unitId, claim.personId);
  if (existing) {
    if (existing.status === 'verified') return existing;
    return await db
      .update(unitClaims)
      .set({ areaCenti: claim.areaCenti, claimedAt: now })
      .where(eq(unitClaims.id, existing.id))
      .returning()
      .get();
  }
  return await db
    .insert(unitClaims)
    .values({ ...claim, status: 'pending', claimedAt: now })
    .returning()
    .get();
}

export async function verifyClaim(
  db: DbOrTx,
  claimId: number,
  verifiedBy: string,
  now: number,
): Promise<void> {
  await db
    .update(unitClaims)
    .set({ status: 'verified', verifiedBy, verifiedAt: now })
    .where(eq(unitClaims.id, claimId))
    .run();
}

/** A person's claims in a compound with their units. */
export async function claimsOfPerson(
  db: DbOrTx,
  compoundId: number,
  personId: string,
): Promise<{ claim: UnitClaim; unit: Unit }[]> {
  return await db
    .select({ claim: unitClaims, unit: units })
    .from(unitClaims)
    .innerJoin(units, eq(units.id, unitClaims.unitId))
    .where(and(eq(unitClaims.compoundId, compoundId), eq(unitClaims.personId, personId)))
    .orderBy(unitClaims.claimedAt)
    .all();
}

/** Verified owners of a compound, one row per (unit, person): the electorate of a formal vote. */
export async function verifiedOwnerships(
  db: DbOrTx,
  compoundId: number,
): Promise<{ unitId: number; areaCenti: number | null; personId: string; personName: string }[]> {
  return db
    .select({
      unitId: units.id,
      areaCenti: units.areaCenti,
      personId: unitClaims.personId,
      personName: people.name,
    })
    .from(unitClaims)
    .innerJoin(units, eq(units.id, unitClaims.unitId))
    .innerJoin(people, eq(people.id, unitClaims.personId))
    .where(and(eq(unitClaims.compoundId, compoundId), eq(unitClaims.status, 'verified')))
    .all();
}
