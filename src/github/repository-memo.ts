/** What the App reads of a repository: its visibility, default branch and creation. */
export interface RepositoryInfo {
  private: boolean;
  defaultBranch: string;
  createdAt?: string;
}

/**
 * Repository facts read recently, per App instance. Visibility decides whether the App may write
 * (the tracking repository must be private) and how advisories are mapped; it is re-read after a
 * minute, so a repository made public stops getting writes fast, while a burst of events costs
 * one read instead of one per advisory read.
 */
export class RepositoryMemo {
  private readonly entries = new Map<string, { info: RepositoryInfo; at: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The remembered facts, if read within the last minute. */
  get(repo: string): RepositoryInfo | undefined {
    const entry = this.entries.get(repo.toLowerCase());
    if (!entry || this.clock() - entry.at >= this.ttlMs) return undefined;
    return entry.info;
  }

  set(repo: string, info: RepositoryInfo): void {
    this.entries.set(repo.toLowerCase(), { info, at: this.clock() });
  }
}
