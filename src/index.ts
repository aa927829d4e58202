import type { ApplicationFunction, Probot } from 'probot';
import {
  createAppState,
  type AppOptions as StateOptions,
  type AppState,
} from './instance-state.js';
import { HANDLERS, type HandlerRegistration } from './handlers/registry.js';
import { runJob } from './jobs/run-job.js';
import { createHealthzHandler } from './http/healthz.js';
import { composeRoutes } from './scheduler/routes.js';
import { wireScheduler, type SchedulerWiring } from './scheduler/wire.js';
import type { VisitHost } from './scheduler/visit-job.js';
import { readVersion } from './version.js';

/** What the application function can be built with; tests pass narrower handler lists. */
export interface AppOptions extends StateOptions, SchedulerWiring {
  handlers?: readonly HandlerRegistration[];
  version?: string;
  /**
   * Receives the App's state once it is built: webhooks are processed after they are
   * acknowledged, so tests, the demo and a graceful shutdown wait on `state.idle()`.
   */
  onState?: (state: AppState) => void;
}

/**
 * Builds the Probot application function: wires the handlers, the scheduler (tick interval) and
 * the extra HTTP routes (`/healthz`, `POST /advisory-pilot/tick`, `/metrics`) as one handler.
 */
export function createApp(options: AppOptions = {}): ApplicationFunction {
  const handlers = options.handlers ?? HANDLERS;
  const version = options.version ?? readVersion();
  return (app: Probot, { addHandler }) => {
    // The scheduler is made from the state; a tick's visit run here borrows its settings.
    const lent: { host?: VisitHost } = {};
    const state = createAppState(
      {
        ...options,
        ...(options.dryRun === undefined ? { dryRun: process.env.DRY_RUN === 'true' } : {}),
      },
      (built) => (job) => runJob(app, built, job, () => lent.host),
      app.log,
    );
    options.onState?.(state);
    for (const register of handlers) register(app, state);
    const { scheduler, routes } = wireScheduler(app, state, options);
    lent.host = scheduler.visitHost();
    addHandler(composeRoutes([createHealthzHandler(version, () => scheduler.health()), ...routes]));
  };
}

const appFn: ApplicationFunction = createApp();
export default appFn;
