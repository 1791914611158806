/**
 * Every schedule of the bot, listed literally, as commands/index.ts lists the commands.
 */
import { affairsNoticesSchedule } from './affairs-notices.js';
import { companyRankingSchedule } from './company-ranking.js';
import { dailyDigestSchedule } from './daily-digest.js';
import { meetingAgendaSchedule } from './meeting-agenda.js';
import type { ScheduleDefinition } from './runner.js';
import { ticketReminderSchedule } from './ticket-reminders.js';
import { votesSchedule } from './votes.js';

export const allSchedules: readonly ScheduleDefinition[] = [
  ticketReminderSchedule,
  dailyDigestSchedule,
  affairsNoticesSchedule,
  votesSchedule,
  meetingAgendaSchedule,
  companyRankingSchedule,
];
