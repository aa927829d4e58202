import { commentDigest } from '../domain/case-file-codec.js';
import { decodeReplyRef, encodeReplyRef } from '../domain/reply-ref.js';
import type { GitHubPort } from '../github/port.js';
import { listAppComments, type TrackingRef } from '../store/case-file-store.js';
import type { RunnerDeps } from './runner-deps.js';

/**
 * A case file the App cannot read (edited by hand, signed with another secret, too new) stops
 * the case: the App never writes over it. It says so once per version of the body, with what
 * to do, and answers nothing else until the file can be read again. Returns comments posted.
 */
export async function reportUnreadable(
  deps: RunnerDeps,
  github: GitHubPort,
  tracking: TrackingRef,
  body: string,
  reason: string,
): Promise<number> {
  const job = `unreadable:${commentDigest(body)}`;
  deps.log.error({ tracking, reason }, 'case file unreadable; the case is stopped');
  const comments = await listAppComments(github, tracking, deps.identity.botLogin);
  if (comments.some((c) => decodeReplyRef(c.body, tracking, deps.identity.secret)?.job === job))
    return 0;
  const text = [
    `⚠️ **The App cannot read this case's state, so it has stopped working on this case**: ${reason}.`,
    '',
    'It changes nothing here and answers no command until the case file in the issue body can be read again. To fix it, open the body\'s edit history ("edited" above the description) and restore the last version the App wrote; if the App was rolled back to an older version, upgrade it again.',
  ].join('\n');
  const ref = encodeReplyRef({ job, rev: 1, done: [] }, tracking, deps.identity.secret);
  await github.createComment(tracking.repo, tracking.issue, `${text}\n\n${ref}`);
  return 1;
}
