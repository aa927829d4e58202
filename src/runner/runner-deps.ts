import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { AppState } from '../instance-state.js';
import type { GitHubPort } from '../github/port.js';
import type { KeyedQueue } from '../queue.js';
import type { StoreIdentity } from '../store/case-file-store.js';
import type { PrivacyCache } from '../store/tracking-guard.js';
import type { CaseMemory } from './case-memory.js';

/** The logger calls the runner makes (Probot's pino logger satisfies it). */
export interface RunnerLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Everything the runner sequences. */
export interface RunnerDeps {
  github: GitHubPort;
  config: AdvisoryPilotConfig;
  identity: StoreIdentity;
  /** Serialises runs per case (one at a time per tracking issue). */
  queue: KeyedQueue;
  now: () => Date;
  log: RunnerLog;
  /** Log every write instead of making it (the port is wrapped; nothing is stored). */
  dryRun: boolean;
  privacy: PrivacyCache;
  fetchText: (url: string) => Promise<string>;
  memory: CaseMemory;
}

/**
 * The runner's dependencies for one case: the App instance's queue, clock, caches and memory,
 * with the GitHub port, configuration, identity and log of the delivery or tick that runs it.
 */
export function runnerDepsOf(
  state: AppState,
  run: Pick<RunnerDeps, 'github' | 'config' | 'identity' | 'log'>,
): RunnerDeps {
  return {
    ...run,
    queue: state.queue,
    now: state.options.now,
    dryRun: state.options.dryRun,
    privacy: state.privacy,
    fetchText: state.options.fetchText,
    memory: state.cases,
  };
}
