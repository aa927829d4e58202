import type { AdvisoryPilotConfig } from '../config/schema.js';
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
