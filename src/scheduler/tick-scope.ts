import type { AppState } from '../instance-state.js';
import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { GitHubPort } from '../github/port.js';
import type { Services } from '../handlers/services.js';
import { runnerDepsOf, type RunnerDeps, type RunnerLog } from '../runner/runner-deps.js';
import type { StoreIdentity } from '../store/case-file-store.js';
import type { AppPort, InstallationAccess } from './app-port.js';
import type { Metrics } from './metrics.js';
import type { TrackingIndexes } from './tracking-index.js';

/** How a tick paces itself; every field has a default (see `DEFAULT_SCHEDULER_OPTIONS`). */
export interface SchedulerOptions {
  /** Cases visited at once per installation (GitHub allows 100 concurrent requests). */
  concurrency: number;
  /** Pause after a case that wrote something (content creation is limited to 80 a minute). */
  pauseMs: number;
  /** A command younger than this is left to its webhook, which may still be in flight. */
  commandGraceMs: number;
  /** A triage advisory younger than this is left to its `reported` webhook. */
  openGraceMs: number;
  /** Reminder comments minimized per tick at most (after a restart the backlog is spread). */
  maxMinimizePerTick: number;
  /** Failed deliveries redelivered per tick at most. */
  maxRedeliveriesPerTick: number;
  /** Redeliver failed webhook deliveries (needs the App JWT). */
  redeliver: boolean;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  concurrency: 4,
  pauseMs: 1_000,
  commandGraceMs: 120_000,
  openGraceMs: 120_000,
  maxMinimizePerTick: 50,
  maxRedeliveriesPerTick: 100,
  redeliver: true,
};

/** What one tick did, for logs, `/healthz`, the metrics and tests. */
export interface TickSummary {
  startedAt: string;
  durationMs: number;
  installations: number;
  /** Installations gone (uninstalled mid-tick) and skipped. */
  skipped: number;
  /** Installations whose tick stopped (or did not start) because GitHub asked to back off. */
  backedOff: number;
  /** Open cases decided (from their summaries or loaded). */
  cases: number;
  /** Cases whose tracking issue was read and folded (changed, due, or a cold start). */
  loaded: number;
  opened: number;
  commands: number;
  observed: number;
  reminders: number;
  minimized: number;
  dashboards: number;
  redelivered: number;
  errors: number;
  phases: Record<string, number>;
  overdue: Record<string, number>;
}

/** What the scheduler remembers between ticks, in memory, per App instance. */
export interface SchedulerMemory {
  /** Delivery GUIDs already redelivered by this process. */
  redelivered: Set<string>;
  /** Node IDs of comments this process minimized. */
  minimized: Set<string>;
  /** Tracking repository → where the next tick's listing of changed comments starts. */
  commentsSince: Map<string, string>;
  /** Every tracking repository's open cases, as the tick keeps them between ticks. */
  indexes: TrackingIndexes;
  /** Installation ID → epoch ms before which it is not visited (GitHub asked to back off). */
  backoffUntil: Map<number, number>;
  /** Product repository → the configuration problem this process last wrote a notice for. */
  configNotices: Map<string, string>;
  lastSuccessfulTick?: string;
  lastTick?: TickSummary;
}

/** Everything a tick's visits share. */
export interface TickContext {
  app: AppPort;
  state: AppState;
  memory: SchedulerMemory;
  options: SchedulerOptions;
  metrics: Metrics;
  log: RunnerLog;
  identity: StoreIdentity;
  /** The tick's start as an ISO minute: keys the tick's records (`tick:#12:2026-11-23T09:00Z`). */
  minute: string;
  summary: TickSummary;
  /** Comments this tick may still minimize. */
  minimizeBudget: { left: number };
  stopping(): boolean;
  now(): Date;
}

/**
 * What visiting one case needs of a tick: the ticking replica's own context, or (queue mode) the
 * one the replica draining the case builds for a `tick-visit` job.
 */
export type VisitContext = Pick<
  TickContext,
  | 'state'
  | 'options'
  | 'metrics'
  | 'log'
  | 'identity'
  | 'minute'
  | 'summary'
  | 'minimizeBudget'
  | 'now'
> & { memory: Pick<SchedulerMemory, 'minimized'> };

/** A fresh summary. */
export function emptySummary(startedAt: Date): TickSummary {
  return {
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    installations: 0,
    skipped: 0,
    backedOff: 0,
    cases: 0,
    loaded: 0,
    opened: 0,
    commands: 0,
    observed: 0,
    reminders: 0,
    minimized: 0,
    dashboards: 0,
    redelivered: 0,
    errors: 0,
    phases: {},
    overdue: {},
  };
}

/** The pipeline's dependencies for one case, sharing the App's queue with the webhook handlers. */
export function pipelineDeps(
  ctx: Pick<TickContext, 'state' | 'identity' | 'log'>,
  github: GitHubPort,
  config: AdvisoryPilotConfig,
): RunnerDeps {
  return runnerDepsOf(ctx.state, { github, config, identity: ctx.identity, log: ctx.log });
}

/** The handlers' `Services` shape, for the helpers the tick shares with them. */
export function servicesOf(ctx: TickContext, access: InstallationAccess): Services {
  return {
    github: access.github,
    identity: ctx.identity,
    configOf: (repo) => access.configOf(repo),
    deps: (config) => pipelineDeps(ctx, access.github, config),
  };
}
