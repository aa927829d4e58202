import type { AppState } from '../instance-state.js';
import { createdBody } from '../runner/seen-body.js';
import { trackingRepoFor, untrackableReason } from '../domain/tracking-repo.js';
import { statusOf } from '../github/conditional-get.js';
import { ensureTrackingIssue } from '../handlers/case-routing.js';
import type { Services } from '../handlers/services.js';
import { linkLookalikes } from '../runner/link-lookalikes.js';
import { runInput } from '../runner/run-input.js';
import { findTrackingIssue } from '../store/case-index.js';
import { assertPrivate, TrackingRepoNotPrivateError } from '../store/tracking-guard.js';
import { tellConfigProblem } from './config-problem.js';
import type { Job } from './job.js';

type ManualReportJob = Extract<Job, { kind: 'manual-report' }>;
type AdvisoryJob = Extract<Job, { kind: 'advisory-event' }>;
interface JobLog {
  error(obj: object, msg?: string): void;
}

/** An issue labelled as a report in the tracking repository becomes a manual case. */
export async function runManualReport(
  state: AppState,
  services: Services,
  job: ManualReportJob,
  log: JobLog,
): Promise<boolean> {
  const { tracking } = job;
  const config = await services.configOf(tracking.repo);
  if (!config.ok) {
    log.error(
      { repo: tracking.repo, problems: config.problems },
      'invalid configuration; manual report not opened',
    );
    return false;
  }
  if (!job.labels.includes(config.config.tracking.reportLabel)) return false;
  await assertPrivate(services.github, state.privacy, tracking.repo);
  // The runner's first write puts the case marker on top of the body, with the status section.
  await services.github.ensureLabel(
    tracking.repo,
    config.config.tracking.label,
    'b60205',
    'Security advisory case tracked by Advisory Pilot',
  );
  const deps = services.deps(config.config);
  const run = await runInput(deps, tracking, {
    type: 'manual-report',
    delivery: job.delivery,
    tracking,
    title: job.title,
    reportedAt: job.createdAt,
    openedBy: job.sender,
  });
  if (run.writes > 0 && run.state) await linkLookalikes(deps, tracking, run.state);
  return run.writes > 0;
}

/**
 * A private report opens a case (the SLA clock starts at the advisory's `created_at`); a
 * publication done in GitHub's UI is recorded as `/confirm` would have.
 */
export async function runAdvisoryEvent(
  state: AppState,
  services: Services,
  job: AdvisoryJob,
  log: JobLog,
): Promise<void> {
  const { repository, advisory } = job;
  const config = await services.configOf(repository.fullName);
  const reported = job.action === 'reported';
  // A report that cannot be tracked is told to the maintainers; a publication only logged.
  const problem = async (reason: string, trackingRepo?: string): Promise<void> => {
    if (!reported) {
      log.error({ repo: repository.fullName }, reason);
      return;
    }
    await tellConfigProblem(
      services.github,
      { repo: repository.fullName, repoPrivate: repository.private, reason, trackingRepo },
      log,
      advisory,
    );
  };
  if (!config.ok) {
    await problem(untrackableReason({ kind: 'invalid-config', problems: config.problems }));
    return;
  }
  const tracking = trackingRepoFor(config.config, repository.fullName, repository.private);
  if (!tracking.ok) {
    await problem(`${tracking.reason}.`);
    return;
  }
  const deps = services.deps(config.config);
  if (reported) {
    let ref;
    try {
      ref = await ensureTrackingIssue(
        services,
        state.privacy,
        config.config,
        tracking.repo,
        advisory,
      );
    } catch (error) {
      const unusable = untrackable(error, tracking.repo);
      if (!unusable) throw error;
      await problem(unusable, tracking.repo);
      return;
    }
    const home = { repo: ref.repo, issue: ref.issue };
    if (ref.created) state.caseIndex.forget(ref.repo);
    remember(state, job.installationId, advisory.ghsaId, home, repository.fullName);
    const run = await runInput(
      deps,
      home,
      { type: 'report-received', delivery: job.delivery, advisory, tracking: home },
      { newIssue: ref.created, seen: createdBody(ref) },
    );
    // One case per vulnerability: a new report that looks like an open case is linked to it.
    if (ref.created && run.state) await linkLookalikes(deps, home, run.state, ref.listed);
    return;
  }
  const issue = await findTrackingIssue(
    services.github,
    tracking.repo,
    config.config.tracking.label,
    repository.fullName,
    advisory.ghsaId,
  );
  if (!issue) return;
  const ref = { repo: tracking.repo, issue: issue.number };
  remember(state, job.installationId, advisory.ghsaId, ref, repository.fullName);
  await runInput(deps, ref, { type: 'advisory-published', delivery: job.delivery, advisory });
}

/** Why the tracking repository cannot be used, for an error that says so; else undefined. */
function untrackable(error: unknown, trackingRepo: string): string | undefined {
  if (error instanceof TrackingRepoNotPrivateError)
    return untrackableReason({ kind: 'public-tracker', trackingRepo });
  if (statusOf(error) === 404) return untrackableReason({ kind: 'missing-tracker', trackingRepo });
  return undefined;
}

function remember(
  state: AppState,
  installationId: number,
  ghsaId: string,
  ref: { repo: string; issue: number },
  productRepo: string,
): void {
  state.knownCases.set(ghsaId.toLowerCase(), { installationId, ...ref, productRepo });
}
