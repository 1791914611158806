/** The commands of the levels above a compound (SPEC "Communities and streets"). */
import type { AnyCommand } from '../define.js';
import { areaBelongCommand, belongCommand } from './belong.js';
import { companyCommand } from './company.js';
import { areaDoneCommand } from './done.js';
import { areaPlanCommand } from './plan.js';
import { areaStatsCommand } from './stats.js';
import { areaStatusCommand } from './status.js';

export const areaCommands: readonly AnyCommand[] = [
  belongCommand,
  areaBelongCommand,
  companyCommand,
  areaStatusCommand,
  areaPlanCommand,
  areaDoneCommand,
  areaStatsCommand,
];
