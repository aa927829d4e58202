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

/**
 * Opens a PR with the given files on a branch from the default branch; an existing PR for the
 * branch is reused, so a rerun continues instead of opening a second one.
 */
export async function openPullRequestEffect(
  github: GitHubPort,
  effect: PullRequestEffect,
): Promise<{ number: number; url: string }> {
  const existing = await github.findOpenPullRequest(effect.repo, effect.branch);
  if (existing) return existing;
  const { base, head } = await branchFrom(github, effect.repo, effect.branch, {
    ...(effect.base ? { base: effect.base } : {}),
    ...(effect.baseFrom ? { baseFrom: effect.baseFrom } : {}),
    likelyExists: effect.files.length === 0,
  });
  const files = [];
  for (const file of effect.files) {
    if (effect.prepend) {
      const current = await github.getFile(effect.repo, file.path, effect.branch);
      if (current?.content.includes(file.content.trim())) continue;
      files.push({ path: file.path, content: prependEntry(current?.content ?? '', file.content) });
    } else {
      files.push(file);
    }
  }
  if (files.length > 0)
    await github.commitFiles(effect.repo, effect.branch, effect.title, files, head);
  return github.createPullRequest(effect.repo, {
    head: effect.branch,
    base,
    title: effect.title,
    body: effect.body,
  });
}
