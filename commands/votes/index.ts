/** The poll and formal-vote commands, in the order `/帮助` lists them. */
import type { AnyCommand } from '../define.js';
import { ballotCommand } from './ballot.js';
import { motionCommand } from './motion.js';
import { pollCommand } from './poll.js';
import { resultCommand } from './result-command.js';

export const voteCommands: readonly AnyCommand[] = [ballotCommand, resultCommand, pollCommand, motionCommand];
