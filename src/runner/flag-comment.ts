import type { CaseFile } from '../domain/case-file.js';
import { isFlagged } from '../domain/case-file.js';
import { confirmPosted } from '../domain/effect-plan.js';
import { decodeReplyRef } from '../domain/reply-ref.js';
import type { TrackingRef } from '../store/case-file-store.js';
import { caseKeyOf } from './case-memory.js';
import type { RunnerDeps } from './runner-deps.js';

/** An App comment that someone other than the App edited or deleted. */
export interface ChangedComment {
  commentId: number;
  action: 'edited' | 'deleted';
  /** Who did it. */
  by: string;
  /** The comment's body as the App wrote it (the payload's `changes.body.from`, or the deleted body). */
  original?: string;
}

/**
 * Flags an edited or deleted App comment, once, on the tracking issue. Nothing in an App comment
 * is state, so the case stays as it is; a comment that confirmed effects (its signed reference)
 * still confirms them, so nothing runs again. Returns the file with the flag, the log line and
 * the notice to post.
 */
export function flagChangedComment(
  deps: RunnerDeps,
  tracking: TrackingRef,
  file: CaseFile,
  changed: ChangedComment,
  job: string,
): { file: CaseFile; changed: boolean } {
  const known =
    file.comments.some((c) => c.id === changed.commentId) ||
    (deps.memory.sent.get(caseKeyOf(tracking)) ?? []).some(
      (s) => s.comment.id === changed.commentId,
    );
  const ref = changed.original
    ? decodeReplyRef(changed.original, tracking, deps.identity.secret)
    : undefined;
  if ((!known && !ref) || isFlagged(file, changed.commentId)) return { file, changed: false };
  const at = deps.now().toISOString();
  const what = changed.action === 'deleted' ? 'deleted' : 'edited';
  const reason = `App comment ${String(changed.commentId)} ${what} by ${changed.by}`;
  const key = caseKeyOf(tracking);
  const remembered = deps.memory.sent.get(key) ?? [];
  const sent = remembered.find((s) => s.comment.id === changed.commentId);
  let next = ref ? confirmPosted(file, ref.job, ref.done, deps.identity.botLogin) : file;
  if (sent) next = confirmPosted(next, sent.job, sent.done, deps.identity.botLogin);
  if (changed.action === 'deleted') {
    // A deleted comment is not minimized, edited or counted again.
    next = { ...next, comments: next.comments.filter((c) => c.id !== changed.commentId) };
    deps.memory.sent.set(
      key,
      remembered.filter((s) => s.comment.id !== changed.commentId),
    );
  }
  next = {
    ...next,
    flags: [...next.flags, { comment: changed.commentId, reason, at }],
    log: [...next.log, { at, by: changed.by.slice(0, 100), note: reason }],
  };
  const text = [
    `⚠️ \`${changed.by}\` ${what} a comment the App wrote (${String(changed.commentId)}).`,
    `Nothing in the App's comments is the case's state: the case is unchanged, and nothing it confirmed runs again.${changed.action === 'edited' ? " The App's own text stays in the comment's edit history." : ''}`,
  ].join(' ');
  return {
    file: { ...next, outbox: [...next.outbox, { job, kind: 'notice', key: job, text, at }] },
    changed: true,
  };
}
