import type { Probot } from 'probot';
import type { AppState } from '../app-state.js';
import { resolveActor } from '../github/resolve-actor.js';
import { runCase } from '../pipeline.js';
import { caseMarker, readCaseMarker } from '../store/case-index.js';
import { loadCase } from '../store/case-store.js';
import { assertPrivate } from '../store/tracking-guard.js';
import { checkboxChanges } from './checkbox-changes.js';
import { servicesFor } from './services.js';

/**
 * Issues in the tracking repository: a `security-report` label turns an issue into a manual case
 * (a report that came by email or a bug-bounty platform); ticking a checklist box in the status
 * section is the matching command, with the same permission check. Both are processed after
 * the delivery is acknowledged, one delivery at a time per issue.
 */
export function registerIssueHandlers(app: Probot, state: AppState): void {
  app.on(['issues.opened', 'issues.labeled'], (context) => {
    const { issue, repository, sender } = context.payload;
    if (sender.type === 'Bot' || readCaseMarker(issue.body ?? '')) return;
    state.intake.accept(
      { event: `issues.${context.payload.action}`, id: context.id },
      `${repository.full_name}#${String(issue.number)}`,
      context.log,
      async () => {
        const services = await servicesFor(app, state, context.octokit, context.log);
        const config = await services.configOf(repository.full_name);
        if (!config.ok) {
          context.log.error(
            { repo: repository.full_name, problems: config.problems },
            'invalid configuration; manual report not opened',
          );
          return;
        }
        const labels = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name));
        if (!labels.includes(config.config.tracking.reportLabel)) return;
        await assertPrivate(services.github, state.privacy, repository.full_name);
        const tracking = { repo: repository.full_name, issue: issue.number };
        // Re-read the body: the payload's copy is stale when the same report arrives twice
        // (`opened` then `labeled`, or a redelivery), and writing it back would drop the status.
        const current = await services.github.getIssue(tracking.repo, tracking.issue);
        if (!readCaseMarker(current.body)) {
          await services.github.updateIssue(tracking.repo, tracking.issue, {
            body: `${caseMarker({ repo: undefined, ghsaId: undefined })}\n${current.body}`,
          });
        }
        await services.github.ensureLabel(
          tracking.repo,
          config.config.tracking.label,
          'b60205',
          'Security advisory case tracked by Advisory Pilot',
        );
        await runCase(services.deps(config.config), tracking, {
          type: 'manual-report',
          delivery: context.id,
          tracking,
          title: issue.title,
          reportedAt: issue.created_at,
          openedBy: sender.login,
        });
      },
    );
  });

  app.on('issues.edited', (context) => {
    const { issue, repository, sender, changes } = context.payload;
    const before = changes.body?.from;
    if (sender.type === 'Bot' || before === undefined) return;
    const key = readCaseMarker(issue.body ?? '');
    if (!key) return;
    const toggled = checkboxChanges(before, issue.body ?? '');
    if (toggled.length === 0) return;
    state.intake.accept(
      { event: 'issues.edited', id: context.id },
      `${repository.full_name}#${String(issue.number)}`,
      context.log,
      async () => {
        const services = await servicesFor(app, state, context.octokit, context.log);
        const configRepo = key.repo ?? repository.full_name;
        const config = await services.configOf(configRepo);
        if (!config.ok) {
          // The next status render restores the box; a command answers with the problems.
          context.log.error(
            { repo: configRepo, problems: config.problems },
            'invalid configuration; checkbox change ignored',
          );
          return;
        }
        const tracking = { repo: repository.full_name, issue: issue.number };
        const loaded = await loadCase(services.github, tracking, services.identity);
        const actor = await resolveActor(
          services.github,
          state.actors,
          sender.login,
          tracking.repo,
          loaded.folded.case?.repo,
          config.config.tracking.team,
          state.options.now().getTime(),
        );
        for (const [index, change] of toggled.entries()) {
          await runCase(services.deps(config.config), tracking, {
            type: 'checkbox-toggled',
            delivery: `${context.id}:${index}`,
            item: change.item,
            checked: change.checked,
            actor,
          });
        }
      },
    );
  });
}
