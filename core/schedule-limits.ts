/**
 * How often the bot may post on its own schedule (issue 13): no setting may make it post a
 * notice, digest or ranking more often than once an hour. `/设置` refuses a schedule that would
 * (core/settings/cron.ts), and the schedules hold to it whatever the database holds, since a
 * value stored before the rule, or by hand, must not flood a group either.
 */
export const MIN_SCHEDULED_POST_GAP_MS = 3_600_000;
