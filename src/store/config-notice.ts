import type { GitHubPort } from '../github/port.js';

/** Why the App cannot track a product repository's reports. */
export interface ConfigProblem {
  /** The product repository ("owner/name"). */
  repo: string;
  repoPrivate: boolean;
  /** What is wrong and what to change, for the maintainer. */
  reason: string;
  /** The tracking repository the configuration names, when it could be read. */
  trackingRepo?: string | undefined;
}

/** Label of the App's configuration-problem issues. */
export const CONFIG_NOTICE_LABEL = 'advisory-pilot-config';

const marker = (repo: string) => `<!-- advisory-pilot:config-problem ${repo.toLowerCase()} -->`;

/** The text the maintainers read: what is wrong, what to change, and how the issue behaves. */
export function renderConfigNotice(problem: ConfigProblem): string {
  return [
    marker(problem.repo),
    `Advisory Pilot cannot track security reports of \`${problem.repo}\`: ${problem.reason}`,
    '',
    'Until this is fixed, private vulnerability reports and drafts of that repository get no case, no reminder and no deadline: handle any that arrive by hand. Fix `.github/advisory-pilot.yml` (or the owner’s `.github` repository) and close this issue; the App opens it again, here, if the problem comes back.',
  ].join('\n');
}

/**
 * A repository where the notice may be written: it must be private, so nothing about the
 * project's security handling is written where the public reads. Unreadable means unusable.
 */
async function isPrivatePlace(github: GitHubPort, repo: string): Promise<boolean> {
  try {
    return (await github.getRepository(repo)).private;
  } catch {
    return false;
  }
}

/**
 * Where the maintainers learn of a configuration problem, in this order: the product repository
 * when it is private, the tracking repository the configuration names when it is private, the
 * owner's `.github` repository when it is private. Never anywhere public.
 */
export async function findNoticePlace(
  github: GitHubPort,
  problem: ConfigProblem,
): Promise<string | undefined> {
  const owner = problem.repo.split('/')[0] ?? '';
  const candidates = [
    ...(problem.repoPrivate ? [problem.repo] : []),
    ...(problem.trackingRepo ? [problem.trackingRepo] : []),
    `${owner}/.github`,
  ];
  for (const place of candidates) if (await isPrivatePlace(github, place)) return place;
  return undefined;
}

/**
 * Writes (or brings up to date) the one open notice issue of a configuration problem in `place`:
 * nothing when an open one already says the same, an edit when the problem changed.
 */
export async function ensureConfigNotice(
  github: GitHubPort,
  place: string,
  problem: ConfigProblem,
): Promise<'created' | 'updated' | 'unchanged'> {
  const body = renderConfigNotice(problem);
  const open = await github.listOpenIssuesWithLabel(place, CONFIG_NOTICE_LABEL);
  const existing = open.find((i) => i.body.includes(marker(problem.repo)));
  if (existing) {
    if (existing.body === body) return 'unchanged';
    await github.updateIssue(place, existing.number, { body });
    return 'updated';
  }
  await github.ensureLabel(
    place,
    CONFIG_NOTICE_LABEL,
    'd93f0b',
    'Advisory Pilot cannot track reports: configuration problem',
  );
  await github.createIssue(place, {
    title: `Advisory Pilot cannot track security reports of ${problem.repo}`,
    body,
    labels: [CONFIG_NOTICE_LABEL],
  });
  return 'created';
}
