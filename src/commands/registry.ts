import type { CommandSpec } from '../domain/command-spec.js';
import { ackCommand } from './ack.js';
import { advisoryCommand } from './advisory.js';
import { assignCommand } from './assign.js';
import { canaryCommand } from './canary.js';
import { cancelCommand } from './cancel.js';
import { closeCommand } from './close.js';
import { confirmDateCommand } from './confirm-date.js';
import { confirmCommand } from './confirm.js';
import { creditCommand } from './credit.js';
import { cveCommand } from './cve.js';
import { cvssCommand } from './cvss.js';
import { draftCommand } from './draft.js';
import { duplicateOfCommand } from './duplicate-of.js';
import { embargoCommand } from './embargo.js';
import { exploitedCommand } from './exploited.js';
import { fixedCommand } from './fixed.js';
import { forkCommand } from './fork.js';
import { helpCommand } from './help.js';
import { mergedCommand } from './merged.js';
import { inviteCommand } from './invite.js';
import { notReproducibleCommand } from './not-reproducible.js';
import { notifyCommand } from './notify.js';
import { phaseCommand } from './phase.js';
import { postmortemCommand } from './postmortem.js';
import { productionCommand } from './production.js';
import { publishCommand } from './publish.js';
import { reachedCommand } from './reached.js';
import { releaseCommand } from './release.js';
import { reportedAtCommand } from './reported-at.js';
import { remindCommand } from './remind.js';
import { reproducedCommand } from './reproduced.js';
import { scopeCommand } from './scope.js';
import { statusCommand } from './status.js';
import { validatedCommand } from './validated.js';

/** Every slash-command, in lifecycle order; `/help` and the README table come from this list. */
export const COMMANDS: readonly CommandSpec[] = [
  helpCommand,
  statusCommand,
  reportedAtCommand,
  reproducedCommand,
  notReproducibleCommand,
  scopeCommand,
  duplicateOfCommand,
  cvssCommand,
  ackCommand,
  assignCommand,
  inviteCommand,
  creditCommand,
  advisoryCommand,
  forkCommand,
  fixedCommand,
  validatedCommand,
  mergedCommand,
  cveCommand,
  draftCommand,
  embargoCommand,
  exploitedCommand,
  releaseCommand,
  canaryCommand,
  productionCommand,
  notifyCommand,
  confirmDateCommand,
  publishCommand,
  confirmCommand,
  cancelCommand,
  reachedCommand,
  postmortemCommand,
  phaseCommand,
  remindCommand,
  closeCommand,
];
