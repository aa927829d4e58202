import type { Probot } from 'probot';
import type { AppState } from '../app-state.js';
import { extractCommandLines } from '../domain/command-lines.js';
import { resolveActor } from '../github/resolve-actor.js';
import { runCase } from '../pipeline.js';
import { readCaseMarker } from '../store/case-index.js';
import { appendRecords, loadCase } from '../store/case-store.js';
import { assertPrivate } from '../store/tracking-guard.js';
import { refreshAdvisory } from './refresh-advisory.js';
import { servicesFor } from './services.js';

/**
 * Slash-commands on tracking issues. Only `created` runs commands (an edit never does); bots
 * are ignored (the App's own comments above all); several commands run top to bottom, each as
 * its own pipeline run keyed by the delivery and its position. The payload is checked here and
 * the rest runs after the delivery is acknowledged, one comment at a time per tracking issue.
 */
export function registerIssueCommentHandlers(app: Probot, state: AppState): void {
  app.on('issue_comment.created', (context) => {
    const { comment, issue, repository, sender } = context.payload;
    if (sender.type === 'Bot' || comment.user?.type === 'Bot' || issue.pull_request) return;
    const key = readCaseMarker(issue.body ?? '');
    if (!key) return;
    const { commands, truncated } = extractCommandLines(comment.body);
    if (commands.length === 0) return;
    const tracking = { repo: repository.full_name, issue: issue.number };
    state.intake.accept(
      { event: 'issue_comment.created', id: context.id },
      `${tracking.repo}#${String(tracking.issue)}`,
      context.log,
      async () => {
        const services = await servicesFor(app, state, context.octokit, context.log);
        const configRepo = key.repo ?? repository.full_name;
        const config = await services.configOf(configRepo);
        if (!config.ok) {
          await assertPrivate(services.github, state.privacy, tracking.repo);
          const problems = config.problems.map((p) => `- \`${p.path}\`: ${p.message}`).join('\n');
          await appendRecords(
            services.github,
            tracking,
            `The configuration of \`${configRepo}\` is invalid, so no command runs until it is fixed:\n\n${problems}`,
            [],
            services.identity.secret,
          );
          return;
        }
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
        const deps = services.deps(config.config);
        // A repeated delivery (every command already answered) must write nothing new.
        const handled = new Set(loaded.folded.case?.handledComments ?? []);
        const repeated = commands.every((c) =>
          handled.has(`${String(comment.id)}.${String(c.index)}`),
        );
        if (!repeated) await refreshAdvisory(deps, tracking, loaded.folded.case);
        for (const command of commands) {
          await runCase(deps, tracking, {
            type: 'command',
            delivery: `${context.id}:${command.index}`,
            commentId: comment.id,
            index: command.index,
            name: command.name,
            argsText: command.argsText,
            actor,
          });
        }
        if (truncated && !repeated) {
          await appendRecords(
            services.github,
            tracking,
            'This comment is too long or has too many commands; only the first ones were read.',
            [],
            services.identity.secret,
          );
        }
      },
    );
  });
}
