import type { Case } from '../domain/case.js';
import { extractCommandLines, type CommandLine } from '../domain/command-lines.js';
import type { IssueComment } from '../github/port.js';
import type { LoadedCase } from '../store/case-store.js';

/** A command a human typed that has no answer on record. */
export interface PendingCommand {
  comment: IssueComment;
  command: CommandLine;
}

/** A comment changed after it was posted: its commands may not be what was first typed. */
function edited(comment: IssueComment): boolean {
  if (!comment.updatedAt) return false;
  return Date.parse(comment.updatedAt) - Date.parse(comment.createdAt) > 1_000;
}

/**
 * The commands on a tracking issue that were never answered (the App was down, the delivery was
 * lost), in comment order and top to bottom within a comment. Every answered command is marked
 * in the case (`<comment id>.<position>`), so a command is replayed exactly once. Left out:
 * comments by bots and by the App, comments posted before the case opened (no case marker was
 * there, so they were never meant for the App), comments younger than `graceMs` (their webhook
 * may still be in flight), and edited comments (only a comment as created runs commands).
 */
export function unansweredCommands(
  loaded: Pick<LoadedCase, 'comments' | 'records' | 'commentOf'>,
  state: Pick<Case, 'handledComments'>,
  botLogin: string,
  now: Date,
  graceMs: number,
): PendingCommand[] {
  const opened = loaded.records.find((r) => r.type === 'case-opened');
  const openedIn = opened ? loaded.commentOf.get(opened.id) : undefined;
  const start = loaded.comments.findIndex((c) => c.id === openedIn);
  if (start < 0) return [];
  const handled = new Set(state.handledComments);
  const latest = now.getTime() - graceMs;
  const pending: PendingCommand[] = [];
  for (const comment of loaded.comments.slice(start + 1)) {
    if (comment.author === botLogin || comment.authorType === 'Bot') continue;
    if (edited(comment) || Date.parse(comment.createdAt) > latest) continue;
    for (const command of extractCommandLines(comment.body).commands) {
      if (!handled.has(`${String(comment.id)}.${String(command.index)}`))
        pending.push({ comment, command });
    }
  }
  return pending;
}
