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
}

/** An empty memory. */
export function createCaseMemory(): CaseMemory {
  return { sent: new Map() };
}

/** The memory key of a case. */
export function caseKeyOf(tracking: { repo: string; issue: number }): string {
  return `${tracking.repo}#${String(tracking.issue)}`;
}
