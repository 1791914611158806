/**
 * The four-party joint meeting (四方联席会议, SPEC "Communities and streets"): the meetings a
 * community calls (`/联席会议`) and the items each compound's committee puts on the agenda
 * (`/议题`). The agenda itself is never stored: it is computed from the tickets, votes and items
 * at the moment it is posted (core/areas/agenda.ts).
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { areas, compounds } from './schema.js';

/**
 * One joint meeting of a community. A community has at most one upcoming meeting: moving it
 * (`/联席会议 <新时间> 确认`) or calling it off (`/联席会议 取消`) cancels the row, and a move
 * makes a new one, so the agendas already posted for the old time stay tied to it.
 *
 * The agenda goes out at two points, each marked when dealt with (posted, or passed over because
 * a later point or the end of the meeting caught up with it) in the same transaction as its
 * outbox rows: `eveAgendaAt` one day before (or at once, for a meeting set less than a day
 * ahead) and `startAgendaAt` at the start.
 */
export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The community that calls it. */
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    startsAt: integer('starts_at').notNull(),
    /** Where, as typed; null when not said. */
    place: text('place'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    cancelledAt: integer('cancelled_at'),
    eveAgendaAt: integer('eve_agenda_at'),
    startAgendaAt: integer('start_agenda_at'),
  },
  (t) => [
    index('meetings_area_idx').on(t.areaId, t.startsAt),
    // The schedule's look on every tick reads only the meetings whose agendas are still to come.
    index('meetings_pending_idx')
      .on(t.startsAt)
      .where(sql`${t.cancelledAt} is null and ${t.startAgendaAt} is null`),
  ],
);

/**
 * An item a compound's committee wants on the agenda (`/议题`). It waits for the next meeting
 * of the compound's community, whenever that is called: `meetingId` is set when the agenda at
 * the start of a meeting carried it, and from then on it belongs to that meeting.
 */
export const meetingTopics = sqliteTable(
  'meeting_topics',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    text: text('text').notNull(),
    authorId: text('author_id').notNull(),
    at: integer('at').notNull(),
    meetingId: integer('meeting_id').references(() => meetings.id),
  },
  (t) => [index('meeting_topics_compound_idx').on(t.compoundId, t.meetingId)],
);

export type Meeting = typeof meetings.$inferSelect;
export type MeetingTopic = typeof meetingTopics.$inferSelect;
