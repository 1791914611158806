import { and, eq, inArray, isNull, or, type SQLWrapper, sql } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { inheritedRoles } from './areas.js';
import { changedRows, type DbOrTx, placeholderValue, preparedOn } from './client.js';
import {
  areaRoleGrants,
  areas,
  type Compound,
  compounds,
  groupMembers,
  groups,
  people,
  type Role,
  roleGrants,
} from './schema.js';

/**
 * Records a contact's current display name (names are for display only, never identity). Every
 * command calls this: the row is rewritten only when the name changed, so a command does not
 * dirty a page for nothing.
 */
export async function upsertPerson(
  db: DbOrTx,
  person: { id: string; name: string },
  now: number,
): Promise<void> {
  // A name written from elsewhere (a mention, a roster) may differ from the one remembered.
  memoryOf(db).forgetName(person.id);
  await upsertPersonQuery(db).run({ id: person.id, name: person.name, now });
}

const upsertPersonQuery = preparedOn((db) =>
  db
    .insert(people)
    .values({ id: sql.placeholder('id'), name: sql.placeholder('name'), updatedAt: sql.placeholder('now') })
    .onConflictDoUpdate({
      target: people.id,
      set: { name: placeholderValue('name'), updatedAt: placeholderValue('now') },
      setWhere: sql`${people.name} <> ${sql.placeholder('name')}`,
    })
    .prepare(),
);

/**
 * Notes who spoke, under the name they have now, and, in a group, that they are in it (see
 * {@link upsertPerson} and {@link touchMember}). Two statements on both stores, the person's
 * row first: every writer takes a person's row before their memberships, so two transactions on
 * PostgreSQL never wait for each other in a circle. (One statement with a data-modifying WITH
 * was tried: PostgreSQL runs an unreferenced WITH after the main statement, so it took the
 * membership first, and four accounts filing at once deadlocked in bench part 8.)
 */
export async function notePerson(
  db: DbOrTx,
  person: { id: string; name: string },
  roomId: string | null,
  now: number,
): Promise<void> {
  await upsertPerson(db, person, now);
  if (roomId !== null) await touchMember(db, roomId, person.id, now);
}

/**
 * {@link notePerson} for a command's speaker, skipped when this process already noted them under
 * the same name (and, in a group, as a member there within SEEN_REFRESH_MS): the two statements
 * would change nothing. Most commands come from people who spoke a moment ago, so this takes two
 * round trips off a command on PostgreSQL. Returns what was noted, for {@link rememberNoted} once
 * the transaction has committed (a rolled-back note must not be remembered), or null when skipped.
 *
 * What this process remembers is forgotten when it marks anyone as having left a group or writes
 * a name another way. Another process (another account) that marks a member as left does not
 * reach this memory: a member it marks left while they speak here is a member again within the
 * hour. Names are for display only; a name written by another process may stay until the member's
 * name here changes.
 */
export async function notePersonUnlessKnown(
  db: DbOrTx,
  person: { id: string; name: string },
  roomId: string | null,
  now: number,
): Promise<NotedPerson | null> {
  const memory = memoryOf(db);
  if (memory.knows(person, roomId, now)) return null;
  const noted = { epoch: memory.epoch, person: { id: person.id, name: person.name }, roomId, at: now };
  await upsertPersonQuery(db).run({ id: person.id, name: person.name, now });
  if (roomId !== null) await touchMember(db, roomId, person.id, now);
  return noted;
}

/** What {@link notePersonUnlessKnown} wrote, to remember once it is committed. */
export interface NotedPerson {
  epoch: number;
  person: { id: string; name: string };
  roomId: string | null;
  at: number;
}

/** Remembers a committed {@link notePersonUnlessKnown}, unless anything was forgotten since it ran. */
export function rememberNoted(db: DbOrTx, noted: NotedPerson): void {
  memoryOf(db).remember(noted);
}

/** Most people remembered per store handle; past it the memory starts again (a few MB at most). */
const NOTED_MAX = 50_000;

/** One process's memory of whom it has noted, per store handle (see {@link notePersonUnlessKnown}). */
class NotedMemory {
  /** Bumped by every forgetting, so a note that ran before it is not remembered after it. */
  epoch = 0;
  private names = new Map<string, string>();
  /** `room\u0000person` → when this process last noted them there. */
  private members = new Map<string, number>();

  knows(person: { id: string; name: string }, roomId: string | null, now: number): boolean {
    if (this.names.get(person.id) !== person.name) return false;
    if (roomId === null) return true;
    const at = this.members.get(`${roomId}\u0000${person.id}`);
    return at !== undefined && at <= now && now - at < SEEN_REFRESH_MS;
  }

  remember(noted: NotedPerson): void {
    if (noted.epoch !== this.epoch) return;
    if (this.names.size >= NOTED_MAX || this.members.size >= NOTED_MAX) this.forgetAll();
    this.names.set(noted.person.id, noted.person.name);
    if (noted.roomId !== null) this.members.set(`${noted.roomId}\u0000${noted.person.id}`, noted.at);
  }

  forgetName(personId: string): void {
    this.epoch++;
    this.names.delete(personId);
  }

  /** Memberships change rarely (a roster synced, someone left): all of them are forgotten. */
  forgetMembers(): void {
    this.epoch++;
    this.members.clear();
  }

  forgetAll(): void {
    this.epoch++;
    this.names.clear();
    this.members.clear();
  }
}

const memories = new WeakMap<object, NotedMemory>();

/** A transaction is its store's handle (db/client.ts), so both find the same memory. */
function memoryOf(db: DbOrTx): NotedMemory {
  let memory = memories.get(db);
  if (memory === undefined) {
    memory = new NotedMemory();
    memories.set(db, memory);
  }
  return memory;
}

/**
 * How stale a member's `seenAt` may get before a command of theirs refreshes it. A process that
 * remembers noting them (see {@link notePersonUnlessKnown}) does not ask for that hour, so the
 * stored time is at most twice this old while they keep speaking.
 */
const SEEN_REFRESH_MS = 3_600_000;

/**
 * Notes that a person is in a group, as of `now` (to the hour: see SEEN_REFRESH_MS). Someone who
 * had left and speaks or joins again is a member again at once, whatever the hour.
 */
export async function touchMember(db: DbOrTx, roomId: string, personId: string, now: number): Promise<void> {
  await touchMemberQuery(db).run({ roomId, personId, now, staleBefore: now - SEEN_REFRESH_MS });
}

const touchMemberQuery = preparedOn((db) =>
  db
    .insert(groupMembers)
    .values({
      roomId: sql.placeholder('roomId'),
      personId: sql.placeholder('personId'),
      seenAt: sql.placeholder('now'),
    })
    .onConflictDoUpdate({
      target: [groupMembers.roomId, groupMembers.personId],
      set: { seenAt: placeholderValue('now'), leftAt: null },
      setWhere: sql`${groupMembers.seenAt} < ${sql.placeholder('staleBefore')} or ${groupMembers.leftAt} is not null`,
    })
    .prepare(),
);

/** Marks people as having left a group; the row stays (when they were in it is history). */
export async function membersLeft(
  db: DbOrTx,
  roomId: string,
  personIds: readonly string[],
  now: number,
): Promise<void> {
  if (personIds.length === 0) return;
  memoryOf(db).forgetMembers();
  await db
    .update(groupMembers)
    .set({ leftAt: now })
    .where(
      and(
        eq(groupMembers.roomId, roomId),
        inArray(groupMembers.personId, [...personIds]),
        isNull(groupMembers.leftAt),
      ),
    )
    .run();
}

/** Takes someone off every group roster, e.g. our own account (never a member of anything). */
export async function leaveAllGroups(db: DbOrTx, personId: string, now: number): Promise<void> {
  memoryOf(db).forgetMembers();
  await db
    .update(groupMembers)
    .set({ leftAt: now })
    .where(and(eq(groupMembers.personId, personId), isNull(groupMembers.leftAt)))
    .run();
}

/** The member ids of a group as last synced, joined or seen (not those who left). */
export async function membersOf(db: DbOrTx, roomId: string): Promise<string[]> {
  return (
    await db
      .select({ id: groupMembers.personId })
      .from(groupMembers)
      .where(and(eq(groupMembers.roomId, roomId), isNull(groupMembers.leftAt)))
      .all()
  ).map((r) => r.id);
}

/**
 * Which of these people are in the group now, in one statement. One person (a reply or a notice
 * for one, the common case) goes through the prepared query of {@link isMember}: building the IN
 * query with drizzle cost more than running it, about a third of a /报修 on SQLite.
 */
export async function membersAmong(db: DbOrTx, roomId: string, ids: readonly string[]): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  const [only] = wanted;
  if (only === undefined) return new Set();
  if (wanted.length === 1) return new Set((await isMember(db, roomId, only)) ? [only] : []);
  const rows = await db
    .select({ id: groupMembers.personId })
    .from(groupMembers)
    .where(
      and(
        eq(groupMembers.roomId, roomId),
        inArray(groupMembers.personId, wanted),
        isNull(groupMembers.leftAt),
      ),
    )
    .all();
  return new Set(rows.map((r) => r.id));
}

/** True when the person is in the group now (as last synced, joined or seen). */
export async function isMember(db: DbOrTx, roomId: string, personId: string): Promise<boolean> {
  return (await isMemberQuery(db).get({ roomId, personId })) !== undefined;
}

const isMemberQuery = preparedOn((db) =>
  db
    .select({ id: groupMembers.personId })
    .from(groupMembers)
    .where(
      and(
        eq(groupMembers.roomId, sql.placeholder('roomId')),
        eq(groupMembers.personId, sql.placeholder('personId')),
        isNull(groupMembers.leftAt),
      ),
    )
    .prepare(),
);

/**
 * Makes a group's roster the member list the transport reports: who is listed is a member (back,
 * if they had left), who is not is marked left.
 */
export async function syncMembers(
  db: DbOrTx,
  roomId: string,
  members: readonly { id: string; name: string }[],
  now: number,
): Promise<void> {
  const listed = new Set(members.map((m) => m.id));
  await membersLeft(
    db,
    roomId,
    (await membersOf(db, roomId)).filter((id) => !listed.has(id)),
    now,
  );
  for (const m of members) {
    await upsertPerson(db, m, now);
    await touchMember(db, roomId, m.id, now);
  }
}

/**
 * The members of a group whose display name is exactly `name`, for a quote that names its author
 * only by the name WeChat showed. Several people may share a name: the caller asks, never guesses.
 */
export async function membersNamed(
  db: DbOrTx,
  roomId: string,
  name: string,
): Promise<{ id: string; name: string }[]> {
  return await db
    .select({ id: people.id, name: people.name })
    .from(groupMembers)
    .innerJoin(people, eq(people.id, groupMembers.personId))
    .where(and(eq(groupMembers.roomId, roomId), eq(people.name, name)))
    .orderBy(people.id)
    .all();
}

/** The name a person last had in WeChat, as stored (raw: show it through core/display.ts). */
export async function storedName(db: DbOrTx, id: string): Promise<string | null> {
  return (await personNameQuery(db).get({ id }))?.name ?? null;
}

/**
 * The stored names of several people, in one statement; someone never seen is absent. One person
 * (the common case: a ticket's reporter, one manager) goes through the prepared query of
 * {@link storedName}: building the IN query with drizzle costs more than running it.
 */
export async function storedNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const [only] = wanted;
  if (only === undefined) return new Map();
  if (wanted.length === 1) {
    const name = await storedName(db, only);
    return name === null ? new Map() : new Map([[only, name]]);
  }
  const rows = await db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(inArray(people.id, wanted))
    .all();
  return new Map(rows.map((r) => [r.id, r.name]));
}

const personNameQuery = preparedOn((db) =>
  db
    .select({ name: people.name })
    .from(people)
    .where(eq(people.id, sql.placeholder('id')))
    .prepare(),
);

/**
 * The explicit roles of a person in a compound (without the implicit `owner`): granted in the
 * compound, and the 社区 and 网格长 roles granted in its community's or street's group, which hold
 * for every compound below (SPEC "Communities and streets"). One statement, as it runs for every
 * command.
 */
export async function grantedRoles(db: DbOrTx, compoundId: number, personId: string): Promise<Role[]> {
  return [...new Set((await grantedRolesQuery(db).all({ compoundId, personId })).map((r) => r.role))];
}

const grantedRolesQuery = preparedOn((db) =>
  rolesGrantedIn(db, sql.placeholder('compoundId'), sql.placeholder('personId')).prepare(),
);

/**
 * The select behind {@link grantedRoles}, one row per grant (a role held twice comes twice): the
 * compound may be a placeholder or, inside a larger statement, the outer query's column
 * (db/compounds.ts `groupContext`).
 */
export function rolesGrantedIn(db: DbOrTx, compoundId: SQLWrapper, personId: SQLWrapper) {
  return db
    .select({ role: roleGrants.role })
    .from(roleGrants)
    .where(and(eq(roleGrants.compoundId, compoundId), eq(roleGrants.personId, personId)))
    .unionAll(
      db
        .select({ role: areaRoleGrants.role })
        .from(areaRoleGrants)
        .innerJoin(
          aboveCompound,
          and(eq(aboveCompound.id, compoundId), isAboveCompound(areaRoleGrants.areaId)),
        )
        .where(and(eq(areaRoleGrants.personId, personId), inArray(areaRoleGrants.role, inheritedRoles))),
    );
}

/** The compound row joined to find the community and street above it. */
const aboveCompound = alias(compounds, 'above_compound');

/** True for the compound's community and that community's street (a subquery on `areas`). */
function isAboveCompound(areaId: SQLiteColumn) {
  return or(
    eq(areaId, aboveCompound.communityId),
    eq(
      areaId,
      sql`(select ${areas.parentId} from ${areas} where ${areas.id} = ${aboveCompound.communityId})`,
    ),
  );
}

/** Grants a role; granting one already held is a no-op that returns false. */
export async function grantRole(
  db: DbOrTx,
  grant: { compoundId: number; personId: string; role: Role; grantedBy: string },
  now: number,
): Promise<boolean> {
  const res = await db
    .insert(roleGrants)
    .values({ ...grant, grantedAt: now })
    .onConflictDoNothing()
    .run();
  return changedRows(res) > 0;
}

/** Removes a role; returns false when the person did not hold it. */
export async function revokeRole(
  db: DbOrTx,
  compoundId: number,
  personId: string,
  role: Role,
): Promise<boolean> {
  const res = await db
    .delete(roleGrants)
    .where(
      and(
        eq(roleGrants.compoundId, compoundId),
        eq(roleGrants.personId, personId),
        eq(roleGrants.role, role),
      ),
    )
    .run();
  return changedRows(res) > 0;
}

/**
 * Everyone holding one of `roles` in a compound, with their display names: granted in the
 * compound, or (社区, 网格长) in the group of its community or street. A person holding a role in
 * two of those places is listed once per place.
 */
export async function holdersOf(
  db: DbOrTx,
  compoundId: number,
  roles: readonly Role[],
): Promise<{ id: string; name: string; role: Role }[]> {
  // A compound has a few dozen grants: one prepared query for all, filtered here, beats
  // building an `in (...)` of a different length each time.
  return (await holdersQuery(db).all({ compoundId }))
    .filter((h) => roles.includes(h.role))
    .map(({ id, name, role }) => ({ id, name, role }));
}

const holdersQuery = preparedOn((db) =>
  db
    .select({ id: people.id, name: people.name, role: roleGrants.role, grantedAt: roleGrants.grantedAt })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(eq(roleGrants.compoundId, sql.placeholder('compoundId')))
    .unionAll(
      db
        .select({
          id: people.id,
          name: people.name,
          role: areaRoleGrants.role,
          grantedAt: areaRoleGrants.grantedAt,
        })
        .from(areaRoleGrants)
        .innerJoin(people, eq(people.id, areaRoleGrants.personId))
        .innerJoin(
          aboveCompound,
          and(eq(aboveCompound.id, sql.placeholder('compoundId')), isAboveCompound(areaRoleGrants.areaId)),
        )
        .where(inArray(areaRoleGrants.role, inheritedRoles)),
    )
    .orderBy(sql`4`, sql`1`)
    .prepare(),
);

/**
 * Every role a person holds in any compound, community or street (the roles of a private chat,
 * commands/dispatcher.ts): a private command then acts only where they hold it.
 */
export async function rolesAnywhere(db: DbOrTx, personId: string): Promise<Role[]> {
  const rows = await db
    .select({ role: roleGrants.role })
    .from(roleGrants)
    .where(eq(roleGrants.personId, personId))
    .union(
      db
        .select({ role: areaRoleGrants.role })
        .from(areaRoleGrants)
        .where(eq(areaRoleGrants.personId, personId)),
    )
    .all();
  return rows.map((r) => r.role);
}

/** True when the person holds `role` in any compound (lets a compound admin bind a new group). */
export async function holdsRoleAnywhere(db: DbOrTx, personId: string, role: Role): Promise<boolean> {
  return (
    (await db
      .select({ role: roleGrants.role })
      .from(roleGrants)
      .where(and(eq(roleGrants.personId, personId), eq(roleGrants.role, role)))
      .limit(1)
      .get()) !== undefined
  );
}

/** The compounds in whose bound groups a person is a member now (for commands sent privately). */
export async function compoundsOfMember(db: DbOrTx, personId: string): Promise<Compound[]> {
  return (
    await db
      .selectDistinct({ compound: compounds })
      .from(groupMembers)
      .innerJoin(groups, eq(groups.roomId, groupMembers.roomId))
      .innerJoin(compounds, eq(compounds.id, groups.compoundId))
      .where(and(eq(groupMembers.personId, personId), isNull(groupMembers.leftAt)))
      .orderBy(compounds.id)
      .all()
  ).map((r) => r.compound);
}
