/** The three-affairs commands (公示, 收支, 三务), in the order `/帮助` lists them. */
import type { AnyCommand } from '../define.js';
import { ledgerCommand } from './ledger.js';
import { publishItemCommand } from './publish-item.js';
import { showNoticeCommand } from './show-notice.js';

export const affairsCommands: readonly AnyCommand[] = [showNoticeCommand, publishItemCommand, ledgerCommand];
