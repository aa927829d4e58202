import { ConditionalCache } from './github/conditional-cache.js';
import { RepositoryMemo } from './github/repository-memo.js';
import { CaseIndexMemo } from './store/case-index-memo.js';
import { ConfigMemo } from './config/config-memo.js';
import type { Actor } from './domain/inputs.js';
import {
  createJsonJobQueue,
  createMemoryJobQueue,
  type JobQueue,
  type JobWorker,
} from './jobs/job-queue.js';
import { RedisJobQueue, type RedisJobQueueOptions } from './jobs/redis-job-queue.js';
import { createCaseMemory, type CaseMemory } from './runner/case-memory.js';
import { createMemoryQueue, type KeyedQueue } from './queue.js';
import { createMetrics, type Metrics } from './scheduler/metrics.js';
import type { PrivacyCache } from './store/tracking-guard.js';

/** Options of the App (from the environment in production, set directly in tests and the demo). */
export interface AppOptions {
  /** HMAC key of the case files (`STATE_SECRET`, falling back to `WEBHOOK_SECRET`). */
  stateSecret?: string;
  /** The App's bot login (`slug[bot]`); looked up with the App JWT when not given. */
  botLogin?: string;
  /** `DRY_RUN=true`: log every write to GitHub instead of making it (reads still happen). */
  dryRun?: boolean;
  /** The clock (the demo and tests pass a virtual one). */
  now?: () => Date;
  /** Fetches a URL for the reach check. */
  fetchText?: (url: string) => Promise<string>;
  /**
   * How jobs reach the worker: `memory` (default) by reference, `json` as a parsed copy of their
   * JSON, the way a distributed queue hands them over (tests play whole cases this way).
   */
  jobHandover?: 'memory' | 'json';
  /** Queue mode (`REDIS_URL`): jobs on Redis, shared by every replica. */
  redis?: RedisJobQueueOptions;
}

/** Everything one App instance keeps between events: caches and the keyed queue (no globals). */
export interface AppState {
  options: Required<Omit<AppOptions, 'botLogin' | 'stateSecret' | 'jobHandover' | 'redis'>> &
    Pick<AppOptions, 'botLogin' | 'stateSecret'>;
  cache: ConditionalCache;
  /** Repository visibility and default branch, re-read after a minute. */
  repositories: RepositoryMemo;
  /** Repository configurations, re-read after a minute (see `createConfigMemo`). */
  configs: ConfigMemo;
  /** Tracking issues per tracking repository, for routing product events to their cases. */
  caseIndex: CaseIndexMemo;
  privacy: PrivacyCache;
  queue: KeyedQueue;
  actors: Map<string, { actor: Actor; at: number }>;
  /** GHSA ID → where its case lives, to route installation-less `security_advisory` events. */
  knownCases: Map<
    string,
    { installationId: number; repo: string; issue: number; productRepo: string }
  >;
  /** Prometheus metrics of this App instance (its own registry, served at `/metrics`). */
  metrics: Metrics;
  /** Per case, the comments this instance posted that the case file does not record yet. */
  cases: CaseMemory;
  /** Jobs (webhook work as data) running after their delivery was acknowledged. */
  jobs: JobQueue;
  /**
   * Resolves when all queued work has settled (webhook work and pipeline runs): the demo and
   * tests wait on it after each step, a graceful shutdown waits on it before exiting.
   */
  idle(): Promise<void>;
  /** What a shutdown closes after the work has stopped (queue mode's tick schedule). */
  closers: (() => Promise<void>)[];
}

async function defaultFetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url} answered ${String(response.status)}`);
  return response.text();
}

/** The log calls the App state makes (Probot's logger satisfies it). */
export interface AppStateLog {
  error(obj: object, msg?: string): void;
}

/** A worker for an App state built without one (the scheduler's tests): jobs are refused. */
function noWorker(): Promise<void> {
  return Promise.reject(new Error('this App state was built without a job worker'));
}

/**
 * Creates the per-App state. `worker` runs each job the handlers add (it needs the state, so it
 * is made from it); `log` reports jobs that failed.
 */
export function createAppState(
  options: AppOptions = {},
  worker: (state: AppState) => JobWorker = () => noWorker,
  log: AppStateLog = { error: () => undefined },
): AppState {
  const queue = createMemoryQueue();
  const metrics = createMetrics();
  const createJobs = options.jobHandover === 'json' ? createJsonJobQueue : createMemoryJobQueue;
  const run: JobWorker = (job) => work(job);
  const failed = (delivery: { event: string }) => {
    metrics.webhooks.inc({ event: delivery.event, outcome: 'failed' });
  };
  let jobs: JobQueue;
  if (options.redis) {
    const redisJobs = new RedisJobQueue(options.redis, queue, run, failed, log);
    metrics.deadLetterSource.read = () => redisJobs.deadLetters();
    jobs = redisJobs;
  } else {
    jobs = createJobs(queue, run, failed, log);
  }
  const state: AppState = {
    options: {
      ...(options.botLogin === undefined ? {} : { botLogin: options.botLogin }),
      ...(options.stateSecret === undefined ? {} : { stateSecret: options.stateSecret }),
      dryRun: options.dryRun ?? false,
      now: options.now ?? (() => new Date()),
      fetchText: options.fetchText ?? defaultFetchText,
    },
    cache: new ConditionalCache(),
    repositories: new RepositoryMemo(),
    // The App's clock, so a virtual clock (the sandbox, tests) also ages what is remembered.
    configs: new ConfigMemo(60_000, () => (options.now ?? (() => new Date()))().getTime()),
    caseIndex: new CaseIndexMemo(() => (options.now ?? (() => new Date()))().getTime()),
    privacy: new Map(),
    queue,
    actors: new Map(),
    knownCases: new Map(),
    cases: createCaseMemory({ shared: options.redis !== undefined }),
    metrics,
    jobs,
    idle: () => jobs.idle(),
    closers: [],
  };
  const work = worker(state);
  return state;
}
