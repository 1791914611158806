/**
 * Communities (社区) and streets (街道), the levels above a compound (SPEC "Communities and
 * streets"): their own groups, which compound belongs where, and the roles granted in their groups.
 */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { changedRows, type DbOrTx, preparedOn } from './client.js';
import {
  type Area,
  type AreaGroup,
  type AreaKind,
  areaGroups,
  areaRoleGrants,
  areas,
  type Compound,
  compounds,
  groups,
  type Role,
} from './schema.js';

/** The roles that, granted in a community or street group, hold for every compound below it. */
export const inheritedRoles: readonly Role[] = ['community', 'grid'];

export async function areaByName(db: DbOrTx, kind: AreaKind, name: string): Promise<Area | null> {
  return (
    (await db
      .select()
      .from(areas)
      .where(and(eq(areas.kind, kind), eq(areas.name, name)))
      .get()) ?? null
  );
}

export async function areaById(db: DbOrTx, id: number): Promise<Area | null> {
  return (await db.select().from(areas).where(eq(areas.id, id)).get()) ?? null;
}

/** Every name of one kind, for suggesting the one a mistyped name meant. */
export async function areaNames(db: DbOrTx, kind: AreaKind): Promise<string[]> {
  return (await db.select({ name: areas.name }).from(areas).where(eq(areas.kind, kind)).all()).map(
    (a) => a.name,
  );
}

/** The community or street of that name, created if new. */
export async function ensureArea(
  db: DbOrTx,
  kind: AreaKind,
  name: string,
  now: number,
): Promise<{ area: Area; created: boolean }> {
  const existing = await areaByName(db, kind, name);
  if (existing) return { area: existing, created: false };
  const area = await db.insert(areas).values({ kind, name, createdAt: now }).returning().get();
  return { area, created: true };
}

/** The community or street a group is bound to, if it is one of theirs. */
export async function areaGroupByRoom(
  db: DbOrTx,
  roomId: string,
): Promise<{ group: AreaGroup; area: Area } | null> {
  return (await areaGroupByRoomQuery(db).get({ roomId })) ?? null;
}

const areaGroupByRoomQuery = preparedOn((db) =>
  db
    .select({ group: areaGroups, area: areas })
    .from(areaGroups)
    .innerJoin(areas, eq(areas.id, areaGroups.areaId))
    .where(eq(areaGroups.roomId, sql.placeholder('roomId')))
    .prepare(),
);

/**
 * Binds a group to a community or street, and takes it off a compound if it was one of the
 * compound's groups: a group is one level's group at a time.
 */
export async function bindAreaGroup(
  db: DbOrTx,
  binding: { roomId: string; areaId: number; topic: string; boundBy: string },
  now: number,
): Promise<AreaGroup> {
  await db.delete(groups).where(eq(groups.roomId, binding.roomId)).run();
  return db
    .insert(areaGroups)
    .values({ ...binding, boundAt: now })
    .onConflictDoUpdate({
      target: areaGroups.roomId,
      set: { areaId: binding.areaId, topic: binding.topic, boundBy: binding.boundBy, boundAt: now },
    })
    .returning()
    .get();
}

/** Takes a group off its community or street (it is being bound to a compound). */
export async function unbindAreaGroup(db: DbOrTx, roomId: string): Promise<void> {
  await db.delete(areaGroups).where(eq(areaGroups.roomId, roomId)).run();
}

/** The room id of a community's or street's own group (the first bound), or null. */
export async function areaRoom(db: DbOrTx, areaId: number): Promise<string | null> {
  return (await areaRoomQuery(db).get({ areaId }))?.roomId ?? null;
}

const areaRoomQuery = preparedOn((db) =>
  db
    .select({ roomId: areaGroups.roomId })
    .from(areaGroups)
    .where(eq(areaGroups.areaId, sql.placeholder('areaId')))
    .orderBy(areaGroups.boundAt, areaGroups.roomId)
    .limit(1)
    .prepare(),
);

/** Puts a compound in a community (`/归属` in the compound's group). */
export async function setCommunity(db: DbOrTx, compoundId: number, communityId: number): Promise<void> {
  await db.update(compounds).set({ communityId }).where(eq(compounds.id, compoundId)).run();
}

/** Puts a community in a street (`/归属` in the community's group). */
export async function setStreet(db: DbOrTx, communityId: number, streetId: number): Promise<void> {
  await db.update(areas).set({ parentId: streetId }).where(eq(areas.id, communityId)).run();
}

/** Names the property company serving a compound (`/物业公司`). */
export async function setCompany(db: DbOrTx, compoundId: number, company: string): Promise<void> {
  await db.update(compounds).set({ company }).where(eq(compounds.id, compoundId)).run();
}

/** The community a compound belongs to, or null. */
export async function communityOf(db: DbOrTx, compoundId: number): Promise<Area | null> {
  const row = await db
    .select({ area: areas })
    .from(compounds)
    .innerJoin(areas, eq(areas.id, compounds.communityId))
    .where(eq(compounds.id, compoundId))
    .get();
  return row?.area ?? null;
}

/** The communities of a street, by name. */
export async function communitiesOf(db: DbOrTx, streetId: number): Promise<Area[]> {
  return db
    .select()
    .from(areas)
    .where(and(eq(areas.kind, 'community'), eq(areas.parentId, streetId)))
    .orderBy(asc(areas.name))
    .all();
}

/**
 * The compounds a community or street group looks after, by name: a community's own, or those of
 * every community of a street. Nothing of any other compound is ever visible from that group.
 */
export async function compoundsOfArea(db: DbOrTx, area: Area): Promise<Compound[]> {
  if (area.kind === 'community') {
    return db
      .select()
      .from(compounds)
      .where(eq(compounds.communityId, area.id))
      .orderBy(asc(compounds.name))
      .all();
  }
  const community = alias(areas, 'community');
  return (
    await db
      .select({ compound: compounds })
      .from(compounds)
      .innerJoin(community, eq(community.id, compounds.communityId))
      .where(eq(community.parentId, area.id))
      .orderBy(asc(compounds.name))
      .all()
  ).map((r) => r.compound);
}

/**
 * The roles a person holds in a community or street group: those granted there, and for a
 * community also the 社区 and 网格长 roles granted in its street's group.
 */
export async function areaRoles(db: DbOrTx, area: Area, personId: string): Promise<Role[]> {
  const rows = await db
    .select({ role: areaRoleGrants.role, areaId: areaRoleGrants.areaId })
    .from(areaRoleGrants)
    .where(
      and(
        eq(areaRoleGrants.personId, personId),
        area.parentId === null
          ? eq(areaRoleGrants.areaId, area.id)
          : or(
              eq(areaRoleGrants.areaId, area.id),
              and(eq(areaRoleGrants.areaId, area.parentId), inArray(areaRoleGrants.role, inheritedRoles)),
            ),
      ),
    )
    .all();
  return [...new Set(rows.map((r) => r.role))];
}

/** Grants a role in a community's or street's group; one already held returns false. */
export async function grantAreaRole(
  db: DbOrTx,
  grant: { areaId: number; personId: string; role: Role; grantedBy: string },
  now: number,
): Promise<boolean> {
  const res = await db
    .insert(areaRoleGrants)
    .values({ ...grant, grantedAt: now })
    .onConflictDoNothing()
    .run();
  return changedRows(res) > 0;
}

/** Removes a role granted in a community's or street's group; false when it was not held. */
export async function revokeAreaRole(
  db: DbOrTx,
  areaId: number,
  personId: string,
  role: Role,
): Promise<boolean> {
  const res = await db
    .delete(areaRoleGrants)
    .where(
      and(
        eq(areaRoleGrants.areaId, areaId),
        eq(areaRoleGrants.personId, personId),
        eq(areaRoleGrants.role, role),
      ),
    )
    .run();
  return changedRows(res) > 0;
}
