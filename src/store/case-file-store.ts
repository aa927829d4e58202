import type { CaseFile } from '../domain/case-file.js';
import { decodeCaseFile, encodeCaseFile, type CaseFileHome } from '../domain/case-file-codec.js';
import { RECORD_V1_OPEN } from '../domain/markers.js';
import { migrateV1 } from '../domain/migrate-v1.js';
import { renderTrackingBody } from '../domain/tracking-body.js';
import type { GitHubPort, IssueComment } from '../github/port.js';

/** The identity the store trusts: state counts only when signed with this secret. */
export interface StoreIdentity {
  botLogin: string;
  secret: string;
}

/** Where a case lives: its tracking issue. */
export interface TrackingRef {
  repo: string;
  issue: number;
}

/** A tracking issue as the runner loaded it. */
export type LoadedCaseFile =
  | {
      kind: 'found';
      body: string;
      file: CaseFile;
      migrated?: { records: number; problems: string[] };
    }
  | { kind: 'absent'; body: string }
  | { kind: 'unreadable'; body: string; reason: string };

/**
 * Loads the case file from its tracking issue's body: one (conditional) read. A tracking issue
 * of version 1 (signed records in the App's comments, no case file) is migrated here, on first
 * touch: its comments are read once, and the next write stores the case file.
 */
export async function loadCaseFile(
  github: GitHubPort,
  tracking: TrackingRef,
  identity: StoreIdentity,
  now: Date,
  /** The job created the issue just now: there is no older state to look for in its comments. */
  created = false,
): Promise<LoadedCaseFile> {
  const issue = await github.getIssue(tracking.repo, tracking.issue);
  return caseFileFromBody(github, tracking, identity, now, issue.body, created);
}

/**
 * The case file in a tracking issue's body the caller already read (a listing of the tracking
 * repository's issues carries every body): no request, unless the issue is of version 1.
 */
export async function caseFileFromBody(
  github: GitHubPort,
  tracking: TrackingRef,
  identity: StoreIdentity,
  now: Date,
  body: string,
  created = false,
): Promise<LoadedCaseFile> {
  const read = decodeCaseFile(body, tracking, identity.secret);
  if (read.kind === 'found') return { kind: 'found', body, file: read.file };
  if (read.kind === 'unreadable') return { kind: 'unreadable', body, reason: read.reason };
  if (created) return { kind: 'absent', body };
  const comments = await github.listComments(tracking.repo, tracking.issue);
  const own = comments.filter(
    (c) => c.author === identity.botLogin && c.body.includes(RECORD_V1_OPEN),
  );
  if (own.length === 0) return { kind: 'absent', body };
  const migrated = migrateV1(own, identity.secret, now.toISOString());
  if (!migrated) return { kind: 'absent', body };
  return {
    kind: 'found',
    body,
    file: migrated.file,
    migrated: { records: migrated.records, problems: migrated.problems },
  };
}

/** The body the App would write: the people's text kept, status and case file replaced. */
export function renderCaseBody(
  current: string,
  marker: string,
  status: string,
  file: CaseFile,
  home: CaseFileHome,
  secret: string,
): string {
  return renderTrackingBody(current, marker, status, encodeCaseFile(file, home, secret));
}

/** Writes the body when it changed (and closes the issue, when asked); returns the body now on GitHub. */
export async function saveCaseBody(
  github: GitHubPort,
  tracking: TrackingRef,
  current: string,
  next: string,
  close?: 'completed' | 'not_planned',
): Promise<string> {
  if (next !== current || close)
    await github.updateIssue(tracking.repo, tracking.issue, {
      ...(next === current ? {} : { body: next }),
      ...(close ? { state: 'closed' as const, stateReason: close } : {}),
    });
  return next;
}

/** The App's comments on a tracking issue (for recovery after a crash), oldest first. */
export async function listAppComments(
  github: GitHubPort,
  tracking: TrackingRef,
  botLogin: string,
): Promise<IssueComment[]> {
  const comments = await github.listComments(tracking.repo, tracking.issue);
  return comments.filter((c) => c.author === botLogin);
}
