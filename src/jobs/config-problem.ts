import type { GitHubPort } from '../github/port.js';
import { ensureConfigNotice, findNoticePlace, type ConfigProblem } from '../store/config-notice.js';

interface ProblemLog {
  error(obj: object, msg?: string): void;
}

/**
 * A report arrived that the App cannot track: the maintainers are told in a private repository
 * (`findNoticePlace`), or, when there is none, on the report's own advisory, which only the
 * maintainers, its collaborators and the reporter can read. Nothing is written in public.
 */
export async function tellConfigProblem(
  github: GitHubPort,
  problem: ConfigProblem,
  log: ProblemLog,
  advisory?: { ghsaId: string },
): Promise<void> {
  log.error({ repo: problem.repo, reason: problem.reason }, 'report not tracked');
  const place = await findNoticePlace(github, problem);
  if (place) {
    await ensureConfigNotice(github, place, problem);
    return;
  }
  if (!advisory) return;
  try {
    await github.commentOnAdvisory(
      problem.repo,
      advisory.ghsaId,
      `For the maintainers: Advisory Pilot could not open a case for this report because ${problem.reason} Until that is fixed, handle this report by hand.`,
    );
  } catch (error) {
    log.error(
      { repo: problem.repo, ghsaId: advisory.ghsaId, error: String(error) },
      'no private place to tell the maintainers, and the advisory comment failed',
    );
  }
}
