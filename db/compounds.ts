import { eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { type DbOrTx, preparedOn } from './client.js';
import { fromJson, jsonArrayAgg, jsonObject, jsonObjectAgg } from './dialect.js';
import { rolesGrantedIn } from './people.js';
import {
  areaGroups,
  type Compound,
  compounds,
  type Group,
  type GroupKind,
  groups,
  type Role,
  settings,
} from './schema.js';

export async function groupByRoom(
  db: DbOrTx,
  roomId: string,
): Promise<{ group: Group; compound: Compound } | null> {
  return (await groupByRoomQuery(db).get({ roomId })) ?? null;
}

const groupByRoomQuery = preparedOn((db) =>
  db
    .select({ group: groups, compound: compounds })
    .from(groups)
    .innerJoin(compounds, eq(compounds.id, groups.compoundId))
    .where(eq(groups.roomId, sql.placeholder('roomId')))
    .prepare(),
);

/**
 * What every command in a compound's group needs before it runs, in one statement: the group and
 * its compound, the speaker's roles there ({@link rolesGrantedIn}: granted in the compound, or
 * inherited from its community or street), the compound's groups (for where staff notices go:
 * {@link pickStaffGroup}) and its stored settings (core/settings/catalog.ts reads them). They were
 * four statements, four round trips on PostgreSQL. Null when the room is not a compound's group.
 */
export async function groupContext(
  db: DbOrTx,
  roomId: string,
  personId: string,
): Promise<GroupContext | null> {
  const row = await groupContextQuery(db).get({ roomId, personId });
  if (!row) return null;
  const roles = fromJson(row.roles) as Role[];
  const stored = fromJson(row.settings) as Record<string, string>;
  const all = (fromJson(row.groups) as Group[]).sort((a, b) => a.boundAt - b.boundAt);
  return {
    group: row.group,
    compound: row.compound,
    roles: [...new Set(roles)],
    groups: all,
    settings: new Map(Object.entries(stored)),
  };
}

export interface GroupContext {
  group: Group;
  compound: Compound;
  /** The speaker's granted roles in the compound (not `owner`, which every member is). */
  roles: Role[];
  /** The compound's groups, in the order they were bound. */
  groups: Group[];
  /** The compound's stored settings, key to encoded value. */
  settings: Map<string, string>;
}

const compoundGroup = alias(groups, 'compound_group');

const groupContextQuery = preparedOn((db) => {
  const person = sql.placeholder('personId');
  const roles = rolesGrantedIn(db, compounds.id, person);
  const g = compoundGroup;
  return db
    .select({
      group: groups,
      compound: compounds,
      roles: sql<unknown>`(select ${jsonArrayAgg(db, sql`granted.role`)} from (${roles}) as granted)`,
      groups: sql<unknown>`(select ${jsonArrayAgg(
        db,
        jsonObject(db, {
          roomId: g.roomId,
          compoundId: g.compoundId,
          kind: g.kind,
          topic: g.topic,
          boundBy: g.boundBy,
          boundAt: g.boundAt,
        }),
      )} from ${groups} ${sql.identifier('compound_group')} where ${g.compoundId} = ${compounds.id})`,
      settings: sql<unknown>`(select ${jsonObjectAgg(db, settings.key, settings.value)} from ${settings} where ${settings.compoundId} = ${compounds.id})`,
    })
    .from(groups)
    .innerJoin(compounds, eq(compounds.id, groups.compoundId))
    .where(eq(groups.roomId, sql.placeholder('roomId')))
    .prepare();
});

export async function compoundByName(db: DbOrTx, name: string): Promise<Compound | null> {
  return (await db.select().from(compounds).where(eq(compounds.name, name)).get()) ?? null;
}

export async function compoundById(db: DbOrTx, id: number): Promise<Compound | null> {
  return (await db.select().from(compounds).where(eq(compounds.id, id)).get()) ?? null;
}

/** Every compound's name, for suggesting the one a mistyped name meant. */
export async function compoundNames(db: DbOrTx): Promise<string[]> {
  return (await db.select({ name: compounds.name }).from(compounds).all()).map((c) => c.name);
}

/** The compound of that name, created if new. */
export async function ensureCompound(
  db: DbOrTx,
  name: string,
  now: number,
): Promise<{ compound: Compound; created: boolean }> {
  const existing = await compoundByName(db, name);
  if (existing) return { compound: existing, created: false };
  const compound = await db.insert(compounds).values({ name, createdAt: now }).returning().get();
  return { compound, created: true };
}

/** Binds (or re-binds) a group to a compound with a kind. */
export async function bindGroup(
  db: DbOrTx,
  binding: { roomId: string; compoundId: number; kind: GroupKind; topic: string; boundBy: string },
  now: number,
): Promise<Group> {
  return db
    .insert(groups)
    .values({ ...binding, boundAt: now })
    .onConflictDoUpdate({
      target: groups.roomId,
      set: {
        compoundId: binding.compoundId,
        kind: binding.kind,
        topic: binding.topic,
        boundBy: binding.boundBy,
        boundAt: now,
      },
    })
    .returning()
    .get();
}

export async function groupsOfCompound(db: DbOrTx, compoundId: number, kind?: GroupKind): Promise<Group[]> {
  const all = await groupsOfCompoundQuery(db).all({ compoundId });
  return kind ? all.filter((g) => g.kind === kind) : all;
}

const groupsOfCompoundQuery = preparedOn((db) =>
  db
    .select()
    .from(groups)
    .where(eq(groups.compoundId, sql.placeholder('compoundId')))
    .orderBy(groups.boundAt)
    .prepare(),
);

/**
 * Where a compound's staff messages go: the staff group when one exists, else the owners group
 * (SPEC "Groups"). Null when the compound has no group at all.
 */
export async function staffGroup(db: DbOrTx, compoundId: number): Promise<Group | null> {
  return pickStaffGroup(await groupsOfCompound(db, compoundId));
}

/** {@link staffGroup} among a compound's groups already read, in the order they were bound. */
export function pickStaffGroup(all: readonly Group[]): Group | null {
  return all.find((g) => g.kind === 'staff') ?? all.find((g) => g.kind === 'owners') ?? all[0] ?? null;
}

/** The room id of {@link staffGroup}. */
export async function staffRoom(db: DbOrTx, compoundId: number): Promise<string | null> {
  return (await staffGroup(db, compoundId))?.roomId ?? null;
}

/** The owners group of a compound, else any of its groups. */
export async function ownersRoom(db: DbOrTx, compoundId: number): Promise<string | null> {
  const all = await groupsOfCompound(db, compoundId);
  return (all.find((g) => g.kind === 'owners') ?? all[0])?.roomId ?? null;
}

/** The committee group, else the owners group. */
export async function committeeRoom(db: DbOrTx, compoundId: number): Promise<string | null> {
  const all = await groupsOfCompound(db, compoundId);
  return (
    (all.find((g) => g.kind === 'committee') ?? all.find((g) => g.kind === 'owners') ?? all[0])?.roomId ??
    null
  );
}

/** True when the group is bound to a compound, a community or a street. */
export async function isBoundRoom(db: DbOrTx, roomId: string): Promise<boolean> {
  if (await groupByRoom(db, roomId)) return true;
  return (
    (await db
      .select({ roomId: areaGroups.roomId })
      .from(areaGroups)
      .where(eq(areaGroups.roomId, roomId))
      .get()) !== undefined
  );
}

/**
 * Ids (or rows) bound in one statement at most: both stores take far more parameters (SQLite
 * 32,766, PostgreSQL 65,535; a row of a few columns stays well under), and a city has some
 * thousands of compounds.
 */
export const IDS_PER_STATEMENT = 500;

/** `items` in pieces of at most {@link IDS_PER_STATEMENT}, one statement's worth each. */
export function* perStatement<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) yield items.slice(i, i + IDS_PER_STATEMENT);
}

/** These compounds, ids ascending. */
export async function compoundsOf(db: DbOrTx, compoundIds: readonly number[]): Promise<Compound[]> {
  const out: Compound[] = [];
  for (const ids of perStatement(compoundIds))
    out.push(...(await db.select().from(compounds).where(inArray(compounds.id, ids)).all()));
  return out.sort((a, b) => a.id - b.id);
}
