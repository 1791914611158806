/**
 * The three affairs (三务公开, SPEC "Three-affairs notices"): the items the community and the
 * committee publish, the compound's public ledger, every notice the bot posted, and when each
 * compound's next notice is due. Money is integer fen (STYLE.md, Database).
 */
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { compounds } from './schema.js';

export const affairKinds = ['party', 'resident', 'finance'] as const;
/** 党务, 居务, 财务. */
export type AffairKind = (typeof affairKinds)[number];

export const noticeKinds = ['monthly', 'weekly'] as const;
/** The monthly three-affairs notice (`/设置 公示`) and the short weekly digest (`/设置 周报`). */
export type NoticeKind = (typeof noticeKinds)[number];

/**
 * Every notice the bot built and queued, kept so `/三务` can show the latest again. One per
 * compound, kind and period end: the unique index and the outbox `dedupeKey` together make a
 * schedule that runs twice (a restart, a second process) post it once.
 */
export const affairNotices = sqliteTable(
  'affair_notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    kind: text('kind', { enum: noticeKinds }).notNull(),
    /** The period covered, [from, to), epoch ms; `to` is the scheduled run it was made for. */
    periodFrom: integer('period_from').notNull(),
    periodTo: integer('period_to').notNull(),
    title: text('title').notNull(),
    /** The short text posted with the picture. */
    summary: text('summary').notNull(),
    /** The whole notice as a PNG. */
    image: blob('image', { mode: 'buffer' }).notNull(),
    /** Where it was posted (the owners group at the time). */
    roomId: text('room_id').notNull(),
    /** The outbox key of its message: `notice:<compound>:<kind>:<periodTo>`. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('affair_notices_period_idx').on(t.compoundId, t.kind, t.periodTo),
    index('affair_notices_latest_idx').on(t.compoundId, t.createdAt),
  ],
);

/**
 * One item of 党务, 居务 or 财务 (`/公示`). `noticeId` is the monthly notice that published it:
 * an item waits for the next monthly notice however long ago it was written, so none is lost.
 */
export const affairItems = sqliteTable(
  'affair_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    kind: text('kind', { enum: affairKinds }).notNull(),
    text: text('text').notNull(),
    authorId: text('author_id').notNull(),
    at: integer('at').notNull(),
    noticeId: integer('notice_id').references(() => affairNotices.id),
  },
  (t) => [
    index('affair_items_pending_idx').on(t.compoundId, t.noticeId),
    index('affair_items_at_idx').on(t.compoundId, t.at),
  ],
);

export const ledgerDirections = ['income', 'expense'] as const;
export type LedgerDirection = (typeof ledgerDirections)[number];

export const ledgerFunds = ['public', 'maintenance'] as const;
/** 公共收益 (income from common parts: parking, ads) and 维修资金 (the maintenance fund). */
export type LedgerFund = (typeof ledgerFunds)[number];

/** A line of the compound's public ledger (`/收支`). Balances are sums over all lines of a fund. */
export const ledgerLines = sqliteTable(
  'ledger_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    direction: text('direction', { enum: ledgerDirections }).notNull(),
    /** Always positive; the direction gives the sign. */
    amountFen: integer('amount_fen').notNull(),
    fund: text('fund', { enum: ledgerFunds }).notNull().default('public'),
    reason: text('reason').notNull(),
    authorId: text('author_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('ledger_lines_at_idx').on(t.compoundId, t.at)],
);

/**
 * When a compound's next notice of a kind is due, and from which cron expression that was
 * computed: when `/设置` changes the expression, the next run is computed again.
 * `nextRunAt` is null when the expression never fires again.
 */
export const affairSchedules = sqliteTable(
  'affair_schedules',
  {
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    kind: text('kind', { enum: noticeKinds }).notNull(),
    cron: text('cron').notNull(),
    nextRunAt: integer('next_run_at'),
    lastRunAt: integer('last_run_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.compoundId, t.kind] }),
    index('affair_schedules_next_idx').on(t.nextRunAt),
  ],
);

export type AffairNotice = typeof affairNotices.$inferSelect;
export type AffairItem = typeof affairItems.$inferSelect;
export type LedgerLine = typeof ledgerLines.$inferSelect;
export type AffairSchedule = typeof affairSchedules.$inferSelect;
