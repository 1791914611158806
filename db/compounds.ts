import { eq, sql } from 'drizzle-orm';
import { type DbOrTx, preparedOn } from './client.js';
import { areaGroups, type Compound, compounds, type Group, type GroupKind, groups } from './schema.js';

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
  const all = await groupsOfCompound(db, compoundId);
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
