import type { AppState } from '../instance-state.js';
import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Actor, Input } from '../domain/inputs.js';
import { resolveActor } from '../github/resolve-actor.js';
import { observedAdvisory } from '../handlers/observed-advisory.js';
import type { Services } from '../handlers/services.js';
import { runCaseJob, type CaseJob } from '../runner/run-case.js';
import { assertPrivate } from '../store/tracking-guard.js';
import type { Job } from './job.js';

/**
 * Who typed the commands (or ticked the boxes), with the permission the tracking repository
 * gives them, capped by the product repository's, and their security-team membership.
 */
function senderOf(
  state: AppState,
  services: Services,
  job: { sender: string; tracking: { repo: string } },
  productRepo: string | undefined,
  config: AdvisoryPilotConfig,
): Promise<Actor> {
  return resolveActor(
    services.github,
    state.actors,
    job.sender,
    job.tracking.repo,
    productRepo,
    config.tracking.team,
    state.options.now().getTime(),
  );
}

/** The webhook's copy of the tracking issue's body, for the runner to use when it is current. */
function seenOf(job: { issueBody?: string | undefined }): Pick<CaseJob, 'seen'> {
  return job.issueBody === undefined ? {} : { seen: { body: job.issueBody, from: 'event' } };
}

type CommandJob = Extract<Job, { kind: 'command-comment' }>;
type CheckboxJob = Extract<Job, { kind: 'checkbox-toggled' }>;
type ChangedJob = Extract<Job, { kind: 'app-comment-changed' }>;

/** An App comment edited or deleted by someone else: flagged once, nothing else changes. */
export async function runAppCommentChanged(services: Services, job: ChangedJob): Promise<void> {
  if (job.author !== services.identity.botLogin) return;
  const config = await services.configOf(job.caseRepo ?? job.tracking.repo);
  if (!config.ok) return;
  await runCaseJob(services.deps(config.config), job.tracking, {
    key: job.delivery,
    origin: { kind: 'event' },
    inputs: [],
    changedComment: {
      commentId: job.commentId,
      action: job.action,
      by: job.sender,
      ...(job.original === undefined ? {} : { original: job.original }),
    },
  });
}

/** The slash-commands of one comment, top to bottom, each decided on the state the last one left. */
export async function runCommandComment(
  state: AppState,
  services: Services,
  job: CommandJob,
): Promise<void> {
  const { tracking } = job;
  const configRepo = job.caseRepo ?? tracking.repo;
  const config = await services.configOf(configRepo);
  if (!config.ok) {
    await assertPrivate(services.github, state.privacy, tracking.repo);
    const problems = config.problems.map((p) => `- \`${p.path}\`: ${p.message}`).join('\n');
    await services.github.createComment(
      tracking.repo,
      tracking.issue,
      `The configuration of \`${configRepo}\` is invalid, so no command runs until it is fixed:\n\n${problems}`,
    );
    return;
  }
  await runCaseJob(services.deps(config.config), tracking, {
    key: job.delivery,
    origin: { kind: 'comment', commentId: job.commentId },
    ...seenOf(job),
    ...(job.truncated
      ? {
          trailer:
            'This comment is too long or has too many commands; only the first ones were read.',
        }
      : {}),
    inputs: async (current) => {
      // A repeated delivery (every command already answered) reads nothing more.
      const handled = new Set(current?.handledComments ?? []);
      if (job.commands.every((c) => handled.has(`${String(job.commentId)}.${String(c.index)}`)))
        return [];
      const actor = await senderOf(state, services, job, current?.repo, config.config);
      const observed = await observedAdvisory(services.github, current);
      return [
        ...(observed ? [observed] : []),
        ...job.commands.map((command): Input => ({
          type: 'command',
          delivery: `${job.delivery}:${String(command.index)}`,
          commentId: job.commentId,
          index: command.index,
          name: command.name,
          argsText: command.argsText,
          actor,
        })),
      ];
    },
  });
}

/** Ticked or unticked checklist boxes: each is the matching command, with the same permission check. */
export async function runCheckboxToggles(
  state: AppState,
  services: Services,
  job: CheckboxJob,
  log: { error(obj: object, msg?: string): void },
): Promise<void> {
  const { tracking } = job;
  const configRepo = job.caseRepo ?? tracking.repo;
  const config = await services.configOf(configRepo);
  if (!config.ok) {
    // The next status render restores the box; a command answers with the problems.
    log.error(
      { repo: configRepo, problems: config.problems },
      'invalid configuration; checkbox change ignored',
    );
    return;
  }
  await runCaseJob(services.deps(config.config), tracking, {
    key: job.delivery,
    origin: { kind: 'person' },
    ...seenOf(job),
    inputs: async (current) => {
      const actor = await senderOf(state, services, job, current?.repo, config.config);
      return job.toggles.map((change, index): Input => ({
        type: 'checkbox-toggled',
        delivery: `${job.delivery}:${String(index)}`,
        item: change.item,
        checked: change.checked,
        actor,
      }));
    },
  });
}
