import type { Effect } from '../domain/effects.js';
import type { GitHubPort } from '../github/port.js';
import { EffectRefused } from './errors.js';

type PullRequestEffect = Extract<Effect, { kind: 'open-pull-request' }>;

/** Inserts an entry at the top of a changelog, after MDX/YAML front matter when there is one. */
export function prependEntry(existing: string, entry: string): string {
  const front = /^---\n[\s\S]*?\n---\n/.exec(existing);
  const head = front ? front[0] : '';
  const rest = existing.slice(head.length).replace(/^\n+/, '');
  return `${head}${head ? '\n' : ''}${entry.trimEnd()}\n\n${rest}`;
}

/**
 * A maintenance branch that already exists must not hold commits the last release lacks: a
 * release from it would ship them with the fix. Refused with the commits, before any write.
 */
async function refuseUnreleased(
  github: GitHubPort,
  repo: string,
  base: string,
  releaseSha: string,
): Promise<void> {
  const comparison = await github.compareCommits(repo, releaseSha, base);
  if (!comparison || comparison.status === 'identical' || comparison.status === 'behind') return;
  const listed = comparison.commits
    .slice(0, 10)
    .map((c) => `\`${c.sha.slice(0, 12)}\` ${c.message.split('\n')[0]?.slice(0, 80) ?? ''}`)
    .join('; ');
  const more = comparison.aheadBy > 10 ? ` and ${String(comparison.aheadBy - 10)} more` : '';
  throw new EffectRefused(
    `the maintenance branch ${base} has ${String(comparison.aheadBy)} commit(s) that are not in the release it was cut from (${releaseSha.slice(0, 12)}): ${listed}${more}. A release from ${base} would ship them with the fix: release or revert them there first`,
  );
}

/**
 * The branch (made if missing) and the branch it targets: the default branch, or `base` (made
 * from `baseFrom` when missing, for a maintenance branch cut from a release tag). A new branch
 * is made in one request (`createBranchIfMissing`); one `likelyExists` is read first.
 */
export async function branchFrom(
  github: GitHubPort,
  repo: string,
  branch: string,
  target: { base?: string; baseFrom?: string; likelyExists?: boolean } = {},
): Promise<{ base: string; head: string }> {
  const base = target.base ?? (await github.getRepository(repo)).defaultBranch;
  let baseSha = await github.getBranchSha(repo, base);
  if (baseSha && target.baseFrom && baseSha !== target.baseFrom)
    await refuseUnreleased(github, repo, base, target.baseFrom);
  if (!baseSha && target.baseFrom) {
    await github.createBranch(repo, base, target.baseFrom);
    baseSha = target.baseFrom;
  }
  if (!baseSha || target.likelyExists) {
    // A PR of a branch cut before (the changeset release's) reads it; it exists nearly always.
    const existing = await github.getBranchSha(repo, branch);
    if (existing) return { base, head: existing };
    if (!baseSha) throw new EffectRefused(`the branch ${base} of ${repo} has no commits`);
    await github.createBranch(repo, branch, baseSha);
    return { base, head: baseSha };
  }
  if (await github.createBranchIfMissing(repo, branch, baseSha)) return { base, head: baseSha };
  // A rerun: the branch is there from the first attempt, and its head is what to build on.
  const existing = await github.getBranchSha(repo, branch);
  if (!existing) throw new Error(`GitHub says ${branch} of ${repo} exists, but it cannot be read`);
  return { base, head: existing };
}

/** The files to commit: a prepended entry reads the file at `ref` and is skipped when there. */
async function filesAt(
  github: GitHubPort,
  effect: PullRequestEffect,
  ref: string,
): Promise<{ path: string; content: string }[]> {
  const files = [];
  for (const file of effect.files) {
    if (effect.prepend) {
      const current = await github.getFile(effect.repo, file.path, ref);
      if (current?.content.includes(file.content.trim())) continue;
      files.push({ path: file.path, content: prependEntry(current?.content ?? '', file.content) });
    } else {
      files.push(file);
    }
  }
  return files;
}

/**
 * Opens a PR with the given files on a branch from the default branch; an existing PR for the
 * branch is reused, so a rerun continues instead of opening a second one. A new branch is made
 * with its commit in one go (the commit, then the ref on it).
 */
export async function openPullRequestEffect(
  github: GitHubPort,
  effect: PullRequestEffect,
): Promise<{ number: number; url: string }> {
  const existing = await github.findOpenPullRequest(effect.repo, effect.branch);
  if (existing) return { number: existing.number, url: existing.url };
  const target = {
    ...(effect.base ? { base: effect.base } : {}),
    ...(effect.baseFrom ? { baseFrom: effect.baseFrom } : {}),
  };
  const open = (base: string) =>
    github.createPullRequest(effect.repo, {
      head: effect.branch,
      base,
      title: effect.title,
      body: effect.body,
    });
  if (effect.files.length === 0) {
    // A PR of a branch cut before (the changeset release's): it is read, made only if missing.
    const { base } = await branchFrom(github, effect.repo, effect.branch, {
      ...target,
      likelyExists: true,
    });
    return open(base);
  }
  const { base, sha } = await baseOf(github, effect.repo, target);
  const files = await filesAt(github, effect, base);
  const made = await github.commitToNewBranch(effect.repo, effect.branch, sha, effect.title, files);
  if (made !== 'exists') return open(base);
  // A rerun: the branch is there from the first attempt, and its head is what to build on.
  const head = await github.getBranchSha(effect.repo, effect.branch);
  if (!head)
    throw new Error(`GitHub says ${effect.branch} of ${effect.repo} exists, but it cannot be read`);
  const missing = await filesAt(github, effect, effect.branch);
  if (missing.length > 0)
    await github.commitFiles(effect.repo, effect.branch, effect.title, missing, head);
  return open(base);
}

/** The branch a PR targets and its head (made from `baseFrom` when missing). */
async function baseOf(
  github: GitHubPort,
  repo: string,
  target: { base?: string; baseFrom?: string },
): Promise<{ base: string; sha: string }> {
  const base = target.base ?? (await github.getRepository(repo)).defaultBranch;
  const sha = await github.getBranchSha(repo, base);
  if (sha) return { base, sha };
  if (!target.baseFrom) throw new EffectRefused(`the branch ${base} of ${repo} has no commits`);
  await github.createBranch(repo, base, target.baseFrom);
  return { base, sha: target.baseFrom };
}
