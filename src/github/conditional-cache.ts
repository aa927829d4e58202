/** One cached GET response: its ETag and the data it carried. */
export interface CachedPage<T> {
  etag: string;
  data: T;
}

/**
 * ETag cache for conditional GETs (a 304 costs no rate limit). Owned by the App instance that
 * created it (no module-level state) and bounded, dropping the oldest entries first.
 */
export class ConditionalCache {
  readonly #entries = new Map<string, CachedPage<unknown>>();
  #hits = 0;
  #misses = 0;

  constructor(private readonly maxEntries = 20_000) {}

  get<T>(key: string): CachedPage<T> | undefined {
    return this.#entries.get(key) as CachedPage<T> | undefined;
  }

  set<T>(key: string, page: CachedPage<T>): void {
    this.#entries.delete(key);
    this.#entries.set(key, page);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Records whether a conditional request was answered 304 (for metrics and the benchmark). */
  count(hit: boolean): void {
    if (hit) this.#hits++;
    else this.#misses++;
  }

  get stats(): { hits: number; misses: number; size: number } {
    return { hits: this.#hits, misses: this.#misses, size: this.#entries.size };
  }
}
