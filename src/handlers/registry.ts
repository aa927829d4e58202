import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
import { registerInstallationHandlers } from './installation.js';
import { registerIssueCommentHandlers } from './issue-comment.js';
import { registerIssueHandlers } from './issues.js';
import { registerPublicActivityHandlers } from './public-activity.js';
import { registerPushHandlers } from './push.js';
import { registerReleaseEventHandlers } from './release-events.js';
import { registerRepositoryAdvisoryHandlers } from './repository-advisory.js';
import { registerSecurityAdvisoryHandlers } from './security-advisory.js';

/** One webhook handler module: subscribes its events on the given app. */
export type HandlerRegistration = (app: Probot, state: AppState) => void;

/** Every handler the App wires, in one explicit list (nothing registers itself at import time). */
export const HANDLERS: readonly HandlerRegistration[] = [
  registerInstallationHandlers,
  registerRepositoryAdvisoryHandlers,
  registerIssueCommentHandlers,
  registerIssueHandlers,
  registerReleaseEventHandlers,
  registerPublicActivityHandlers,
  registerPushHandlers,
  registerSecurityAdvisoryHandlers,
];
