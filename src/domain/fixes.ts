import type { Case, Fix } from './case.js';
import type { Change } from './step.js';

/** GitHub's rule for temporary private forks, said wherever the App refuses because of it. */
export const FORK_MERGE_RULE =
  "GitHub refuses to publish an advisory while a pull request of its temporary private fork is open, and publishing deletes the fork: press **Merge pull request** on the advisory first (it merges the fork's pull requests into the default branch)";

/** True when a full SHA is the commit a maintainer named (by a prefix of at least 7 digits). */
export function shaMatches(named: string, full: string): boolean {
  return full.toLowerCase().startsWith(named.toLowerCase());
}

/** The fixes that have not reached the default branch yet. */
export function unmergedFixes(state: Pick<Case, 'fixes'>): Fix[] {
  return state.fixes.filter((f) => !f.merged);
}

/** Every commit that carries a fix on the default branch, oldest fix first. */
export function fixCommits(state: Pick<Case, 'fixes'>): string[] {
  return [...new Set(state.fixes.flatMap((f) => f.merged?.commits ?? []))];
}

/** Every path the merged fixes change. */
export function fixFiles(state: Pick<Case, 'fixes'>): string[] {
  return [...new Set(state.fixes.flatMap((f) => f.merged?.files ?? []))].sort();
}

/** The heads of the merged fixes: what is brought onto a release branch. */
export function fixHeads(state: Pick<Case, 'fixes'>): string[] {
  return state.fixes.flatMap((f) => {
    const head = f.merged?.commits.at(-1);
    return head ? [head] : [];
  });
}

/** When the fix first became public on the default branch (the start of the patch gap). */
export function fixPublicAt(state: Pick<Case, 'fixes'>): string | undefined {
  return state.fixes
    .map((f) => f.merged?.at)
    .filter((at): at is string => at !== undefined)
    .sort()[0];
}

/** A short name for a fix in replies: its fork pull request and commit. */
export function describeFix(fix: Pick<Fix, 'sha' | 'pullRequest'>): string {
  const sha = `\`${fix.sha.slice(0, 12)}\``;
  return fix.pullRequest ? `fork PR #${fix.pullRequest} (${sha})` : sha;
}

/**
 * Why the fix is not on the default branch yet, for refusals (`/release`, `/publish`); undefined
 * when every fix is there.
 */
export function fixNotMergedReason(state: Pick<Case, 'fixes'>): string | undefined {
  if (state.fixes.length === 0)
    return 'No fix is recorded yet: `/fixed <commit> --pr <fork PR> --test <path>`';
  const open = unmergedFixes(state);
  if (open.length === 0) return undefined;
  return `${open.map(describeFix).join(', ')} ${open.length === 1 ? 'has' : 'have'} not reached the default branch. ${FORK_MERGE_RULE}; the App sees the merge arrive. After a squash or rebase merge, type \`/merged <sha>\` with the default branch's commit`;
}

/** What the App learned about one fix reaching the default branch. */
export interface FixArrival {
  /** The fix as recorded (`Fix.sha`). */
  sha: string;
  commits: string[];
  files: string[];
}

/**
 * The change for fixes that reached the default branch: each gets its commits and files, and
 * once every fix is there the release item ticks and the patch gap starts.
 */
export function fixesArrivedChange(
  state: Pick<Case, 'fixes' | 'items' | 'milestones'>,
  arrivals: readonly FixArrival[],
  stamp: { at: string; by: string },
  via: 'push' | 'command',
): Change | undefined {
  const fresh = arrivals.filter((a) => state.fixes.some((f) => f.sha === a.sha && !f.merged));
  if (fresh.length === 0) return undefined;
  const fixes = state.fixes.map((fix) => {
    const arrival = fresh.find((a) => a.sha === fix.sha);
    return arrival
      ? {
          ...fix,
          merged: {
            at: stamp.at,
            via,
            commits: arrival.commits.slice(0, 250),
            files: arrival.files.slice(0, 1000),
          },
        }
      : fix;
  });
  const all = fixes.every((f) => f.merged);
  const names = fresh.map((a) => `\`${a.sha.slice(0, 12)}\``).join(', ');
  return {
    patch: {
      set: {
        fixes,
        ...(all && !state.items['fix-landed']
          ? {
              items: {
                'fix-landed': {
                  status: 'done' as const,
                  ...stamp,
                  evidence: `on the default branch (${via})`,
                },
              },
            }
          : {}),
        ...(state.milestones['fix-public'] ? {} : { milestones: { 'fix-public': stamp.at } }),
      },
    },
    note: `Fix ${names} reached the default branch${all ? '' : ' (other fixes still in the fork)'}`,
  };
}
