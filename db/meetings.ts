/**
 * Queries of the joint meeting (四方联席会议, SPEC "Communities and streets"); the tables are in
 * schema-meetings.ts.
 */
import { and, asc, desc, eq, gt, isNotNull, isNull, lt, lte, or } from 'drizzle-orm';
import type { DbOrTx } from './client.js';
import { type Ticket, tickets } from './schema.js';
import { type Meeting, type MeetingTopic, meetings, meetingTopics } from './schema-meetings.js';
import { type Poll, polls } from './schema-votes.js';

export async function insertMeeting(
  db: DbOrTx,
  meeting: { areaId: number; startsAt: number; place: string | null; createdBy: string },
  now: number,
): Promise<Meeting> {
  return await db
    .insert(meetings)
    .values({ ...meeting, createdAt: now })
    .returning()
    .get();
}

export async function meetingById(db: DbOrTx, id: number): Promise<Meeting | null> {
  return (await db.select().from(meetings).where(eq(meetings.id, id)).get()) ?? null;
}

/** The community's next meeting still to start (not called off), or null. */
export async function upcomingMeeting(db: DbOrTx, areaId: number, now: number): Promise<Meeting | null> {
  return (
    (await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.areaId, areaId), isNull(meetings.cancelledAt), gt(meetings.startsAt, now)))
      .orderBy(asc(meetings.startsAt), asc(meetings.id))
      .limit(1)
      .get()) ?? null
  );
}

/** The community's latest meeting that has started by `at` (not called off), or null. */
export async function lastStartedMeeting(db: DbOrTx, areaId: number, at: number): Promise<Meeting | null> {
  return (
    (await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.areaId, areaId), isNull(meetings.cancelledAt), lte(meetings.startsAt, at)))
      .orderBy(desc(meetings.startsAt), desc(meetings.id))
      .limit(1)
      .get()) ?? null
  );
}

/** The meeting held before this one in its community (not called off), or null. */
export async function previousMeeting(db: DbOrTx, meeting: Meeting): Promise<Meeting | null> {
  return (
    (await db
      .select()
      .from(meetings)
      .where(
        and(
          eq(meetings.areaId, meeting.areaId),
          isNull(meetings.cancelledAt),
          or(
            lt(meetings.startsAt, meeting.startsAt),
            and(eq(meetings.startsAt, meeting.startsAt), lt(meetings.id, meeting.id)),
          ),
        ),
      )
      .orderBy(desc(meetings.startsAt), desc(meetings.id))
      .limit(1)
      .get()) ?? null
  );
}

export async function cancelMeeting(db: DbOrTx, id: number, now: number): Promise<void> {
  await db.update(meetings).set({ cancelledAt: now }).where(eq(meetings.id, id)).run();
}

/** Sets the place of a meeting (the same time typed again with a place). */
export async function setMeetingPlace(db: DbOrTx, id: number, place: string | null): Promise<void> {
  await db.update(meetings).set({ place }).where(eq(meetings.id, id)).run();
}

/**
 * Meetings with an agenda point due by `now` and not yet dealt with: one day before the start
 * (`leadMs`) and at the start. Reads the pending index only (every meeting whose start agenda is
 * still to come), so its cost follows the meetings ahead, not all ever held.
 */
export async function meetingsWithAgendaDue(db: DbOrTx, now: number, leadMs: number): Promise<Meeting[]> {
  return await db
    .select()
    .from(meetings)
    .where(
      and(
        isNull(meetings.cancelledAt),
        isNull(meetings.startAgendaAt),
        lte(meetings.startsAt, now + leadMs),
        or(isNull(meetings.eveAgendaAt), lte(meetings.startsAt, now)),
      ),
    )
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .all();
}

/** Marks an agenda point of a meeting dealt with. */
export async function markAgendaPoint(
  db: DbOrTx,
  id: number,
  point: 'eve' | 'start',
  now: number,
): Promise<void> {
  await db
    .update(meetings)
    .set(point === 'eve' ? { eveAgendaAt: now } : { startAgendaAt: now })
    .where(eq(meetings.id, id))
    .run();
}

export async function addMeetingTopic(
  db: DbOrTx,
  topic: { compoundId: number; text: string; authorId: string },
  now: number,
): Promise<MeetingTopic> {
  return await db
    .insert(meetingTopics)
    .values({ ...topic, at: now })
    .returning()
    .get();
}

/**
 * The items of a compound for a meeting as of `at`: those written by then that no earlier
 * meeting carried (they wait for the next one), and those this meeting's start agenda took.
 */
export async function topicsFor(
  db: DbOrTx,
  compoundId: number,
  meetingId: number | null,
  at: number,
): Promise<MeetingTopic[]> {
  return await db
    .select()
    .from(meetingTopics)
    .where(
      and(
        eq(meetingTopics.compoundId, compoundId),
        lte(meetingTopics.at, at),
        meetingId === null
          ? isNull(meetingTopics.meetingId)
          : or(isNull(meetingTopics.meetingId), eq(meetingTopics.meetingId, meetingId)),
      ),
    )
    .orderBy(asc(meetingTopics.at), asc(meetingTopics.id))
    .all();
}

/** Records that a meeting's start agenda carried these items. */
export async function assignTopics(
  db: DbOrTx,
  topicIds: readonly number[],
  meetingId: number,
): Promise<void> {
  for (const id of topicIds) {
    await db
      .update(meetingTopics)
      .set({ meetingId })
      .where(and(eq(meetingTopics.id, id), isNull(meetingTopics.meetingId)))
      .run();
  }
}

/** Tickets of a compound closed in `(since, until]` with a score of 1 or 2, by number. */
export async function lowRatedBetween(
  db: DbOrTx,
  compoundId: number,
  since: number,
  until: number,
): Promise<Ticket[]> {
  return await db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.compoundId, compoundId),
        isNotNull(tickets.closedAt),
        gt(tickets.closedAt, since),
        lte(tickets.closedAt, until),
        lte(tickets.score, 2),
      ),
    )
    .orderBy(asc(tickets.no))
    .all();
}

/** The compound's formal votes on a 重大 matter not yet closed, by number. */
export async function openMajorVotes(db: DbOrTx, compoundId: number): Promise<Poll[]> {
  return await db
    .select()
    .from(polls)
    .where(
      and(
        eq(polls.compoundId, compoundId),
        eq(polls.kind, 'formal'),
        eq(polls.major, true),
        isNull(polls.closedAt),
      ),
    )
    .orderBy(asc(polls.no))
    .all();
}
