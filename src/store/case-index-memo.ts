import type { TrackingIssue } from '../github/port.js';
import type { CaseKey } from './case-index.js';

type Entry = { issue: TrackingIssue; key: CaseKey };

/**
 * The tracking issues of each tracking repository, as last listed, per App instance. Every event
 * of a product repository (a push, a deployment, a release) asks which cases it may concern;
 * listing the tracking repository each time would cost a paginated read per event. The list is
 * forgotten when GitHub says a tracking issue opened, closed, was reopened, deleted, transferred
 * or relabelled, and is kept at most a minute on the App's clock (a replica that missed such
 * an event is wrong for that long at most).
 */
export class CaseIndexMemo {
  private readonly entries = new Map<string, { at: number; list: Entry[] }>();

  constructor(
    private readonly clock: () => number,
    private readonly ttlMs = 60_000,
  ) {}

  /** The listing of `repo`, read with `load` unless it is remembered and fresh. */
  async get(repo: string, load: () => Promise<Entry[]>): Promise<Entry[]> {
    const key = repo.toLowerCase();
    const known = this.entries.get(key);
    if (known && this.clock() - known.at < this.ttlMs) return known.list;
    const list = await load();
    this.entries.set(key, { at: this.clock(), list });
    return list;
  }

  /** Forgets the listing of `repo` (one of its tracking issues changed state or labels). */
  forget(repo: string): void {
    this.entries.delete(repo.toLowerCase());
  }
}
