import type { Effect } from '../domain/effects.js';
import type { GitHubPort } from '../github/port.js';
import { EffectRefused } from './errors.js';

type VerifyEffect = Extract<Effect, { kind: 'verify-merged' }>;

/**
 * `/merged <sha>`: the commit exists and the default branch contains it. Its changed files are
 * what the fix changes (they decide which version files a release bumps).
 */
export async function verifyMerged(
  github: GitHubPort,
  effect: VerifyEffect,
): Promise<{ sha: string; commits: string[]; files: string[] }> {
  const commit = await github.getCommit(effect.repo, effect.sha);
  if (!commit)
    throw new EffectRefused(
      `\`${effect.sha}\` is not a commit of ${effect.repo}; copy the SHA of the commit that carries the fix from the default branch's history`,
    );
  const { defaultBranch } = await github.getRepository(effect.repo);
  const comparison = await github.compareCommits(effect.repo, commit.sha, defaultBranch);
  if (comparison?.status !== 'ahead' && comparison?.status !== 'identical')
    throw new EffectRefused(
      `${commit.sha.slice(0, 12)} is not on ${defaultBranch}; merge the fix first, then type \`/merged\` with the commit ${defaultBranch} holds`,
    );
  return { sha: commit.sha, commits: [commit.sha], files: commit.files };
}
