import { createHash } from 'node:crypto';
import type { CaseSummary } from '../domain/case-summary.js';
import { MEMORY_BUDGET } from '../memory-budget.js';
import type { CaseKey } from '../store/case-index.js';

/** A short digest of a text (a tracking issue's body, a configuration). */
export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** One open case as the tick remembers it between ticks. */
export interface IndexedCase {
  key: CaseKey;
  /** Digest of the tracking issue's body as last read: a listed body with this digest is unchanged. */
  digest: string;
  /** What reminders, reach checks and the dashboard read; absent when the case file was not readable. */
  summary?: CaseSummary;
  /** Digest of the configuration the case was last decided under: another one decides it again. */
  config: string;
  /** GitHub's `updated_at` of the case's advisory as last recorded. */
  polled?: string;
  /** Visit it next tick though nothing changed (work left, reminders to minimize, a failed visit). */
  revisit: boolean;
  /** Deliveries of awaited events the tick already fed to the case (not asked about again). */
  fed?: string[];
}

/** What an entry is taken to cost in memory (its JSON, two bytes a character, plus the map slot). */
function sizeOf(entry: IndexedCase): number {
  return 2 * JSON.stringify(entry).length + 96;
}

/**
 * The tracking repository's open cases as the tick knows them, and where its change feeds
 * start. Built from one listing of the open tracking issues (a cold start), then kept current
 * from the feeds; the number of cases it holds is whatever the repository has, its bytes are
 * counted so the indexes stay within their budget.
 */
export class TrackingIndex {
  readonly #cases = new Map<number, { entry: IndexedCase; bytes: number }>();
  #bytes = 0;
  /** Where the next listing of changed issues starts. */
  issuesSince: string | undefined;
  /** The dashboard issue and the digest of its body, as last listed or written. */
  dashboard: { number: number; digest: string } | undefined;

  /** An index of the issues carrying `label` (another label is another index). */
  constructor(readonly label: string) {}

  get(issue: number): IndexedCase | undefined {
    return this.#cases.get(issue)?.entry;
  }

  set(issue: number, entry: IndexedCase): void {
    this.delete(issue);
    const bytes = sizeOf(entry);
    this.#cases.set(issue, { entry, bytes });
    this.#bytes += bytes;
  }

  delete(issue: number): void {
    const known = this.#cases.get(issue);
    if (!known) return;
    this.#cases.delete(issue);
    this.#bytes -= known.bytes;
  }

  /** Issue numbers, lowest first (the order the listing gives and the dashboard ties use). */
  issues(): number[] {
    return [...this.#cases.keys()].sort((a, b) => a - b);
  }

  get size(): number {
    return this.#cases.size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}

/**
 * Every tracking repository's index, within a byte budget. Over it, the indexes used longest
 * ago are dropped whole (the next tick rebuilds one from a listing, which is never wrong, only
 * slower), never single cases (a half index would make the tick skip cases without knowing).
 */
export class TrackingIndexes {
  readonly #indexes = new Map<string, TrackingIndex>();

  constructor(private readonly maxBytes: number = MEMORY_BUDGET.indexBytes) {}

  get(repo: string): TrackingIndex | undefined {
    const key = repo.toLowerCase();
    const index = this.#indexes.get(key);
    if (!index) return undefined;
    this.#indexes.delete(key);
    this.#indexes.set(key, index);
    return index;
  }

  /** Keeps a complete index of `repo` (after a cold start), then trims to the budget. */
  set(repo: string, index: TrackingIndex): void {
    this.#indexes.delete(repo.toLowerCase());
    this.#indexes.set(repo.toLowerCase(), index);
    this.trim(index);
  }

  /** Forgets `repo`'s index: its next visit lists the open cases again. */
  drop(repo: string): void {
    this.#indexes.delete(repo.toLowerCase());
  }

  /** Drops the indexes used longest ago until the rest fit; `keep` is never dropped. */
  trim(keep?: TrackingIndex): void {
    let total = this.bytes;
    for (const [repo, index] of this.#indexes) {
      if (total <= this.maxBytes) return;
      if (index === keep) continue;
      this.#indexes.delete(repo);
      total -= index.bytes;
    }
  }

  get bytes(): number {
    let total = 0;
    for (const index of this.#indexes.values()) total += index.bytes;
    return total;
  }
}
