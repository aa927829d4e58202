import type { CaseFile, OutboxEntry } from '../domain/case-file.js';
import { decodeCaseFile, BODY_LIMIT } from '../domain/case-file-codec.js';
import { expectedCase, expectedLog } from '../domain/effect-plan.js';
import { renderStatusSection } from '../domain/render/status-section.js';
import { encodeReplyRef } from '../domain/reply-ref.js';
import type { GitHubPort, IssueComment } from '../github/port.js';
import { caseMarker } from '../store/case-index.js';
import { renderCaseBody, saveCaseBody, type TrackingRef } from '../store/case-file-store.js';
import type { RunnerDeps } from './runner-deps.js';
import { archiveLog } from './log-archive.js';
import { rememberRev } from './seen-body.js';

/** The case-file revision on GitHub changed under a run (another writer): the run stops. */
export class CaseFileConflictError extends Error {
  constructor(tracking: TrackingRef, expected: number, found: number | undefined) {
    super(
      `the case file of ${tracking.repo}#${String(tracking.issue)} is at revision ${String(found ?? 'none')}, expected ${String(expected)}`,
    );
    this.name = 'CaseFileConflictError';
  }
}

/** Leaves room for a person's edit of the report between two writes. */
const BODY_MARGIN = 2_000;

/**
 * A second write within this long of the body's last read or write reuses that copy: the
 * window in which a person's edit of the report could be lost is then no longer than the one
 * between any read and write. Effects that took longer (a slow fork) make it read the body again.
 */
const FRESH_MS = 1_000;

/**
 * One run's view of a case: the body as last read or written, and the case file. Every write to
 * the tracking issue goes through here, so the file's revision, the status section and the
 * signed reference of each comment stay in step.
 */
export class CaseSession {
  writes = 0;
  comments = 0;
  /** Wall-clock time (not the App's clock) of the last read or write of the body. */
  private touchedAt = Date.now();

  constructor(
    readonly deps: RunnerDeps,
    readonly github: GitHubPort,
    readonly tracking: TrackingRef,
    public body: string,
    public file: CaseFile,
  ) {}

  /**
   * Writes the case file (revision + 1) and the status section in one PATCH; `close` closes the
   * tracking issue in the same request.
   */
  async save(
    options: { reread?: boolean; close?: 'completed' | 'not_planned' } = {},
  ): Promise<void> {
    const { deps, tracking } = this;
    if (options.reread && Date.now() - this.touchedAt > FRESH_MS) await this.reread();
    let next: CaseFile = { ...this.file, rev: this.file.rev + 1 };
    let body = this.render(next);
    if (body.length > BODY_LIMIT - BODY_MARGIN) {
      next = await archiveLog(this, next);
      body = this.render(next);
    }
    if (body.length > BODY_LIMIT)
      throw new Error(
        `the tracking issue ${tracking.repo}#${String(tracking.issue)} would exceed GitHub's body limit (${String(body.length)} characters)`,
      );
    this.body = await saveCaseBody(this.github, tracking, this.body, body, options.close);
    this.touchedAt = Date.now();
    this.file = next;
    rememberRev(deps, tracking, next.rev);
    this.writes++;
    deps.log.info({ tracking, rev: next.rev }, 'case file written');
  }

  /** The body with this file: status rendered as the case stands once pending effects succeed. */
  render(file: CaseFile): string {
    const { deps, tracking } = this;
    const state = expectedCase(file);
    const log = expectedLog(file, deps.identity.botLogin);
    const status = renderStatusSection(state, log, { now: deps.now(), config: deps.config });
    const marker = caseMarker({ repo: state.repo, ghsaId: state.ghsaId });
    return renderCaseBody(this.body, marker, status, file, tracking, deps.identity.secret);
  }

  /**
   * Reads the body again before a second write, so a person's edit of the report made while the
   * effects ran survives; refuses when the case file itself moved on.
   */
  private async reread(): Promise<void> {
    const { github, tracking, deps } = this;
    const issue = await github.getIssue(tracking.repo, tracking.issue);
    this.touchedAt = Date.now();
    if (issue.body === this.body) return;
    const read = decodeCaseFile(issue.body, tracking, deps.identity.secret);
    const found = read.kind === 'found' ? read.file.rev : undefined;
    if (found !== this.file.rev) {
      rememberRev(deps, tracking, undefined);
      throw new CaseFileConflictError(tracking, this.file.rev, found);
    }
    this.body = issue.body;
  }

  /** Posts a comment with the signed reference of its job (the job's `done` effects). */
  async post(entry: OutboxEntry, done: readonly string[]): Promise<IssueComment> {
    const { deps, tracking } = this;
    const ref = encodeReplyRef(
      {
        job: entry.job,
        rev: this.file.rev,
        done: [...done],
        ...(entry.replyTo === undefined ? {} : { replyTo: entry.replyTo }),
      },
      tracking,
      deps.identity.secret,
    );
    const posted = await this.github.createComment(
      tracking.repo,
      tracking.issue,
      `${entry.text}\n\n${ref}`,
    );
    this.comments++;
    return posted;
  }
}
