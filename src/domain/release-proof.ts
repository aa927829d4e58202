import { neutralize } from './neutralize.js';

/** A commit as the proof reads it (the compare API's view). */
export interface ProofCommit {
  sha: string;
  message: string;
  parents: string[];
}

/** What the release branch holds beyond the last release, judged commit by commit. */
export interface ReleaseProof {
  ok: boolean;
  /** Fix commits the branch does not contain. */
  missing: string[];
  /** Commits that are neither a fix, a merge of one, nor the App's release commit. */
  extra: ProofCommit[];
}

/** The neutral title of every public release write (branch commit, PR). */
export const releaseTitle = (version: string) => `chore: release ${version}`;

const RELEASE_TITLE = /^chore: release \S+$/;
const MERGE_TITLE = /^Merge ([0-9a-f]{7,40}) into (\S+)$/;

/**
 * Whether a branch holds another release's work: the App's release commit of another version,
 * or the App's merge of a fix that is not one of this release's. Two cases releasing on the same
 * day would otherwise meet on one dated branch, and the second would find the first's fix there.
 */
export function isAnotherRelease(
  commits: readonly ProofCommit[],
  own: { message: string; heads: readonly string[] },
): boolean {
  return commits.some((c) => {
    const title = c.message.split('\n')[0] ?? '';
    if (RELEASE_TITLE.test(title)) return title !== own.message;
    const merge = MERGE_TITLE.exec(title);
    if (!merge || c.parents.length < 2) return false;
    const merged = merge[1] ?? '';
    return !own.heads.some((head) => head.startsWith(merged));
  });
}

/** The commits a `git cherry-pick -x` commit says it was picked from. */
export function pickedFrom(message: string): string[] {
  return [...message.matchAll(/\(cherry picked from commit ([0-9a-f]{40})\)/g)].map(
    (m) => m[1] ?? '',
  );
}

/**
 * The proof the playbook asks for ("never bundle with feature commits"): every commit the branch
 * has that the last release has not is a fix commit (or a `cherry-pick -x` of one), a merge
 * (whose content is the commits it brings, which are listed too), or the App's own release
 * commit; and every fix commit is there.
 */
export function proveRelease(
  commits: readonly ProofCommit[],
  fixCommits: readonly string[],
  releaseCommits: readonly string[],
): ReleaseProof {
  const fixes = new Set(fixCommits);
  const own = new Set(releaseCommits);
  const isFix = (c: ProofCommit) =>
    fixes.has(c.sha) || pickedFrom(c.message).some((s) => fixes.has(s));
  const extra = commits.filter((c) => !isFix(c) && !own.has(c.sha) && c.parents.length < 2);
  const present = new Set(commits.flatMap((c) => [c.sha, ...pickedFrom(c.message)]));
  const missing = fixCommits.filter((sha) => !present.has(sha));
  return { ok: extra.length === 0 && missing.length === 0, missing, extra };
}

/** Commits as a reply lists them: short SHA and first line, at most `limit` of them. */
export function listCommits(commits: readonly ProofCommit[], limit = 10): string {
  const lines = commits
    .slice(0, limit)
    .map(
      (c) =>
        `- \`${c.sha.slice(0, 12)}\` ${neutralize(c.message.split('\n')[0] ?? '', { maxLength: 100 })}`,
    );
  if (commits.length > limit) lines.push(`- … and ${String(commits.length - limit)} more`);
  return lines.join('\n');
}
