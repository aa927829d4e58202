import type { ApplicationFunction, Probot } from 'probot';
import { createAppState, type AppOptions as StateOptions } from './app-state.js';
import { HANDLERS, type HandlerRegistration } from './handlers/registry.js';
import { createHealthzHandler } from './http/healthz.js';
import { readVersion } from './version.js';

/** What the application function can be built with; tests pass narrower handler lists. */
export interface AppOptions extends StateOptions {
  handlers?: readonly HandlerRegistration[];
  version?: string;
}

/** Builds the Probot application function: wires the handlers and the extra HTTP routes. */
export function createApp(options: AppOptions = {}): ApplicationFunction {
  const handlers = options.handlers ?? HANDLERS;
  const version = options.version ?? readVersion();
  return (app: Probot, { addHandler }) => {
    const state = createAppState({
      ...options,
      ...(options.dryRun === undefined ? { dryRun: process.env.DRY_RUN === 'true' } : {}),
    });
    for (const register of handlers) register(app, state);
    addHandler(createHealthzHandler(version));
  };
}

const appFn: ApplicationFunction = createApp();
export default appFn;
