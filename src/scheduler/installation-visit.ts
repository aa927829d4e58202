import { trackingRepoFor, untrackableReason } from '../domain/tracking-repo.js';
import { ensureConfigNotice, findNoticePlace, type ConfigProblem } from '../store/config-notice.js';
import type { InstallationRepository } from '../github/port.js';
import type { InstallationAccess, InstallationRef } from './app-port.js';
import { abortOn, InstallationAbort, statusOf } from './faults.js';
import type { TickContext } from './tick-scope.js';
import { visitTrackingRepo, type TrackingGroup } from './tracking-visit.js';

/** A 401 or 404 while reaching the installation itself: it was removed. */
function reach<T>(step: Promise<T>, nowMs: number): Promise<T> {
  return step.catch((error: unknown) => {
    const status = statusOf(error);
    if (status === 401 || status === 404)
      throw new InstallationAbort({ kind: 'gone', status }, error);
    abortOn(error, nowMs);
    throw error;
  });
}

/**
 * Groups the installation's repositories by the tracking repository their configuration names
 * (a private repository without one tracks its own cases). A repository whose configuration is
 * invalid is skipped with a warning: its cases are reported on their tracking issues by the
 * webhook handlers, which the tick does not repeat every ten minutes.
 */
async function groupsOf(
  ctx: TickContext,
  access: InstallationAccess,
  repos: readonly InstallationRepository[],
): Promise<TrackingGroup[]> {
  const groups = new Map<string, TrackingGroup>();
  const visibility = new Map(repos.map((r) => [r.fullName, r.private]));
  const problems: ConfigProblem[] = [];
  for (const repo of repos) {
    let loaded;
    try {
      loaded = await access.configOf(repo.fullName);
    } catch (error) {
      abortOn(error, ctx.now().getTime());
      ctx.log.warn({ repo: repo.fullName, error: String(error) }, 'tick: could not read config');
      continue;
    }
    if (!loaded.ok) {
      ctx.log.warn({ repo: repo.fullName, problems: loaded.problems }, 'tick: invalid config');
      problems.push({
        repo: repo.fullName,
        repoPrivate: repo.private,
        reason: untrackableReason({ kind: 'invalid-config', problems: loaded.problems }),
      });
      continue;
    }
    const config = loaded.config;
    const tracking = trackingRepoFor(config, repo.fullName, repo.private);
    if (!tracking.ok) continue;
    const trackingVisibility = visibility.get(tracking.repo);
    if (trackingVisibility !== true) {
      const reason = untrackableReason({
        kind: trackingVisibility === false ? 'public-tracker' : 'missing-tracker',
        trackingRepo: tracking.repo,
      });
      ctx.log.error({ repo: repo.fullName, tracking: tracking.repo }, `tick: ${reason}`);
      problems.push({
        repo: repo.fullName,
        repoPrivate: repo.private,
        reason,
        trackingRepo: tracking.repo,
      });
      continue;
    }
    // Tracked again: a problem that comes back later is told again.
    ctx.memory.configNotices.delete(repo.fullName);
    const key = `${tracking.repo}\n${config.tracking.label}`;
    const group = groups.get(key) ?? { trackingRepo: tracking.repo, config, products: [] };
    if (repo.fullName === tracking.repo) group.config = config;
    group.products.push({ repo: repo.fullName, private: repo.private, config });
    groups.set(key, group);
  }
  await noticeProblems(ctx, access, problems);
  return [...groups.values()];
}

/**
 * Tells the maintainers on GitHub, in a private repository, what keeps the App from tracking a
 * repository's reports; once per problem per process (the issue itself is the record).
 */
async function noticeProblems(
  ctx: TickContext,
  access: InstallationAccess,
  problems: readonly ConfigProblem[],
): Promise<void> {
  for (const problem of problems) {
    if (ctx.memory.configNotices.get(problem.repo) === problem.reason) continue;
    try {
      const place = await findNoticePlace(access.github, problem);
      if (!place) {
        ctx.log.error(
          { repo: problem.repo },
          'tick: no private repository to tell the maintainers of a configuration problem in',
        );
      } else {
        await ensureConfigNotice(access.github, place, problem);
      }
      ctx.memory.configNotices.set(problem.repo, problem.reason);
    } catch (error) {
      abortOn(error, ctx.now().getTime());
      ctx.log.warn(
        { repo: problem.repo, error: String(error) },
        'tick: configuration notice failed',
      );
    }
  }
}

/**
 * Visits one installation: every repository, grouped by tracking repository. A fault that asks
 * to back off (5xx, rate limit) or says the installation is gone stops it at once (rethrown as
 * {@link InstallationAbort}); any other failure costs only its tracking repository.
 */
export async function visitInstallation(ctx: TickContext, ref: InstallationRef): Promise<void> {
  const nowMs = ctx.now().getTime();
  const access = await reach(ctx.app.installation(ref), nowMs);
  const repos = await reach(access.github.listInstallationRepositories(ref.id), nowMs);
  for (const group of await groupsOf(ctx, access, repos)) {
    if (ctx.stopping()) return;
    try {
      await visitTrackingRepo(ctx, access, group);
    } catch (error) {
      if (statusOf(error) === 401)
        throw new InstallationAbort({ kind: 'gone', status: 401 }, error);
      const fault = abortOn(error, ctx.now().getTime());
      ctx.summary.errors++;
      ctx.log.error(
        {
          installation: ref.id,
          tracking: group.trackingRepo,
          status: fault.status,
          error: String(error),
        },
        'tick: tracking repository failed',
      );
    }
  }
}
