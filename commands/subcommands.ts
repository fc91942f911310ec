/** Every `/trail` subcommand but help, in the order help lists them. */

import { auditCommand } from './audit.js';
import type { Command } from './command.js';
import { containCommand } from './contain.js';
import { deactivateKeyCommand } from './deactivate-key.js';
import { findingsCommand } from './findings.js';
import { keyCommand } from './key.js';
import { muteCommand } from './mute.js';
import { statusCommand } from './status.js';
import { unmuteCommand } from './unmute.js';
import { whoDidCommand } from './who-did.js';

export const SUBCOMMANDS: readonly Command<unknown>[] = [
  whoDidCommand,
  keyCommand,
  findingsCommand,
  muteCommand,
  unmuteCommand,
  statusCommand,
  deactivateKeyCommand,
  containCommand,
  auditCommand,
];
