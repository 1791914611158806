/** The ticket commands, in the order `/帮助` lists them: an owner's first, then the property's. */
import type { AnyCommand } from '../define.js';
import { arriveCommand } from './arrive.js';
import { assignCommand } from './assign.js';
import { confirmCommand } from './confirm.js';
import { doneCommand } from './done.js';
import { escalateCommand } from './escalate-command.js';
import { fileTicketCommand } from './file.js';
import { pauseCommand, resumeCommand } from './pause.js';
import { planCommand } from './plan.js';
import { reclassCommand } from './reclass.js';
import { reopenCommand } from './reopen.js';
import { statsCommand } from './stats-command.js';
import { statusCommand } from './status.js';
import { takeCommand } from './take.js';
import { urgeCommand } from './urge.js';

export const ticketCommands: readonly AnyCommand[] = [
  fileTicketCommand,
  statusCommand,
  confirmCommand,
  reopenCommand,
  urgeCommand,
  escalateCommand,
  takeCommand,
  assignCommand,
  arriveCommand,
  pauseCommand,
  resumeCommand,
  doneCommand,
  planCommand,
  reclassCommand,
  statsCommand,
];
