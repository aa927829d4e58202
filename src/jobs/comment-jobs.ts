import type { AppState } from '../app-state.js';
import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Actor } from '../domain/inputs.js';
import { resolveActor } from '../github/resolve-actor.js';
import { refreshAdvisory } from '../handlers/refresh-advisory.js';
import type { Services } from '../handlers/services.js';
import { runCase } from '../pipeline.js';
import { appendRecords, loadCase } from '../store/case-store.js';
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

type CommandJob = Extract<Job, { kind: 'command-comment' }>;
type CheckboxJob = Extract<Job, { kind: 'checkbox-toggled' }>;

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
  const actor = await senderOf(state, services, job, loaded.folded.case?.repo, config.config);
  const deps = services.deps(config.config);
  // A repeated delivery (every command already answered) must write nothing new.
  const handled = new Set(loaded.folded.case?.handledComments ?? []);
  const repeated = job.commands.every((c) =>
    handled.has(`${String(job.commentId)}.${String(c.index)}`),
  );
  if (!repeated) await refreshAdvisory(deps, tracking, loaded.folded.case);
  for (const command of job.commands) {
    await runCase(deps, tracking, {
      type: 'command',
      delivery: `${job.delivery}:${String(command.index)}`,
      commentId: job.commentId,
      index: command.index,
      name: command.name,
      argsText: command.argsText,
      actor,
    });
  }
  if (job.truncated && !repeated) {
    await appendRecords(
      services.github,
      tracking,
      'This comment is too long or has too many commands; only the first ones were read.',
      [],
      services.identity.secret,
    );
  }
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
  const loaded = await loadCase(services.github, tracking, services.identity);
  const actor = await senderOf(state, services, job, loaded.folded.case?.repo, config.config);
  for (const [index, change] of job.toggles.entries()) {
    await runCase(services.deps(config.config), tracking, {
      type: 'checkbox-toggled',
      delivery: `${job.delivery}:${String(index)}`,
      item: change.item,
      checked: change.checked,
      actor,
    });
  }
}
