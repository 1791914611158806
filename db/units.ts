import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { people, type Unit, type UnitClaim, unitClaims, units } from './schema.js';

export interface UnitKey {
  compoundId: number;
  building: string;
  entrance: string;
  room: string;
}

export function findUnit(db: DbOrTx, key: UnitKey): Unit | null {
  return (
    db
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
      .get() ?? null
  );
}

export function ensureUnit(db: DbOrTx, key: UnitKey, now: number): Unit {
  return (
    findUnit(db, key) ??
    db
      .insert(units)
      .values({ ...key, createdAt: now })
      .returning()
      .get()
  );
}

export function setUnitArea(db: DbOrTx, unitId: number, areaCenti: number): void {
  db.update(units).set({ areaCenti }).where(eq(units.id, unitId)).run();
}

export function claimOf(db: DbOrTx, unitId: number, personId: string): UnitClaim | null {
  return (
    db
      .select()
      .from(unitClaims)
      .where(and(eq(unitClaims.unitId, unitId), eq(unitClaims.personId, personId)))
      .get() ?? null
  );
}

/** Creates or refreshes a pending claim; a verified claim is left as it is. */
export function upsertClaim(
  db: DbOrTx,
  claim: { compoundId: number; unitId: number; personId: string; areaCenti: number },
  now: number,
): UnitClaim {
  const existing = claimOf(db, claim.unitId, claim.personId);
  if (existing) {
    if (existing.status === 'verified') return existing;
    return db
      .update(unitClaims)
      .set({ areaCenti: claim.areaCenti, claimedAt: now })
      .where(eq(unitClaims.id, existing.id))
      .returning()
      .get();
  }
  return db
    .insert(unitClaims)
    .values({ ...claim, status: 'pending', claimedAt: now })
    .returning()
    .get();
}

export function verifyClaim(db: DbOrTx, claimId: number, verifiedBy: string, now: number): void {
  db.update(unitClaims)
    .set({ status: 'verified', verifiedBy, verifiedAt: now })
    .where(eq(unitClaims.id, claimId))
    .run();
}

/** A person's claims in a compound with their units. */
export function claimsOfPerson(
  db: DbOrTx,
  compoundId: number,
  personId: string,
): { claim: UnitClaim; unit: Unit }[] {
  return db
    .select({ claim: unitClaims, unit: units })
    .from(unitClaims)
    .innerJoin(units, eq(units.id, unitClaims.unitId))
    .where(and(eq(unitClaims.compoundId, compoundId), eq(unitClaims.personId, personId)))
    .orderBy(unitClaims.claimedAt)
    .all();
}

/** Verified owners of a compound, one row per (unit, person): the electorate of a formal vote. */
export function verifiedOwnerships(
  db: DbOrTx,
  compoundId: number,
): { unitId: number; areaCenti: number | null; personId: string; personName: string }[] {
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
