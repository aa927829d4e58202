import type { Probot } from 'probot';
import type { AppState } from '../instance-state.js';
import { readCaseMarker, type CaseKey } from '../store/case-index.js';
import { caseKeyOf } from '../runner/case-memory.js';
import { checkboxChanges } from './checkbox-changes.js';
import { installationOf } from './installation-of.js';

/**
 * Issues in the tracking repository: a report label may turn an issue into a manual case (a
 * report that came by email or a bug-bounty platform: `manual-report` job); ticking a checklist
 * box in the status section is the matching command (`checkbox-toggled` job).
 */
function sameCase(a: CaseKey | undefined, b: CaseKey | undefined): boolean {
  return a?.repo === b?.repo && a?.ghsaId === b?.ghsaId;
}

export function registerIssueHandlers(app: Probot, state: AppState): void {
  // Which cases are open changed: the next product event lists the tracking issues again.
  app.on(
    [
      'issues.opened',
      'issues.closed',
      'issues.reopened',
      'issues.deleted',
      'issues.transferred',
      'issues.labeled',
      'issues.unlabeled',
    ],
    (context) => {
      state.caseIndex.forget(context.payload.repository.full_name);
    },
  );
  app.on(['issues.opened', 'issues.labeled'], (context) => {
    const { issue, repository, sender } = context.payload;
    if (sender.type === 'Bot' || readCaseMarker(issue.body ?? '')) return;
    return state.jobs.add({
      kind: 'manual-report',
      event: `issues.${context.payload.action}`,
      delivery: context.id,
      installationId: installationOf(context.payload),
      tracking: { repo: repository.full_name, issue: issue.number },
      title: issue.title,
      createdAt: issue.created_at,
      sender: sender.login,
      labels: (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name)),
    });
  });

  app.on('issues.edited', (context) => {
    const { issue, repository, sender, changes } = context.payload;
    const before = changes.body?.from;
    if (before === undefined) return;
    const key = readCaseMarker(issue.body ?? '');
    // A marker that appeared, went or now names another product repository (`/advisory create`
    // on a manual case) changes which cases a product event concerns.
    if (!sameCase(key, readCaseMarker(before))) state.caseIndex.forget(repository.full_name);
    if (sender.type === 'Bot' || !key) return;
    // A person changed the body: a copy of it an earlier event carries is no longer current.
    state.cases.revs.delete(caseKeyOf({ repo: repository.full_name, issue: issue.number }));
    const toggles = checkboxChanges(before, issue.body ?? '');
    if (toggles.length === 0) return;
    return state.jobs.add({
      kind: 'checkbox-toggled',
      event: 'issues.edited',
      delivery: context.id,
      installationId: installationOf(context.payload),
      tracking: { repo: repository.full_name, issue: issue.number },
      ...(key.repo === undefined ? {} : { caseRepo: key.repo }),
      sender: sender.login,
      toggles,
      issueBody: issue.body ?? '',
    });
  });
}
