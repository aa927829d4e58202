import { MEMORY_BUDGET } from '../memory-budget.js';

/** One cached GET response: its ETag and the data it carried. */
export interface CachedPage<T> {
  etag: string;
  data: T;
}

interface Entry {
  page: CachedPage<unknown>;
  bytes: number;
}

/**
 * Roughly what a value holds in memory: two bytes per character of its JSON (V8 stores most
 * strings in one, but object headers and property slots make up the difference).
 */
export function approximateBytes(value: unknown): number {
  // `JSON.stringify(undefined)` is undefined, though its type says string.
  const text = JSON.stringify(value) as string | undefined;
  return 2 * (text ?? '').length + 64;
}

/**
 * ETag cache for conditional GETs (a 304 costs no rate limit). Owned by the App instance that
 * created it (no module-level state) and bounded by the bytes it holds, not by its entry count:
 * an entry may be one small advisory list or a page of a hundred issue bodies. The least
 * recently used entries go first.
 */
export class ConditionalCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;

  constructor(private readonly maxBytes: number = MEMORY_BUDGET.cacheBytes) {}

  get<T>(key: string): CachedPage<T> | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.page as CachedPage<T>;
  }

  /** Keeps the page unless it alone is larger than the whole cache; `bytes` as measured, if known. */
  set<T>(key: string, page: CachedPage<T>, bytes = approximateBytes(page.data)): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.#entries.set(key, { page, bytes });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }

  /** Drops one entry (a page past the end of a listing that shrank); false when there was none. */
  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    return true;
  }

  /** Records whether a conditional request was answered 304 (for metrics and the benchmark). */
  count(hit: boolean): void {
    if (hit) this.#hits++;
    else this.#misses++;
  }

  get stats(): { hits: number; misses: number; size: number; bytes: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#entries.size, bytes: this.#bytes };
  }
}
