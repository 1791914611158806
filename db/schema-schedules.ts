/**
 * The schedules' own bookkeeping: when a calendar schedule runs next, and which ticket reminders
 * were dealt with. Kept in the database, not in memory, so a restart neither repeats a reminder
 * nor loses one that fell due while the bot was down (SPEC "Reminders").
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { compounds, tickets } from './schema.js';

/**
 * The next (and last) run of a calendar schedule, per compound (e.g. the 08:30 daily digest).
 * node-cron only ticks; the schedule compares `now` with `nextRunAt` to decide.
 */
export const scheduleRuns = sqliteTable(
  'schedule_runs',
  {
    name: text('name').notNull(),
    compoundId: integer('compound_id')
      .notNull()
      .references(() => compounds.id),
    nextRunAt: integer('next_run_at').notNull(),
    lastRunAt: integer('last_run_at'),
  },
  (t) => [
    primaryKey({ columns: [t.name, t.compoundId] }),
    index('schedule_runs_next_idx').on(t.name, t.nextRunAt),
  ],
);

export const reminderOutcomes = ['sent', 'skipped', 'held', 'released', 'dropped'] as const;
/**
 * - `sent`: queued in the outbox.
 * - `skipped`: passed over on purpose (an earlier point caught up with a later one, nobody to
 *   ping, no group to ping in, or the escalation carried the news).
 * - `held`: fell due in quiet hours; waits for the morning digest.
 * - `released`: went out in that digest. `dropped`: no longer relevant when quiet hours ended.
 */
export type ReminderOutcome = (typeof reminderOutcomes)[number];

/**
 * One reminder point of one ticket, once dealt with. `key` is `<sequence>:<percent>:<window ms>`
 * (e.g. `solve:80:1800000`): the window, not the deadline, so a pause (which moves the deadline
 * but not the window) does not repeat points already passed, while `/改` (a new window) starts
 * a fresh set.
 */
export const ticketReminders = sqliteTable(
  'ticket_reminders',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    key: text('key').notNull(),
    compoundId: integer('compound_id').notNull(),
    outcome: text('outcome', { enum: reminderOutcomes }).notNull(),
    /** When the point fell due. */
    dueAt: integer('due_at').notNull(),
    /** When it was dealt with (last outcome change). */
    at: integer('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.key] }),
    // The quiet-hours release reads only what is still held.
    index('ticket_reminders_held_idx').on(t.compoundId).where(sql`${t.outcome} = 'held'`),
  ],
);

export type ScheduleRun = typeof scheduleRuns.$inferSelect;
export type TicketReminder = typeof ticketReminders.$inferSelect;
