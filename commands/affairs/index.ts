/** The three-affairs commands (公示, 收支, 三务), in the order `/帮助` lists them. */
import type { AnyCommand } from '../define.js';

export const affairsCommands: readonly AnyCommand[] = [];
