/**
 * The monthly ranking of property companies (SPEC "Communities and streets", "Star rating and the
 * black list"): every ranking the bot posted to a community's or street's group, and when each
 * area's next ranking is due. Kept in the store so a restart never posts one twice, a ranking
 * missed while the bot was down goes out once when it is back, and a compound's next
 * three-affairs notice can quote the line of its company as it was posted.
 */
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { areas } from './schema.js';

/**
 * One posted ranking: one per area and month (`periodFrom`), ever. The unique index and the
 * outbox `dedupeKey` together make a schedule that runs twice (a restart, a second process) post
 * it once.
 */
export const companyRankings = sqliteTable(
  'company_rankings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    /** The month ranked, [from, to), epoch ms. */
    periodFrom: integer('period_from').notNull(),
    periodTo: integer('period_to').notNull(),
    /** "2026年10月". */
    label: text('label').notNull(),
    /** The ranking as computed (core/areas/ranking.ts `Ranking`), JSON: what the notices quote. */
    result: text('result').notNull(),
    /** The short text posted with the picture. */
    summary: text('summary').notNull(),
    image: blob('image', { mode: 'buffer' }).notNull(),
    roomId: text('room_id').notNull(),
    /** The outbox key of its message: `ranking:<area>:<periodFrom>`. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('company_rankings_period_idx').on(t.areaId, t.periodFrom),
    index('company_rankings_posted_idx').on(t.areaId, t.createdAt),
  ],
);

/**
 * When a schedule of a community or street runs next (the ranking, `name` 'company-ranking'), and
 * from which cron expression (`/设置 排名`) that was computed: when the expression changes, the
 * next run is computed again. `nextRunAt` is null when the expression never fires again. The
 * areas' twin of `schedule_runs`, which is keyed by compound.
 */
export const areaSchedules = sqliteTable(
  'area_schedules',
  {
    name: text('name').notNull(),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    cron: text('cron').notNull(),
    nextRunAt: integer('next_run_at'),
    lastRunAt: integer('last_run_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.name, t.areaId] }),
    index('area_schedules_next_idx').on(t.name, t.nextRunAt),
  ],
);

export type CompanyRankingPost = typeof companyRankings.$inferSelect;
export type AreaSchedule = typeof areaSchedules.$inferSelect;
