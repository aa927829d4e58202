import type { ConfigResult } from './parse-config.js';

/**
 * Configurations read recently, per repository and App instance. A maintainer's comment and the
 * webhooks its effects set off all need the product repository's configuration; reading it once
 * a minute instead of once per event keeps a command's cost down, and a change to the file is
 * used from the next minute on (the same bound as the visibility check).
 */
export class ConfigMemo {
  private readonly entries = new Map<string, { result: ConfigResult; at: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Drops what is remembered of `repo` (its configuration file just changed). */
  forget(repo: string): void {
    this.entries.delete(repo.toLowerCase());
  }

  /**
   * Drops every repository of `owner`: their configuration falls back to the owner's `.github`
   * repository, whose file just changed.
   */
  forgetOwner(owner: string): void {
    const prefix = `${owner.toLowerCase()}/`;
    for (const key of [...this.entries.keys()])
      if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** The configuration of `repo`, read with `load` unless read within the last minute. */
  async get(repo: string, load: () => Promise<ConfigResult>): Promise<ConfigResult> {
    const key = repo.toLowerCase();
    const entry = this.entries.get(key);
    if (entry && this.clock() - entry.at < this.ttlMs) return entry.result;
    const result = await load();
    this.entries.set(key, { result, at: this.clock() });
    return result;
  }
}
