/** The commands of the levels above a compound (SPEC "Communities and streets"). */
import type { AnyCommand } from '../define.js';
import { areaBelongCommand, belongCommand } from './belong.js';
import { companyCommand } from './company.js';
import { decideCommand } from './decide.js';
import { meetingCommand } from './meeting.js';
import { areaRankCommand, rankCommand } from './rank.js';
import { topicCommand } from './topic.js';

export const areaCommands: readonly AnyCommand[] = [
  belongCommand,
  areaBelongCommand,
  companyCommand,
  meetingCommand,
  topicCommand,
  decideCommand,
  rankCommand,
  areaRankCommand,
];
