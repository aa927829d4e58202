import type { Effect } from '../domain/effects.js';
import { isAnotherRelease, type ProofCommit } from '../domain/release-proof.js';
import type { GitHubPort } from '../github/port.js';
import { EffectRefused } from './errors.js';

type CutEffect = Extract<Effect, { kind: 'cut-release-branch' }>;

/** How many dated branches one day can hold (`name`, `name-2` … `name-9`). */
const BRANCHES_PER_NAME = 9;

/**
 * The branch this release works on: the planned name, or `-2` … `-9` after it when another
 * release (another case on the same day, or a branch someone made from another base) holds the
 * name. A branch of this release from an earlier run is continued.
 */
export async function chooseBranch(
  github: GitHubPort,
  planned: CutEffect,
  baseSha: string,
): Promise<{ effect: CutEffect; existing?: string; commits: ProofCommit[] }> {
  const heads = planned.fixes.map((f) => f.head);
  const taken: string[] = [];
  for (let n = 1; n <= BRANCHES_PER_NAME; n += 1) {
    const branch = n === 1 ? planned.branch : `${planned.branch}-${String(n)}`;
    const effect = { ...planned, branch };
    const existing = await github.getBranchSha(planned.repo, branch);
    if (!existing) return { effect, commits: [] };
    const onBase = await github.compareCommits(planned.repo, baseSha, existing);
    const startsAtBase = onBase && onBase.status !== 'behind' && onBase.status !== 'diverged';
    if (startsAtBase && !isAnotherRelease(onBase.commits, { message: planned.message, heads }))
      return { effect, existing, commits: onBase.commits };
    taken.push(branch);
  }
  throw new EffectRefused(
    `the branches ${taken.map((b) => `\`${b}\``).join(', ')} all hold other releases or start elsewhere than ${planned.from}; delete the ones no longer needed and type \`/release\` again`,
  );
}
