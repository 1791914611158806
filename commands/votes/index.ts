/** The poll and formal-vote commands, in the order `/帮助` lists them. */
import type { AnyCommand } from '../define.js';

export const voteCommands: readonly AnyCommand[] = [];
