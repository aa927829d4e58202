import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
import { extractCommandLines } from '../domain/command-lines.js';
import { readCaseMarker } from '../store/case-index.js';
import { installationOf } from './installation-of.js';

/**
 * Slash-commands on tracking issues become a `command-comment` job. Only `created` runs commands
 * (an edit never does); bots are ignored (the App's own comments above all); the commands of one
 * comment run top to bottom in one job. An App comment someone else edits or deletes becomes an
 * `app-comment-changed` job (flagged once; the case is unchanged).
 */
export function registerIssueCommentHandlers(app: Probot, state: AppState): void {
  app.on('issue_comment.created', (context) => {
    const { comment, issue, repository, sender } = context.payload;
    if (sender.type === 'Bot' || comment.user?.type === 'Bot' || issue.pull_request) return;
    const key = readCaseMarker(issue.body ?? '');
    if (!key) return;
    const { commands, truncated } = extractCommandLines(comment.body);
    if (commands.length === 0) return;
    return state.jobs.add({
      kind: 'command-comment',
      event: 'issue_comment.created',
      delivery: context.id,
      installationId: installationOf(context.payload),
      tracking: { repo: repository.full_name, issue: issue.number },
      ...(key.repo === undefined ? {} : { caseRepo: key.repo }),
      sender: sender.login,
      commentId: comment.id,
      commands: commands.map((c) => ({ index: c.index, name: c.name, argsText: c.argsText })),
      truncated,
      issueBody: issue.body ?? '',
    });
  });

  // Someone edited or deleted a comment by a bot: the worker checks it is the App's and flags it.
  app.on(['issue_comment.edited', 'issue_comment.deleted'], (context) => {
    const { comment, issue, repository, sender } = context.payload;
    const author = comment.user?.login ?? '';
    if (comment.user?.type !== 'Bot' || sender.login === author || issue.pull_request) return;
    const key = readCaseMarker(issue.body ?? '');
    if (!key) return;
    const original =
      context.payload.action === 'edited' ? context.payload.changes.body?.from : comment.body;
    return state.jobs.add({
      kind: 'app-comment-changed',
      event: `issue_comment.${context.payload.action}`,
      delivery: context.id,
      installationId: installationOf(context.payload),
      tracking: { repo: repository.full_name, issue: issue.number },
      ...(key.repo === undefined ? {} : { caseRepo: key.repo }),
      author,
      commentId: comment.id,
      action: context.payload.action,
      sender: sender.login,
      ...(original === undefined ? {} : { original: original.slice(0, 65_536) }),
    });
  });
}
