import type { AdvisoryPilotConfig } from '../../config/schema.js';
import type { Case } from '../case.js';
import { FORK_MERGE_RULE } from '../fixes.js';
import { previousRelease, releasePackage, renderTag } from '../release-plan.js';

/**
 * The App cannot reach a temporary private fork (no API, no CI), so the fix is a human step:
 * these are the exact commands, in GitHub's order. The fix branch starts at the release being
 * patched, so the hotfix can carry it without anything else; the fork runs no CI, so the
 * validation runs before the push; the pull request stays open in the fork until the advisory's
 * merge button merges it into the default branch.
 */
export function renderForkInstructions(
  state: Pick<Case, 'ghsaId' | 'repo' | 'advisory'>,
  fork: { name: string; url: string },
  config: Pick<AdvisoryPilotConfig, 'validationCommands' | 'release'>,
): string {
  const branch = `security/${(state.ghsaId ?? 'advisory').toLowerCase()}`;
  const dir = fork.name.split('/').pop() ?? 'fork';
  const patched = state.advisory.patchedVersion;
  const previous = patched ? previousRelease(patched, state) : undefined;
  const base = previous
    ? renderTag(config.release.tag, previous, releasePackage(state, config))
    : '<the release you patch>';
  const validation = config.validationCommands.length
    ? ['# the fork runs no CI: validate locally before you push', ...config.validationCommands]
    : ['# the fork runs no CI: run the project’s checks before you push'];
  return [
    `Temporary private fork created: ${fork.url}`,
    '',
    '```sh',
    `git clone ${fork.url}.git ${dir}`,
    `cd ${dir}`,
    `git fetch origin --tags`,
    `git checkout -b ${branch} ${base}   # start from the release being patched`,
    '# … commit the fix and a regression test …',
    ...validation,
    `git remote -v   # must show ${fork.name} only: a public push collapses the embargo`,
    `git push origin ${branch}`,
    '```',
    '',
    `Then open a pull request from \`${branch}\` inside the fork and record it: \`/fixed <head commit> --pr <number> --test <path>\` (once per pull request). Do not merge it in the fork: pull requests of a temporary private fork reach the default branch only through the advisory's **Merge pull request** button, which skips CI and branch protection. Press it when the case reaches the release phase. ${FORK_MERGE_RULE}.`,
  ].join('\n');
}
