import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
import type { RouteHandler } from '../http/healthz.js';
import type { AppPort } from './app-port.js';
import { observeWebhooks } from './instrument.js';
import { createProbotAppPort } from './probot-app-port.js';
import { createMetricsRoute, createTickRoute } from './routes.js';
import { Scheduler } from './scheduler.js';
import type { RedisJobQueueOptions } from '../jobs/redis-job-queue.js';
import { ClusterTick } from './cluster-tick.js';
import type { SchedulerOptions, TickSummary } from './tick-scope.js';

/** How `createApp` sets up the scheduler; each field falls back to the environment. */
export interface SchedulerWiring {
  /** Seconds between ticks (`TICK_INTERVAL`, default 600); 0 turns the embedded interval off. */
  tickInterval?: number;
  /** Bearer token of `POST /advisory-pilot/tick` (`TICK_TOKEN`); unset, the route answers 404. */
  tickToken?: string;
  /** Bearer token of `GET /metrics` (`METRICS_TOKEN`); unset, the route answers 404. */
  metricsToken?: string;
  /** Pacing and limits of a tick. */
  scheduler?: Partial<SchedulerOptions>;
  /** Replaces the Probot-backed port (tests). */
  appPort?: AppPort;
  /** Receives the scheduler: tests, the demo and a graceful shutdown call `tick()` and `stop()`. */
  onScheduler?: (scheduler: Scheduler) => void;
}

export const DEFAULT_TICK_INTERVAL = 600;

/** `TICK_INTERVAL` as seconds; anything but a non-negative number falls back to the default. */
export function tickIntervalOf(text: string | undefined, warn: (msg: string) => void): number {
  if (text === undefined || text.trim() === '') return DEFAULT_TICK_INTERVAL;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  warn(
    `TICK_INTERVAL="${text}" is not a number of seconds (0 turns it off); using ${String(DEFAULT_TICK_INTERVAL)}`,
  );
  return DEFAULT_TICK_INTERVAL;
}

/** Creates and starts the scheduler, counts webhooks, and returns the tick and metrics routes. */
export function wireScheduler(
  app: Probot,
  state: AppState,
  wiring: SchedulerWiring & { redis?: RedisJobQueueOptions },
  env: NodeJS.ProcessEnv = process.env,
): { scheduler: Scheduler; routes: RouteHandler[] } {
  const interval =
    wiring.tickInterval ??
    tickIntervalOf(env.TICK_INTERVAL, (m) => {
      app.log.warn(m);
    });
  const token = wiring.tickToken ?? (env.TICK_TOKEN?.trim() || undefined);
  const metricsToken = wiring.metricsToken ?? (env.METRICS_TOKEN?.trim() || undefined);
  const port = wiring.appPort ?? createProbotAppPort(app, state);
  const scheduler = new Scheduler(port, state, app.log, wiring.scheduler);
  observeWebhooks(app, state.metrics);
  let ticker: { tick(): Promise<TickSummary> | undefined } = scheduler;
  if (wiring.redis) {
    // Queue mode: one tick at a time across the replicas, from a schedule on Redis.
    const cluster = new ClusterTick(
      wiring.redis.connection,
      scheduler,
      app.log,
      wiring.redis.prefix,
    );
    cluster.start(interval).catch((error: unknown) => {
      app.log.error({ error: String(error) }, 'queue mode: the tick schedule could not be set up');
    });
    state.closers.push(() => cluster.stop());
    // Work a replica stored but never started when it died: picked up now, not at the next tick.
    state.jobs.recover?.().catch((error: unknown) => {
      app.log.error({ error: String(error) }, 'queue mode: waiting work could not be recovered');
    });
    ticker = { tick: () => cluster.request() };
  } else {
    scheduler.start(interval);
  }
  wiring.onScheduler?.(scheduler);
  return {
    scheduler,
    routes: [
      createTickRoute(ticker, token, app.log),
      createMetricsRoute(state.metrics.registry, metricsToken),
    ],
  };
}
