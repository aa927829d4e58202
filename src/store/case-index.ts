import type { GitHubPort, TrackingIssue } from '../github/port.js';
import { CASE_MARKER_PATTERN, caseMarkerText } from '../domain/markers.js';

/** Identity of a case, as written in a hidden marker in its tracking issue's body. */
export interface CaseKey {
  /** Product repository, or undefined for a manual report not yet tied to one. */
  repo: string | undefined;
  /** GHSA ID, or undefined for a manual report without an advisory yet. */
  ghsaId: string | undefined;
}

const PATTERN = CASE_MARKER_PATTERN;

/**
 * The marker that makes an issue a tracking issue. It is only a locator: the case's facts come
 * from the signed case file, so a human who edits or copies it cannot change anything but where the
 * App looks.
 */
export function caseMarker(key: CaseKey): string {
  return caseMarkerText(key.repo, key.ghsaId);
}

/** Reads the case marker from an issue body. */
export function readCaseMarker(body: string): CaseKey | undefined {
  const match = PATTERN.exec(body);
  if (!match) return undefined;
  const [, repo, ghsa] = match;
  return { repo: repo === 'manual' ? undefined : repo, ghsaId: ghsa === 'none' ? undefined : ghsa };
}

/** The tracking issues in a repository (by label), with their markers. */
export async function listTrackingIssues(
  github: GitHubPort,
  trackingRepo: string,
  label: string,
): Promise<{ issue: TrackingIssue; key: CaseKey }[]> {
  const issues = await github.listIssuesWithLabel(trackingRepo, label);
  return issues.flatMap((issue) => {
    const key = readCaseMarker(issue.body);
    return key ? [{ issue, key }] : [];
  });
}

/** The tracking issue of an advisory, if the App already opened one. */
export async function findTrackingIssue(
  github: GitHubPort,
  trackingRepo: string,
  label: string,
  repo: string,
  ghsaId: string,
): Promise<TrackingIssue | undefined> {
  const all = await listTrackingIssues(github, trackingRepo, label);
  return all.find(
    (entry) => entry.key.repo === repo && entry.key.ghsaId?.toLowerCase() === ghsaId.toLowerCase(),
  )?.issue;
}
