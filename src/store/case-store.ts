import { fold, type FoldResult } from '../domain/fold.js';
import { encodeRecordMarker, extractRecords } from '../domain/record-codec.js';
import type { CaseRecord } from '../domain/records.js';
import type { GitHubPort, IssueComment } from '../github/port.js';

/** Where a case lives: its tracking issue. */
export interface TrackingRef {
  repo: string;
  issue: number;
}

/** A comment whose hidden record could not be trusted. */
export interface Suspicious {
  commentId: number;
  author: string;
  reason: string;
}

/** A case as loaded from its tracking issue. */
export interface LoadedCase {
  tracking: TrackingRef;
  comments: IssueComment[];
  records: CaseRecord[];
  /** Comment that carried each record (for minimizing superseded reminders). */
  commentOf: Map<string, number>;
  folded: FoldResult;
  /** Untrusted markers not flagged yet: each gets one reply and a `flag` record. */
  suspicious: Suspicious[];
}

const MARKER = '<!-- advisory-pilot:record ';

/** The identity the store trusts: records count only in comments by this bot with this secret. */
export interface StoreIdentity {
  botLogin: string;
  secret: string;
}

/**
 * Loads a case from its tracking issue: every comment (all pages, conditional requests), the
 * records of the App's own comments whose signatures verify, folded in comment order. A marker
 * in a human's comment, or a bot record that no longer verifies (edited), is never trusted: it
 * is returned as suspicious so the pipeline flags it once.
 */
export async function loadCase(
  github: GitHubPort,
  tracking: TrackingRef,
  identity: StoreIdentity,
): Promise<LoadedCase> {
  const comments = await github.listComments(tracking.repo, tracking.issue);
  const records: CaseRecord[] = [];
  const commentOf = new Map<string, number>();
  const suspicious: Suspicious[] = [];
  for (const comment of comments) {
    if (!comment.body.includes(MARKER)) continue;
    if (comment.author !== identity.botLogin) {
      suspicious.push({
        commentId: comment.id,
        author: comment.author,
        reason: 'a record marker in a comment not written by the App',
      });
      continue;
    }
    const extracted = extractRecords(comment.body, identity.secret);
    for (const record of extracted.records) {
      records.push(record);
      if (!commentOf.has(record.id)) commentOf.set(record.id, comment.id);
    }
    for (const problem of extracted.problems) {
      suspicious.push({ commentId: comment.id, author: comment.author, reason: problem.reason });
    }
  }
  const folded = fold(records);
  const flagged = new Set(records.flatMap((r) => (r.type === 'flag' ? [r.commentId] : [])));
  return {
    tracking,
    comments,
    records,
    commentOf,
    folded,
    suspicious: dedupeByComment(suspicious).filter((s) => !flagged.has(s.commentId)),
  };
}

function dedupeByComment(list: Suspicious[]): Suspicious[] {
  const seen = new Set<number>();
  return list.filter((s) => (seen.has(s.commentId) ? false : (seen.add(s.commentId), true)));
}

/** GitHub's limit on a comment body is 65,536 characters; replies are cut well before it. */
const MAX_REPLY = 60_000;

/** The body of an App comment: the visible reply, then the hidden signed records. */
export function renderRecordComment(
  reply: string | undefined,
  records: readonly CaseRecord[],
  secret: string,
): string {
  const text =
    reply && reply.length > MAX_REPLY
      ? `${reply.slice(0, MAX_REPLY)}\n\n… (cut: the full text is too long for one comment)`
      : (reply ?? '');
  const markers = records.map((r) => encodeRecordMarker(r, secret)).join('\n');
  return text ? `${text}\n\n${markers}` : markers;
}

/** Appends records (and an optional reply) as one comment by the App. */
export async function appendRecords(
  github: GitHubPort,
  tracking: TrackingRef,
  reply: string | undefined,
  records: readonly CaseRecord[],
  secret: string,
): Promise<IssueComment | undefined> {
  if (records.length === 0 && !reply) return undefined;
  return github.createComment(
    tracking.repo,
    tracking.issue,
    renderRecordComment(reply, records, secret),
  );
}

export const STATUS_START = '<!-- advisory-pilot:status:start -->';
export const STATUS_END = '<!-- advisory-pilot:status:end -->';

/** Replaces (or appends) the status section of an issue body, keeping everything else. */
export function spliceStatus(body: string, section: string): string {
  const start = body.indexOf(STATUS_START);
  const end = body.indexOf(STATUS_END);
  const wrapped = section.startsWith(STATUS_START)
    ? section
    : `${STATUS_START}\n${section}\n${STATUS_END}`;
  if (start >= 0 && end > start)
    return `${body.slice(0, start)}${wrapped}${body.slice(end + STATUS_END.length)}`;
  return body.trim() ? `${body.trimEnd()}\n\n${wrapped}\n` : `${wrapped}\n`;
}

/** Replaces the case marker in a body (a manual case gains its repository and GHSA ID). */
export function spliceMarker(body: string, marker: string): string {
  const replaced = body.replace(/<!-- advisory-pilot:case \S+ \S+ -->/, marker);
  return replaced === body && !body.includes(marker) ? `${marker}\n${body}` : replaced;
}

/**
 * Writes the status section (and the case marker) only when the text changed, re-reading the
 * body right before writing so a human's edit elsewhere in the body survives.
 */
export async function ensureStatus(
  github: GitHubPort,
  tracking: TrackingRef,
  section: string,
  marker: string,
): Promise<boolean> {
  const issue = await github.getIssue(tracking.repo, tracking.issue);
  const next = spliceStatus(spliceMarker(issue.body, marker), section);
  if (next === issue.body) return false;
  await github.updateIssue(tracking.repo, tracking.issue, { body: next });
  return true;
}
