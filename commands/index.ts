/**
 * Every command of the bot, listed literally (no folder scanning, STYLE.md "Commands"). Help,
 * usage and permissions all come from these definitions.
 */
import { bindGroupCommand } from './admin/bind-group.js';
import { createHelpCommand } from './admin/help.js';
import { areaRoleCommand, roleCommand } from './admin/role.js';
import { affairsCommands } from './affairs/index.js';
import { areaCommands } from './areas/index.js';
import { areaBoardCommand, boardCommand } from './board/board.js';
import type { AnyCommand } from './define.js';
import { areaExportCommand, exportCommand, privateExportCommand } from './export/export-command.js';
import { areaSettingsCommand } from './settings/area-settings-command.js';
import { settingsCommand } from './settings/settings-command.js';
import { ticketCommands } from './tickets/index.js';
import { bindUnitCommand } from './units/bind-unit.js';
import { verifyCommand } from './units/verify.js';
import { voteCommands } from './votes/index.js';

export const allCommands: readonly AnyCommand[] = [
  createHelpCommand(() => allCommands),
  ...ticketCommands,
  ...voteCommands,
  ...affairsCommands,
  exportCommand,
  areaExportCommand,
  privateExportCommand,
  bindUnitCommand,
  verifyCommand,
  roleCommand,
  areaRoleCommand,
  ...areaCommands,
  bindGroupCommand,
  settingsCommand,
  areaSettingsCommand,
  boardCommand,
  areaBoardCommand,
];
