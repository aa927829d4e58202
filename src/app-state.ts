import { ConditionalCache } from './github/conditional-cache.js';
import type { Actor } from './domain/inputs.js';
import { createMemoryQueue, type KeyedQueue } from './queue.js';
import type { PrivacyCache } from './store/tracking-guard.js';

/** Options of the App (from the environment in production, set directly in tests and the demo). */
export interface AppOptions {
  /** HMAC key of the state records (`STATE_SECRET`, falling back to `WEBHOOK_SECRET`). */
  stateSecret?: string;
  /** The App's bot login (`slug[bot]`); looked up with the App JWT when not given. */
  botLogin?: string;
  /** `DRY_RUN=true`: log planned records and effects, write nothing. */
  dryRun?: boolean;
  /** The clock (the demo and tests pass a virtual one). */
  now?: () => Date;
  /** Fetches a URL for the reach check. */
  fetchText?: (url: string) => Promise<string>;
}

/** Everything one App instance keeps between events: caches and the keyed queue (no globals). */
export interface AppState {
  options: Required<Omit<AppOptions, 'botLogin' | 'stateSecret'>> &
    Pick<AppOptions, 'botLogin' | 'stateSecret'>;
  cache: ConditionalCache;
  privacy: PrivacyCache;
  queue: KeyedQueue;
  actors: Map<string, { actor: Actor; at: number }>;
  /** GHSA ID → where its case lives, to route installation-less `security_advisory` events. */
  knownCases: Map<
    string,
    { installationId: number; repo: string; issue: number; productRepo: string }
  >;
}

async function defaultFetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return response.text();
}

/** Creates the per-App state. */
export function createAppState(options: AppOptions = {}): AppState {
  return {
    options: {
      ...(options.botLogin === undefined ? {} : { botLogin: options.botLogin }),
      ...(options.stateSecret === undefined ? {} : { stateSecret: options.stateSecret }),
      dryRun: options.dryRun ?? false,
      now: options.now ?? (() => new Date()),
      fetchText: options.fetchText ?? defaultFetchText,
    },
    cache: new ConditionalCache(),
    privacy: new Map(),
    queue: createMemoryQueue(),
    actors: new Map(),
    knownCases: new Map(),
  };
}
