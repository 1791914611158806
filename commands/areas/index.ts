/** The commands of the levels above a compound (SPEC "Communities and streets"). */
import type { AnyCommand } from '../define.js';
import { areaBelongCommand, belongCommand } from './belong.js';
import { companyCommand } from './company.js';
import { decideCommand } from './decide.js';
import { areaDoneCommand } from './done.js';
import { meetingCommand } from './meeting.js';
import { areaPlanCommand } from './plan.js';
import { areaRankCommand, rankCommand } from './rank.js';
import { areaStatsCommand } from './stats.js';
import { areaStatusCommand } from './status.js';
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
  areaStatusCommand,
  areaPlanCommand,
  areaDoneCommand,
  areaStatsCommand,
];
