import { performance } from 'node:perf_hooks';
import type { AppState } from '../instance-state.js';
import type { RunnerLog } from '../runner/runner-deps.js';
import type { AppPort } from './app-port.js';
import { faultOf, InstallationAbort } from './faults.js';
import { visitInstallation } from './installation-visit.js';
import { redeliverFailed } from './redelivery.js';
import { TrackingIndexes } from './tracking-index.js';
import type { VisitHost } from './visit-job.js';
import {
  DEFAULT_SCHEDULER_OPTIONS,
  emptySummary,
  type SchedulerMemory,
  type SchedulerOptions,
  type TickContext,
  type TickSummary,
} from './tick-scope.js';

/**
 * The tick: reminders, polling and reconciliation, unanswered commands, redelivery and the
 * dashboards, over every installation. One tick at a time (a second request while one runs is
 * refused, not queued); the embedded interval is unref'd so it never keeps the process alive.
 */
export class Scheduler {
  readonly memory: SchedulerMemory = {
    redelivered: new Set(),
    minimized: new Set(),
    commentsSince: new Map(),
    indexes: new TrackingIndexes(),
    configNotices: new Map(),
    backoffUntil: new Map(),
  };
  readonly options: SchedulerOptions;
  #running: Promise<TickSummary> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(
    private readonly app: AppPort,
    private readonly state: AppState,
    private readonly log: RunnerLog,
    options: Partial<SchedulerOptions> = {},
  ) {
    this.options = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
  }

  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Starts a tick, or returns undefined when one is already running. */
  tick(): Promise<TickSummary> | undefined {
    if (this.#running) {
      this.state.metrics.ticks.inc({ outcome: 'skipped' });
      return undefined;
    }
    const run = this.#run().finally(() => {
      this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  /** Ticks every `seconds` (0 or less: never). */
  start(seconds: number): void {
    if (seconds <= 0 || this.#timer) return;
    this.#stopping = false;
    this.#timer = setInterval(() => {
      this.tick()?.catch((error: unknown) => {
        this.log.error({ error: String(error) }, 'tick failed');
      });
    }, seconds * 1000);
    this.#timer.unref();
  }

  /** Stops the interval and lets a running tick end after the case it is on. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopping = true;
    await this.#running?.catch(() => undefined);
    this.#stopping = false;
  }

  /** What a tick's visit of a case, run here for another replica's tick, borrows. */
  visitHost(): VisitHost {
    return {
      options: this.options,
      memory: this.memory,
      log: this.log,
      now: this.state.options.now,
    };
  }

  /** What `/healthz` adds: the last tick that visited everything without a fault. */
  health(): Record<string, string> {
    const last = this.memory.lastSuccessfulTick;
    return last ? { lastSuccessfulTick: last } : {};
  }

  async #run(): Promise<TickSummary> {
    const started = performance.now();
    const now = this.state.options.now;
    const startedAt = now();
    const summary = emptySummary(startedAt);
    const { metrics } = this.state;
    let failed = false;
    try {
      const ctx: TickContext = {
        app: this.app,
        state: this.state,
        memory: this.memory,
        options: this.options,
        metrics,
        log: this.log,
        identity: await this.app.identity(),
        minute: `${startedAt.toISOString().slice(0, 16)}Z`,
        summary,
        minimizeBudget: { left: this.options.maxMinimizePerTick },
        stopping: () => this.#stopping,
        now,
      };
      const recovered = await this.state.jobs.recover?.();
      if (recovered)
        this.log.warn(
          { cases: recovered },
          'queue mode: restarted the work of cases whose replica died before starting it',
        );
      for (const installation of await this.app.listInstallations()) {
        if (this.#stopping) break;
        await this.#visit(ctx, installation);
      }
      if (this.options.redeliver && !this.#stopping) {
        summary.redelivered = await redeliverFailed(
          this.app,
          this.memory,
          now(),
          this.options.maxRedeliveriesPerTick,
          metrics,
          this.log,
        );
      }
    } catch (error) {
      failed = true;
      summary.errors++;
      this.log.error({ error: String(error) }, 'tick failed');
    }
    summary.durationMs = performance.now() - started;
    const clean = !failed && summary.errors === 0 && summary.backedOff === 0 && !this.#stopping;
    this.#record(summary, clean, failed);
    return summary;
  }

  async #visit(ctx: TickContext, installation: { id: number; account: string }): Promise<void> {
    const { summary } = ctx;
    const until = this.memory.backoffUntil.get(installation.id) ?? 0;
    if (ctx.now().getTime() < until) {
      summary.backedOff++;
      return;
    }
    try {
      await visitInstallation(ctx, installation);
      summary.installations++;
    } catch (error) {
      const abort =
        error instanceof InstallationAbort ? error.fault : faultOf(error, ctx.now().getTime());
      if (abort.kind === 'gone') {
        summary.skipped++;
        this.log.info({ installation: installation.id }, 'tick: installation gone; skipped');
      } else if (abort.kind === 'backoff') {
        summary.backedOff++;
        this.memory.backoffUntil.set(installation.id, ctx.now().getTime() + abort.retryAfterMs);
        this.log.warn(
          { installation: installation.id, status: abort.status, retryAfterMs: abort.retryAfterMs },
          'tick: GitHub asked to back off; the installation is retried later',
        );
      } else {
        summary.errors++;
        this.log.error(
          { installation: installation.id, error: String(error) },
          'tick: installation failed',
        );
      }
    }
  }

  #record(summary: TickSummary, clean: boolean, failed: boolean): void {
    const { metrics } = this.state;
    this.memory.lastTick = summary;
    metrics.tickSeconds.observe(summary.durationMs / 1000);
    metrics.ticks.inc({ outcome: failed ? 'failed' : clean ? 'ok' : 'partial' });
    if (!clean) return;
    this.memory.lastSuccessfulTick = summary.startedAt;
    metrics.lastSuccessfulTick.set(Date.parse(summary.startedAt) / 1000);
    metrics.openCases.reset();
    for (const [phase, n] of Object.entries(summary.phases)) metrics.openCases.set({ phase }, n);
    metrics.overdue.reset();
    for (const [kind, n] of Object.entries(summary.overdue)) metrics.overdue.set({ kind }, n);
  }
}
