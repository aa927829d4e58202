import type { AppComment } from '../domain/case-file.js';

/** A comment this process posted for a job, not yet recorded in the case file. */
export interface SentComment {
  job: string;
  comment: AppComment;
  /** The job's effects the comment confirms done. */
  done: string[];
}

/**
 * What one App instance remembers per case between runs: the comments it posted whose job the
 * case file does not record yet (the next write records them). It is never the state: losing
 * it (a restart) costs one read of the comments, nothing else.
 */
export interface CaseMemory {
  sent: Map<string, SentComment[]>;
  /**
   * The case-file revision this instance last read or wrote per case. A body the job already
   * holds (the webhook's issue, the issue just created, the tick's read) at this revision is
   * what GitHub has, so the job need not read it again. Per instance: a write by another
   * replica is not seen here, so a replica that shares cases must keep this with the case.
   */
  revs: Map<string, number>;
}

/**
 * Revisions that are never kept: with several replicas writing the same cases (queue mode) a
 * revision this replica remembers may be one another replica has written past, and a body an
 * event carried at that revision would be trusted and written over. So every run reads the body.
 */
class UnkeptRevisions extends Map<string, number> {
  override set(): this {
    return this;
  }
}

/**
 * An empty memory. `shared`: other replicas write the same cases (queue mode), so no revision is
 * remembered and a body an event carries is never taken for what GitHub has.
 */
export function createCaseMemory(options: { shared?: boolean } = {}): CaseMemory {
  return {
    sent: new Map(),
    revs: options.shared ? new UnkeptRevisions() : new Map<string, number>(),
  };
}

/** The memory key of a case. */
export function caseKeyOf(tracking: { repo: string; issue: number }): string {
  return `${tracking.repo}#${String(tracking.issue)}`;
}
