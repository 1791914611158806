import { eq, sql } from 'drizzle-orm';
import { type DbOrTx, preparedOn } from './client.js';
import { type Compound, compounds, type Group, type GroupKind, groups } from './schema.js';

export function groupByRoom(db: DbOrTx, roomId: string): { group: Group; compound: Compound } | null {
  return groupByRoomQuery(db).get({ roomId }) ?? null;
}

const groupByRoomQuery = preparedOn((db) =>
  db
    .select({ group: groups, compound: compounds })
    .from(groups)
    .innerJoin(compounds, eq(compounds.id, groups.compoundId))
    .where(eq(groups.roomId, sql.placeholder('roomId')))
    .prepare(),
);

export function compoundByName(db: DbOrTx, name: string): Compound | null {
  return db.select().from(compounds).where(eq(compounds.name, name)).get() ?? null;
}

/** Every compound's name, for suggesting the one a mistyped name meant. */
export function compoundNames(db: DbOrTx): string[] {
  return db
    .select({ name: compounds.name })
    .from(compounds)
    .all()
    .map((c) => c.name);
}

/** The compound of that name, created if new. */
export function ensureCompound(
  db: DbOrTx,
  name: string,
  now: number,
): { compound: Compound; created: boolean } {
  const existing = compoundByName(db, name);
  if (existing) return { compound: existing, created: false };
  const compound = db.insert(compounds).values({ name, createdAt: now }).returning().get();
  return { compound, created: true };
}

/** Binds (or re-binds) a group to a compound with a kind. */
export function bindGroup(
  db: DbOrTx,
  binding: { roomId: string; compoundId: number; kind: GroupKind; topic: string; boundBy: string },
  now: number,
): Group {
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

export function groupsOfCompound(db: DbOrTx, compoundId: number, kind?: GroupKind): Group[] {
  const all = groupsOfCompoundQuery(db).all({ compoundId });
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
export function staffGroup(db: DbOrTx, compoundId: number): Group | null {
  const all = groupsOfCompound(db, compoundId);
  return all.find((g) => g.kind === 'staff') ?? all.find((g) => g.kind === 'owners') ?? all[0] ?? null;
}

/** The room id of {@link staffGroup}. */
export function staffRoom(db: DbOrTx, compoundId: number): string | null {
  return staffGroup(db, compoundId)?.roomId ?? null;
}

/** The owners group of a compound, else any of its groups. */
export function ownersRoom(db: DbOrTx, compoundId: number): string | null {
  const all = groupsOfCompound(db, compoundId);
  return (all.find((g) => g.kind === 'owners') ?? all[0])?.roomId ?? null;
}

/** The committee group, else the owners group. */
export function committeeRoom(db: DbOrTx, compoundId: number): string | null {
  const all = groupsOfCompound(db, compoundId);
  return (
    (all.find((g) => g.kind === 'committee') ?? all.find((g) => g.kind === 'owners') ?? all[0])?.roomId ??
    null
  );
}
