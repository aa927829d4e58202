import type { Case } from '../domain/case.js';
import { extractCommandLines, type CommandLine } from '../domain/command-lines.js';
import type { IssueComment } from '../github/port.js';

/** A comment a human posted whose commands have no answer on record. */
export interface UnansweredComment {
  comment: IssueComment;
  commands: CommandLine[];
}

/** A comment changed after it was posted: its commands may not be what was first typed. */
function edited(comment: IssueComment): boolean {
  if (!comment.updatedAt) return false;
  return Date.parse(comment.updatedAt) - Date.parse(comment.createdAt) > 1_000;
}

/**
 * The comments on a tracking issue whose commands were never answered (the App was down, the
 * delivery was lost), in comment order, with the commands still unanswered. Every answered
 * command is marked in the case (`<comment id>.<position>`), so a command is replayed exactly
 * once. Left out: comments by bots and by the App, comments posted before the case opened (no
 * case was there, so they were never meant for the App), comments younger than `graceMs`
 * (their webhook may still be in flight), and edited comments (only a comment as created runs
 * commands).
 */
export function unansweredComments(
  comments: readonly IssueComment[],
  state: Pick<Case, 'handledComments'>,
  openedAt: string,
  botLogin: string,
  now: Date,
  graceMs: number,
): UnansweredComment[] {
  const opened = Date.parse(openedAt);
  const handled = new Set(state.handledComments);
  const latest = now.getTime() - graceMs;
  const pending: UnansweredComment[] = [];
  for (const comment of comments) {
    if (comment.author === botLogin || comment.authorType === 'Bot') continue;
    const created = Date.parse(comment.createdAt);
    if (edited(comment) || created > latest || created < opened) continue;
    const commands = extractCommandLines(comment.body).commands.filter(
      (c) => !handled.has(`${String(comment.id)}.${String(c.index)}`),
    );
    if (commands.length > 0) pending.push({ comment, commands });
  }
  return pending;
}
