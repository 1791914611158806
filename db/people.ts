import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { groupMembers, groups, people, type Role, roleGrants } from './schema.js';

/** Records a contact's current display name (names are for display only, never identity). */
export function upsertPerson(db: DbOrTx, person: { id: string; name: string }, now: number): void {
  db.insert(people)
    .values({ id: person.id, name: person.name, updatedAt: now })
    .onConflictDoUpdate({ target: people.id, set: { name: person.name, updatedAt: now } })
    .run();
}

/** Notes that a person is in a group, as of `now`. */
export function touchMember(db: DbOrTx, roomId: string, personId: string, now: number): void {
  db.insert(groupMembers)
    .values({ roomId, personId, seenAt: now })
    .onConflictDoUpdate({ target: [groupMembers.roomId, groupMembers.personId], set: { seenAt: now } })
    .run();
}

/** The member ids of a group as last synced or seen. */
export function membersOf(db: DbOrTx, roomId: string): string[] {
  return db
    .select({ id: groupMembers.personId })
    .from(groupMembers)
    .where(eq(groupMembers.roomId, roomId))
    .all()
    .map((r) => r.id);
}

/** Replaces a group's roster with the members the transport reports. */
export function syncMembers(
  db: DbOrTx,
  roomId: string,
  members: readonly { id: string; name: string }[],
  now: number,
): void {
  db.delete(groupMembers).where(eq(groupMembers.roomId, roomId)).run();
  for (const m of members) {
    upsertPerson(db, m, now);
    touchMember(db, roomId, m.id, now);
  }
}

export function personName(db: DbOrTx, id: string): string {
  return db.select({ name: people.name }).from(people).where(eq(people.id, id)).get()?.name ?? id;
}

/** The explicit roles of a person in a compound (without the implicit `owner`). */
export function grantedRoles(db: DbOrTx, compoundId: number, personId: string): Role[] {
  return db
    .select({ role: roleGrants.role })
    .from(roleGrants)
    .where(and(eq(roleGrants.compoundId, compoundId), eq(roleGrants.personId, personId)))
    .all()
    .map((r) => r.role);
}

/** Grants a role; granting one already held is a no-op that returns false. */
export function grantRole(
  db: DbOrTx,
  grant: { compoundId: number; personId: string; role: Role; grantedBy: string },
  now: number,
): boolean {
  const res = db
    .insert(roleGrants)
    .values({ ...grant, grantedAt: now })
    .onConflictDoNothing()
    .run();
  return res.changes > 0;
}

/** Removes a role; returns false when the person did not hold it. */
export function revokeRole(db: DbOrTx, compoundId: number, personId: string, role: Role): boolean {
  const res = db
    .delete(roleGrants)
    .where(
      and(
        eq(roleGrants.compoundId, compoundId),
        eq(roleGrants.personId, personId),
        eq(roleGrants.role, role),
      ),
    )
    .run();
  return res.changes > 0;
}

/** Everyone holding one of `roles` in a compound, with their display names. */
export function holdersOf(
  db: DbOrTx,
  compoundId: number,
  roles: readonly Role[],
): { id: string; name: string; role: Role }[] {
  return db
    .select({ id: people.id, name: people.name, role: roleGrants.role })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(and(eq(roleGrants.compoundId, compoundId), inArray(roleGrants.role, [...roles])))
    .all();
}

/** True when the person holds `role` in any compound (lets a compound admin bind a new group). */
export function holdsRoleAnywhere(db: DbOrTx, personId: string, role: Role): boolean {
  return (
    db
      .select({ role: roleGrants.role })
      .from(roleGrants)
      .where(and(eq(roleGrants.personId, personId), eq(roleGrants.role, role)))
      .limit(1)
      .get() !== undefined
  );
}

/** The compounds in whose bound groups a person is a member (for commands sent privately). */
export function compoundsOfMember(db: DbOrTx, personId: string): number[] {
  return db
    .selectDistinct({ compoundId: groups.compoundId })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.roomId, groupMembers.roomId))
    .where(eq(groupMembers.personId, personId))
    .all()
    .map((r) => r.compoundId);
}
