import { withComment, type AppComment, type CaseFile } from '../domain/case-file.js';
import { commentDigest } from '../domain/case-file-codec.js';
import { confirmPosted } from '../domain/effect-plan.js';
import { decodeReplyRef } from '../domain/reply-ref.js';
import type { IssueComment } from '../github/port.js';
import { listAppComments, type TrackingRef } from '../store/case-file-store.js';
import { caseKeyOf, type SentComment } from './case-memory.js';
import type { RunnerDeps } from './runner-deps.js';

/** Records a posted comment in the case file and applies what it confirms. */
export function absorb(file: CaseFile, sent: SentComment, by: string): CaseFile {
  return withComment(confirmPosted(file, sent.job, sent.done, by), sent.comment);
}

/** Jobs the case file still waits on: effects without a result, or a comment not known posted. */
export function waitingJobs(file: CaseFile): string[] {
  return [...new Set([...file.pending.map((p) => p.job), ...file.outbox.map((o) => o.job)])];
}

/**
 * What an App comment says about a job the case file waits on: it was posted, with the effects
 * its signed reference names as done. Undefined for a comment that carries no valid reference
 * for this issue, or one for a job the file does not wait on.
 */
export function sentOf(
  file: CaseFile,
  comment: Pick<IssueComment, 'id' | 'nodeId' | 'body'>,
  home: TrackingRef,
  secret: string,
): SentComment | undefined {
  const ref = decodeReplyRef(comment.body, home, secret);
  if (!ref || !waitingJobs(file).includes(ref.job)) return undefined;
  const entry = file.outbox.find((o) => o.job === ref.job);
  const appComment: AppComment = {
    id: comment.id,
    nodeId: comment.nodeId,
    kind: entry?.kind ?? 'reply',
    key: entry?.key ?? ref.job,
    digest: commentDigest(comment.body),
    ...(entry?.replyTo === undefined ? {} : { replyTo: entry.replyTo }),
  };
  return { job: ref.job, comment: appComment, done: ref.done };
}

/** The case file as it really stands, and the jobs whose comment is known to have gone out. */
export interface CaughtUp {
  file: CaseFile;
  /** Jobs whose comment was posted (remembered, or found by its signed reference). */
  posted: Set<string>;
}

/**
 * Brings the case file up to date with what this process posted since the file was written
 * (kept in memory), or, after a restart, with what the App's comments say: each comment
 * carries the signed reference of its job. Either way nothing is written here: the next write
 * stores it.
 */
export async function catchUp(
  deps: RunnerDeps,
  tracking: TrackingRef,
  loaded: CaseFile,
  github: RunnerDeps['github'],
): Promise<CaughtUp> {
  const key = caseKeyOf(tracking);
  const by = deps.identity.botLogin;
  let file = loaded;
  const remembered = deps.memory.sent.get(key) ?? [];
  for (const sent of remembered) file = absorb(file, sent, by);
  const posted = new Set(remembered.map((s) => s.job));
  const waiting = waitingJobs(file);
  if (waiting.length === 0) return { file, posted };
  const found: SentComment[] = [];
  for (const comment of await listAppComments(github, tracking, by)) {
    const sent = sentOf(file, comment, tracking, deps.identity.secret);
    if (sent) found.push(sent);
  }
  for (const sent of found) {
    file = absorb(file, sent, by);
    posted.add(sent.job);
  }
  // Remembered, so the next run does not read the comments again for the same jobs.
  if (found.length > 0) deps.memory.sent.set(key, [...remembered, ...found]);
  return { file, posted };
}

/** Forgets what the case file now records (after a write). */
export function forgetRecorded(deps: RunnerDeps, tracking: TrackingRef, file: CaseFile): void {
  const key = caseKeyOf(tracking);
  const left = (deps.memory.sent.get(key) ?? []).filter(
    (s) => !file.comments.some((c) => c.id === s.comment.id),
  );
  if (left.length === 0) deps.memory.sent.delete(key);
  else deps.memory.sent.set(key, left);
}

/** Remembers a comment posted for a job whose confirmation the case file does not hold yet. */
export function remember(deps: RunnerDeps, tracking: TrackingRef, sent: SentComment): void {
  const key = caseKeyOf(tracking);
  deps.memory.sent.set(key, [...(deps.memory.sent.get(key) ?? []), sent]);
}
