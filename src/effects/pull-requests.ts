import type { Effect } from '../domain/effects.js';
import { isPatchBump } from '../domain/versions.js';
import type { GitHubPort } from '../github/port.js';
import { replaceVersion } from './bump-versions.js';
import { EffectRefused } from './errors.js';

type PullRequestEffect = Extract<Effect, { kind: 'open-pull-request' }>;
type QuickReleaseEffect = Extract<Effect, { kind: 'quick-release' }>;

/** Inserts an entry at the top of a changelog, after MDX/YAML front matter when there is one. */
export function prependEntry(existing: string, entry: string): string {
  const front = /^---\n[\s\S]*?\n---\n/.exec(existing);
  const head = front ? front[0] : '';
  const rest = existing.slice(head.length).replace(/^\n+/, '');
  return `${head}${head ? '\n' : ''}${entry.trimEnd()}\n\n${rest}`;
}

/**
 * The branch (made if missing) and the branch it targets: the default branch, or `base` (made
 * from `baseFrom` when missing, for a maintenance branch cut from a release tag).
 */
async function branchFrom(
  github: GitHubPort,
  repo: string,
  branch: string,
  target: { base?: string; baseFrom?: string } = {},
): Promise<{ base: string; head: string }> {
  const base = target.base ?? (await github.getRepository(repo)).defaultBranch;
  let baseSha = await github.getBranchSha(repo, base);
  if (!baseSha && target.baseFrom) {
    await github.createBranch(repo, base, target.baseFrom);
    baseSha = target.baseFrom;
  }
  const existing = await github.getBranchSha(repo, branch);
  if (existing) return { base, head: existing };
  if (!baseSha) throw new EffectRefused(`the branch ${base} of ${repo} has no commits`);
  await github.createBranch(repo, branch, baseSha);
  return { base, head: baseSha };
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

/** Where the package lives: the root package.json or one under packages/ (workspaces). */
async function findPackage(
  github: GitHubPort,
  repo: string,
  ref: string,
  name: string,
): Promise<{ dir: string; text: string } | undefined> {
  const root = await github.getFile(repo, 'package.json', ref);
  if (root && (JSON.parse(root.content) as { name?: string }).name === name)
    return { dir: '', text: root.content };
  for (const entry of await github.listDirectory(repo, 'packages', ref)) {
    const file = await github.getFile(repo, `packages/${entry}/package.json`, ref);
    if (file && (JSON.parse(file.content) as { name?: string }).name === name)
      return { dir: `packages/${entry}/`, text: file.content };
  }
  return undefined;
}

/**
 * The runbook's quick release: bump the package and prepend its CHANGELOG.md, but only when no
 * pending changeset touches the package (its other changes would be released half-done).
 */
export async function quickReleaseEffect(
  github: GitHubPort,
  effect: QuickReleaseEffect,
): Promise<{ number: number; url: string }> {
  const existing = await github.findOpenPullRequest(effect.repo, effect.branch);
  if (existing) return existing;
  const { defaultBranch } = await github.getRepository(effect.repo);
  const pending: string[] = [];
  for (const entry of await github.listDirectory(
    effect.repo,
    effect.changesetDirectory,
    defaultBranch,
  )) {
    if (!entry.endsWith('.md') || entry.toLowerCase() === 'readme.md') continue;
    const file = await github.getFile(
      effect.repo,
      `${effect.changesetDirectory}/${entry}`,
      defaultBranch,
    );
    if (
      file?.content.includes(`"${effect.packageName}"`) ||
      file?.content.includes(`'${effect.packageName}'`)
    )
      pending.push(entry);
  }
  if (pending.length > 0) {
    throw new EffectRefused(
      `${effect.packageName} has pending changesets (${pending.join(', ')}); a quick release would ship them half-done. Use the regular release: set release.strategy to "changesets" and run /release again`,
    );
  }
  const found = await findPackage(github, effect.repo, defaultBranch, effect.packageName);
  if (!found)
    throw new EffectRefused(
      `no package.json named ${effect.packageName} at the root or under packages/`,
    );
  const current = (JSON.parse(found.text) as { version?: string }).version ?? '';
  if (!isPatchBump(current, effect.version))
    throw new EffectRefused(
      `${effect.packageName} is at ${current}; ${effect.version} is not a patch bump of it`,
    );
  const { head } = await branchFrom(github, effect.repo, effect.branch);
  const changelogPath = `${found.dir}CHANGELOG.md`;
  const changelog = await github.getFile(effect.repo, changelogPath, effect.branch);
  await github.commitFiles(
    effect.repo,
    effect.branch,
    effect.title,
    [
      { path: `${found.dir}package.json`, content: replaceVersion(found.text, effect.version) },
      {
        path: changelogPath,
        content: prependEntry(
          changelog?.content ?? `# ${effect.packageName}\n`,
          effect.changelogEntry,
        ),
      },
    ],
    head,
  );
  return github.createPullRequest(effect.repo, {
    head: effect.branch,
    base: defaultBranch,
    title: effect.title,
    body: `Patch release ${effect.version} of ${effect.packageName}.`,
  });
}
