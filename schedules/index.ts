/**
 * Every schedule of the bot, listed literally, as commands/index.ts lists the commands.
 */
import type { ScheduleDefinition } from './runner.js';

export const allSchedules: readonly ScheduleDefinition[] = [];
