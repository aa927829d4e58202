import type { Effect } from '../domain/effects.js';
import type { GitHubPort } from '../github/port.js';
import { EffectRefused } from './errors.js';

type VerifyEffect = Extract<Effect, { kind: 'verify-merged' }>;
type FindEffect = Extract<Effect, { kind: 'find-merged-fixes' }>;

/**
 * `/merged <sha>` (and `/fixed`, quietly): the commit exists and the default branch contains it. Its changed files are
 * what the fix changes (they decide which version files a release bumps).
 */
export async function verifyMerged(
  github: GitHubPort,
  effect: VerifyEffect,
): Promise<{ sha: string; commits: string[]; files: string[] } | { found: false }> {
  const commit = await github.getCommit(effect.repo, effect.sha);
  if (!commit && effect.quiet) return { found: false };
  if (!commit)
    throw new EffectRefused(
      `\`${effect.sha}\` is not a commit of ${effect.repo}; copy the SHA of the commit that carries the fix from the default branch's history`,
    );
  const { defaultBranch } = await github.getRepository(effect.repo);
  const comparison = await github.compareCommits(effect.repo, commit.sha, defaultBranch);
  const onDefault = comparison?.status === 'ahead' || comparison?.status === 'identical';
  if (!onDefault && effect.quiet) return { found: false };
  if (!onDefault)
    throw new EffectRefused(
      `${commit.sha.slice(0, 12)} is not on ${defaultBranch}; merge the fix first, then type \`/merged\` with the commit ${defaultBranch} holds`,
    );
  // A merge commit (a fork pull request merged by hand): the fix is what it brought.
  const [main, merged] = commit.parents;
  if (main && merged && commit.parents.length === 2) {
    const brought = await github.compareCommits(effect.repo, main, merged);
    if (brought && brought.commits.length > 0)
      return { sha: commit.sha, commits: brought.commits.map((c) => c.sha), files: brought.files };
  }
  return { sha: commit.sha, commits: [commit.sha], files: commit.files };
}

/**
 * Which recorded fixes a push to the default branch brought: a fix is there when the branch now
 * contains its commit; its commits are those the branch did not have before the push (the fix
 * branch's own commits), and its files what they change. A commit GitHub does not know yet is
 * simply not there.
 */
export async function findMergedFixes(
  github: GitHubPort,
  effect: FindEffect,
): Promise<{ sha: string; commits: string[]; files: string[] }[]> {
  const arrivals = [];
  for (const named of effect.fixes) {
    const commit = await github.getCommit(effect.repo, named);
    if (!commit) continue;
    const contained = await github.compareCommits(effect.repo, commit.sha, effect.after);
    if (contained?.status !== 'ahead' && contained?.status !== 'identical') continue;
    const brought = await github.compareCommits(effect.repo, effect.before, commit.sha);
    const commits = (brought?.commits ?? []).map((c) => c.sha);
    arrivals.push({
      sha: named,
      commits: commits.length > 0 ? commits : [commit.sha],
      files: brought?.files ?? commit.files,
    });
  }
  return arrivals;
}
