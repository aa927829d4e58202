import type { Probot } from 'probot';
import { registerInstallationHandlers } from './installation.js';

/** One webhook handler module: subscribes its events on the given app. */
export type HandlerRegistration = (app: Probot) => void;

/** Every handler the App wires, in one explicit list (nothing registers itself at import time). */
export const HANDLERS: readonly HandlerRegistration[] = [registerInstallationHandlers];
