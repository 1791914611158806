/**
 * Polls and formal owners' votes (SPEC "Polls and formal votes"): the polls, their ballots, and
 * the bookkeeping of what the bot already posted about them (vote acknowledgements, the 24 h and
 * 1 h reminders, the result), so a restart repeats none and misses none.
 *
 * Anonymity of anonymous quick polls (`anonymous = true`). The promise is: no command, no group
 * message and no log line can tell who chose what; and once the poll is closed, not even the
 * database can. How:
 * - A ballot is keyed by `HMAC-SHA256(poll secret, contact id)`, never by the contact id. The key
 *   is what lets a second `/投` replace the first, and lets the reminder find who has not voted.
 * - The ballot stores no person, no time (a time would pair it with the dispatcher's log line
 *   "sender X ran /投 at T") and no surrogate id.
 * - At the close the tally is frozen into `polls.final`, the secret is erased and the anonymous
 *   ballots are deleted: nothing is left to test a contact id against.
 * While the poll is open, someone holding the database file and the secret could still test ids
 * against the keys: a changeable vote needs the voter to be recognised, and the bot has no key
 * store apart from its database.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { compounds, units } from './schema.js';

export const pollKinds = ['quick', 'formal'] as const;
/** `quick`: `/投票`, options chosen by people. `formal`: `/表决`, yes/no/abstain by verified units. */
export type PollKind = (typeof pollKinds)[number];

export const pollVoters = ['members', 'verified', 'units'] as const;
/**
 * Who may vote:
 * - `members`: every member of the poll's group (the owners group by default), one vote each;
 * - `verified`: only owners with a verified unit, one vote per person (a quick poll with `认证业主`);
 * - `units`: one ballot per verified unit, cast by any of its verified owners (formal votes).
 */
export type PollVoters = (typeof pollVoters)[number];

/** A poll or a formal vote, numbered per compound (`#3` in `/投` and `/结果` is `no`). */
export const polls = sqliteTable(
  'polls',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    /** Per compound, separate from ticket numbers. */
    no: integer('no').notNull(),
    kind: text('kind', { enum: pollKinds }).notNull(),
    question: text('question').notNull(),
    /** JSON array of the option labels, in order (formal: 同意, 反对, 弃权); validated on read. */
    options: text('options').notNull(),
    multi: integer('multi', { mode: 'boolean' }).notNull().default(false),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull().default(false),
    /** A 重大 matter: ≥ 3/4 of the participating area and headcount (Civil Code art. 278). */
    major: integer('major', { mode: 'boolean' }).notNull().default(false),
    voters: text('voters', { enum: pollVoters }).notNull(),
    /** The group the poll lives in: its announcement, acknowledgements, reminders and result. */
    roomId: text('room_id').notNull(),
    openedBy: text('opened_by').notNull(),
    openedAt: integer('opened_at').notNull(),
    /** No vote is taken at or after this instant. */
    deadline: integer('deadline').notNull(),
    closedAt: integer('closed_at'),
    /** When the result (text and chart) was queued. */
    resultPostedAt: integer('result_posted_at'),
    /** Base64 key of the voter keys of an anonymous poll; erased at the close. */
    secret: text('secret'),
    /** The tally frozen at the close (JSON, validated on read): later unit changes do not move it. */
    final: text('final'),
  },
  (t) => [
    uniqueIndex('polls_compound_no_idx').on(t.compoundId, t.no),
    // The closing schedule looks only at open polls.
    index('polls_open_idx').on(t.deadline).where(sql`${t.closedAt} is null`),
  ],
);

/**
 * One ballot: the current choice of one voter (quick polls) or one unit (formal votes). A second
 * vote replaces the first (same key). `voterKey` is the contact id (named quick poll), an HMAC of
 * it (anonymous poll, see the file comment) or `unit:<id>` (formal vote).
 */
export const ballots = sqliteTable(
  'ballots',
  {
    pollId: integer('poll_id')
      .notNull()
      .references(() => polls.id),
    voterKey: text('voter_key').notNull(),
    /** The voter (named poll) or the verified owner who cast the unit's ballot; null when anonymous. */
    personId: text('person_id'),
    /** The unit of a formal ballot. */
    unitId: integer('unit_id').references(() => units.id),
    /** JSON array of 1-based option numbers, validated on read. */
    choices: text('choices').notNull(),
    /** When cast or last changed; null for anonymous ballots. */
    castAt: integer('cast_at'),
    /** Cast or changed since the last acknowledgement in the group. */
    ackPending: integer('ack_pending', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.pollId, t.voterKey] }),
    uniqueIndex('ballots_poll_unit_idx').on(t.pollId, t.unitId),
    index('ballots_ack_idx').on(t.pollId).where(sql`${t.ackPending} = 1`),
  ],
);

export const pollNoticeKinds = ['ack', 'reminder', 'result'] as const;
/** What the bot posted about a poll. */
export type PollNoticeKind = (typeof pollNoticeKinds)[number];

/**
 * Each acknowledgement (`key` = its sequence number), reminder point (`24h`, `1h`) and result
 * the bot dealt with, written in the same transaction as its outbox rows. `skipped`: a point
 * passed over on purpose (the poll closed while the bot was down, a later point caught up with
 * it, nobody left to remind).
 */
export const pollNotices = sqliteTable(
  'poll_notices',
  {
    pollId: integer('poll_id')
      .notNull()
      .references(() => polls.id),
    kind: text('kind', { enum: pollNoticeKinds }).notNull(),
    key: text('key').notNull(),
    outcome: text('outcome', { enum: ['sent', 'skipped'] }).notNull(),
    /** Ballots acknowledged, or people reminded. */
    count: integer('count').notNull().default(0),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.kind, t.key] })],
);

export type Poll = typeof polls.$inferSelect;
export type NewPoll = typeof polls.$inferInsert;
export type Ballot = typeof ballots.$inferSelect;
export type PollNotice = typeof pollNotices.$inferSelect;
