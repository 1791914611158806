/**
 * Queries of polls and formal votes (tables in schema-votes.ts). Plain functions, `db` first.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, isNotNull, isNull, lte, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { changedRows, type DbOrTx, placeholderValue, preparedOn } from './client.js';
import { lockCompoundNumbering } from './dialect.js';
import { membersOf } from './people.js';
import { units } from './schema.js';
import {
  type Ballot,
  ballots,
  type NewPoll,
  type Poll,
  type PollNoticeKind,
  pollNotices,
  polls,
} from './schema-votes.js';
import { verifiedOwnerships } from './units.js';

const optionsSchema = z.array(z.string().min(1)).min(2);
const choicesSchema = z.array(z.number().int().positive()).min(1);

/** The option labels of a poll; a corrupt row is a bug, not a user error, so it throws. */
export function pollOptions(poll: Pick<Poll, 'options'>): string[] {
  return optionsSchema.parse(JSON.parse(poll.options));
}

/** The 1-based option numbers of a ballot. */
export function ballotChoices(ballot: Pick<Ballot, 'choices'>): number[] {
  return choicesSchema.parse(JSON.parse(ballot.choices));
}

/** The number the next poll of a compound gets (1, 2, …; separate from ticket numbers). */
export async function nextPollNo(db: DbOrTx, compoundId: number): Promise<number> {
  await lockCompoundNumbering(db, compoundId);
  const row = await db
    .select({ last: max(polls.no) })
    .from(polls)
    .where(eq(polls.compoundId, compoundId))
    .get();
  return (row?.last ?? 0) + 1;
}

/** A fresh random key for the voter keys of an anonymous poll. */
export function newPollSecret(): string {
  return randomBytes(32).toString('base64');
}

export async function insertPoll(db: DbOrTx, values: Omit<NewPoll, 'id' | 'no'>): Promise<Poll> {
  const no = await nextPollNo(db, values.compoundId);
  return await db
    .insert(polls)
    .values({ ...values, no })
    .returning()
    .get();
}

export async function pollByNo(db: DbOrTx, compoundId: number, no: number): Promise<Poll | null> {
  return (await pollByNoQuery(db).get({ compoundId, no })) ?? null;
}

const pollByNoQuery = preparedOn((db) =>
  db
    .select()
    .from(polls)
    .where(and(eq(polls.compoundId, sql.placeholder('compoundId')), eq(polls.no, sql.placeholder('no'))))
    .prepare(),
);

export async function pollById(db: DbOrTx, id: number): Promise<Poll | null> {
  return (await db.select().from(polls).where(eq(polls.id, id)).get()) ?? null;
}

/** Polls of a compound still taking votes at `now`, oldest first. */
export async function openPollsOf(db: DbOrTx, compoundId: number, now: number): Promise<Poll[]> {
  return (
    await db
      .select()
      .from(polls)
      .where(and(eq(polls.compoundId, compoundId), isNull(polls.closedAt)))
      .orderBy(asc(polls.no))
      .all()
  ).filter((p) => p.deadline > now);
}

/** The most recent polls of a compound, newest first. */
export async function recentPollsOf(db: DbOrTx, compoundId: number, limit: number): Promise<Poll[]> {
  return await db
    .select()
    .from(polls)
    .where(eq(polls.compoundId, compoundId))
    .orderBy(desc(polls.no))
    .limit(limit)
    .all();
}

/** Every poll not yet closed (all compounds), by deadline; uses the partial open index. */
export async function unclosedPolls(db: DbOrTx): Promise<Poll[]> {
  return await db.select().from(polls).where(isNull(polls.closedAt)).orderBy(asc(polls.deadline)).all();
}

/** Unclosed polls whose deadline has come. */
export async function pollsDueToClose(db: DbOrTx, now: number): Promise<Poll[]> {
  return await db
    .select()
    .from(polls)
    .where(and(isNull(polls.closedAt), lte(polls.deadline, now)))
    .orderBy(asc(polls.deadline))
    .all();
}

/**
 * The key of a voter's ballot in a quick poll: the contact id, or for an anonymous poll its
 * HMAC under the poll's secret (see schema-votes.ts). Null when an anonymous poll's secret is
 * gone (closed), so nothing can be linked any more.
 */
export function voterKeyOf(poll: Pick<Poll, 'anonymous' | 'secret'>, personId: string): string | null {
  if (!poll.anonymous) return personId;
  if (poll.secret === null) return null;
  return createHmac('sha256', Buffer.from(poll.secret, 'base64')).update(personId).digest('base64url');
}

/** The ballot key of a unit in a formal vote. */
export function unitKey(unitId: number): string {
  return `unit:${unitId}`;
}

/** Casts or replaces a ballot (same poll and key); it waits for the next acknowledgement. */
export async function castBallot(
  db: DbOrTx,
  ballot: {
    pollId: number;
    voterKey: string;
    personId: string | null;
    unitId: number | null;
    choices: readonly number[];
    castAt: number | null;
  },
): Promise<void> {
  const choices = JSON.stringify([...ballot.choices].sort((a, b) => a - b));
  await castBallotQuery(db).run({ ...ballot, choices });
}

/** A vote burst is hundreds of these in seconds: prepared once (see preparedOn). */
const castBallotQuery = preparedOn((db) =>
  db
    .insert(ballots)
    .values({
      pollId: sql.placeholder('pollId'),
      voterKey: sql.placeholder('voterKey'),
      personId: sql.placeholder('personId'),
      unitId: sql.placeholder('unitId'),
      choices: sql.placeholder('choices'),
      castAt: sql.placeholder('castAt'),
      ackPending: true,
    })
    .onConflictDoUpdate({
      target: [ballots.pollId, ballots.voterKey],
      set: {
        choices: placeholderValue('choices'),
        personId: placeholderValue('personId'),
        castAt: placeholderValue('castAt'),
        ackPending: true,
      },
    })
    .prepare(),
);

export async function ballotsOf(db: DbOrTx, pollId: number): Promise<Ballot[]> {
  return await db.select().from(ballots).where(eq(ballots.pollId, pollId)).orderBy(asc(ballots.castAt)).all();
}

/**
 * `ack_pending = 1` written out, not bound: the partial index `ballots_ack_idx` (the ballots still
 * to acknowledge) then serves the votes schedule (every 3 s) whatever the parameters. Bound as a
 * parameter, the plan depended on SQLite re-planning with the value (it does in this build: 0.4 ms
 * with 1,000,000 ballots either way), and the plan test in test/db cannot see that.
 */
const ackPending = sql`${ballots.ackPending} = 1`;

/** Ballots cast or changed since the last acknowledgement, in the order cast. */
export async function pendingAckBallots(db: DbOrTx, pollId: number): Promise<Ballot[]> {
  return await db
    .select()
    .from(ballots)
    .where(and(eq(ballots.pollId, pollId), ackPending))
    .orderBy(asc(ballots.castAt))
    .all();
}

/** Polls (all compounds) with ballots waiting for an acknowledgement. */
export async function pollsWithPendingAcks(db: DbOrTx): Promise<Poll[]> {
  return (
    await db
      .selectDistinct({ poll: polls })
      .from(ballots)
      .innerJoin(polls, eq(polls.id, ballots.pollId))
      .where(and(ackPending, isNull(polls.closedAt)))
      .orderBy(asc(polls.id))
      .all()
  ).map((r) => r.poll);
}

export async function clearAckPending(db: DbOrTx, pollId: number): Promise<void> {
  await db
    .update(ballots)
    .set({ ackPending: false })
    .where(and(eq(ballots.pollId, pollId), ackPending))
    .run();
}

/** The last notice of a kind posted about a poll (e.g. the last acknowledgement). */
export async function lastNotice(db: DbOrTx, pollId: number, kind: PollNoticeKind) {
  return (
    (await db
      .select()
      .from(pollNotices)
      .where(and(eq(pollNotices.pollId, pollId), eq(pollNotices.kind, kind)))
      .orderBy(desc(pollNotices.at), desc(pollNotices.key))
      .limit(1)
      .get()) ?? null
  );
}

export async function noticeOf(db: DbOrTx, pollId: number, kind: PollNoticeKind, key: string) {
  return (
    (await db
      .select()
      .from(pollNotices)
      .where(and(eq(pollNotices.pollId, pollId), eq(pollNotices.kind, kind), eq(pollNotices.key, key)))
      .get()) ?? null
  );
}

export async function countNotices(db: DbOrTx, pollId: number, kind: PollNoticeKind): Promise<number> {
  return (
    await db
      .select({ key: pollNotices.key })
      .from(pollNotices)
      .where(and(eq(pollNotices.pollId, pollId), eq(pollNotices.kind, kind)))
      .all()
  ).length;
}

/** Records that a notice was dealt with; false when it was already (a second run). */
export async function recordNotice(
  db: DbOrTx,
  notice: { pollId: number; kind: PollNoticeKind; key: string; outcome: 'sent' | 'skipped'; count: number },
  now: number,
): Promise<boolean> {
  const res = await db
    .insert(pollNotices)
    .values({ ...notice, at: now })
    .onConflictDoNothing()
    .run();
  return changedRows(res) > 0;
}

/** Closes a poll: freezes its tally, erases an anonymous poll's secret and its ballots. */
export async function closePoll(db: DbOrTx, poll: Poll, final: string, now: number): Promise<void> {
  await db.update(polls).set({ closedAt: now, final, secret: null }).where(eq(polls.id, poll.id)).run();
  if (poll.anonymous) await db.delete(ballots).where(eq(ballots.pollId, poll.id)).run();
  else await clearAckPending(db, poll.id);
}

export async function markResultPosted(db: DbOrTx, pollId: number, now: number): Promise<void> {
  await db.update(polls).set({ resultPostedAt: now }).where(eq(polls.id, pollId)).run();
}

/** A verified unit of the compound with its verified owners: the electorate of a formal vote. */
export interface ElectorUnit {
  unitId: number;
  areaCenti: number;
  ownerIds: string[];
}

/** The verified units of a compound and who owns each (a person may own several). */
export async function electorUnits(db: DbOrTx, compoundId: number): Promise<ElectorUnit[]> {
  const byUnit = new Map<number, ElectorUnit>();
  for (const row of await verifiedOwnerships(db, compoundId)) {
    const unit = byUnit.get(row.unitId) ?? {
      unitId: row.unitId,
      areaCenti: row.areaCenti ?? 0,
      ownerIds: [],
    };
    unit.ownerIds.push(row.personId);
    byUnit.set(row.unitId, unit);
  }
  return [...byUnit.values()].sort((a, b) => a.unitId - b.unitId);
}

/**
 * The people who may vote in a poll, as contact ids: the members of its group, the verified
 * owners, or (formal) the verified owners of every unit.
 */
export async function eligibleVoters(
  db: DbOrTx,
  poll: Pick<Poll, 'voters' | 'roomId' | 'compoundId'>,
): Promise<string[]> {
  if (poll.voters === 'members') return await membersOf(db, poll.roomId);
  return [...new Set((await verifiedOwnerships(db, poll.compoundId)).map((o) => o.personId))];
}

/**
 * Every unit of the compound with a known area, with its verified owners (possibly none): the
 * totals of a formal vote count the units whose owners have not been verified yet too.
 */
export async function tallyUnits(
  db: DbOrTx,
  compoundId: number,
): Promise<{ unitId: number; areaCenti: number; ownerIds: string[] }[]> {
  const owners = new Map<number, string[]>();
  for (const o of await verifiedOwnerships(db, compoundId))
    owners.set(o.unitId, [...(owners.get(o.unitId) ?? []), o.personId]);
  return (
    await db
      .select({ id: units.id, areaCenti: units.areaCenti })
      .from(units)
      .where(and(eq(units.compoundId, compoundId), isNotNull(units.areaCenti)))
      .orderBy(asc(units.id))
      .all()
  ).map((u) => ({ unitId: u.id, areaCenti: u.areaCenti ?? 0, ownerIds: owners.get(u.id) ?? [] }));
}
