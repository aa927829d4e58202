import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
import { PUBLIC_BODY_LIMIT } from '../domain/inputs.js';
import { addProductEvent } from './product-event.js';

const TITLE_LIMIT = 1024;
const BRANCH_LIMIT = 255;

/**
 * Pull requests, issues and comments in a public product repository become `public-activity`
 * jobs for the leak watch, which reads them like the App's own public writes. Private
 * repositories are skipped here: nothing in them is public, and the tracking repository (always
 * private) keeps its own issue handlers for manual reports and checkboxes.
 */
export function registerPublicActivityHandlers(app: Probot, state: AppState): void {
  app.on(['pull_request.opened', 'pull_request.edited', 'pull_request.reopened'], (context) => {
    const { pull_request: pr, repository, sender } = context.payload;
    if (repository.private) return;
    return addProductEvent(state, context, {
      type: 'public-activity',
      delivery: context.id,
      kind: 'pull-request',
      action: context.payload.action,
      number: pr.number,
      url: pr.html_url,
      author: sender?.login ?? pr.user.login,
      title: pr.title.slice(0, TITLE_LIMIT),
      body: (pr.body ?? '').slice(0, PUBLIC_BODY_LIMIT),
      branch: pr.head.ref.slice(0, BRANCH_LIMIT),
      repoPrivate: repository.private,
    });
  });

  app.on(['issues.opened', 'issues.edited', 'issues.reopened'], (context) => {
    const { issue, repository, sender } = context.payload;
    if (repository.private) return;
    return addProductEvent(state, context, {
      type: 'public-activity',
      delivery: context.id,
      kind: 'issue',
      action: context.payload.action,
      number: issue.number,
      url: issue.html_url,
      author: sender.login,
      title: issue.title.slice(0, TITLE_LIMIT),
      body: (issue.body ?? '').slice(0, PUBLIC_BODY_LIMIT),
      repoPrivate: repository.private,
    });
  });

  app.on(['issue_comment.created', 'issue_comment.edited'], (context) => {
    const { comment, issue, repository, sender } = context.payload;
    if (repository.private) return;
    return addProductEvent(state, context, {
      type: 'public-activity',
      delivery: context.id,
      kind: 'issue-comment',
      action: context.payload.action,
      number: issue.number,
      commentId: comment.id,
      url: comment.html_url,
      author: sender.login,
      title: issue.title.slice(0, TITLE_LIMIT),
      body: comment.body.slice(0, PUBLIC_BODY_LIMIT),
      repoPrivate: repository.private,
    });
  });
}
