import { compare as compareVersions, valid } from 'semver';
import { readVersionField } from '../domain/bump-plan.js';
import type { Effect } from '../domain/effects.js';
import { renderTag, versionOfTag } from '../domain/release-plan.js';
import { isPatchBump } from '../domain/versions.js';
import type { GitHubPort } from '../github/port.js';
import { replaceVersion } from './bump-versions.js';
import { EffectRefused } from './errors.js';
import { branchFrom, prependEntry } from './pull-requests.js';
import { dependencyClosure, findWorkspacePackages, type WorkspacePackage } from './workspace.js';

type QuickReleaseEffect = Extract<Effect, { kind: 'quick-release' }>;

/** At most this many unreleased commits are read one by one; more means "not a quick release". */
const MAX_COMMITS = 100;

const REGULAR = 'Use the regular release instead: `/release --strategy changesets`';

/** Package names a changeset file releases (its front matter: `"name": patch`). */
export function changesetPackages(text: string): string[] {
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  return [
    ...front.matchAll(/^\s*["']?([^"':\s][^"':]*?)["']?\s*:\s*(?:major|minor|patch)\s*$/gm),
  ].map((m) => m[1] ?? '');
}

/** The tag of the package's current (last released) version: by its own tag, or a release-line tag. */
async function lastReleaseOf(
  github: GitHubPort,
  effect: QuickReleaseEffect,
  pkg: WorkspacePackage,
): Promise<{ name: string; sha: string } | undefined> {
  const pattern = effect.tag ?? '{package}@{version}';
  const prefix = renderTag(pattern, '\u0000', pkg.name).split('\u0000')[0] ?? '';
  const tags = (await github.listTags(effect.repo, prefix))
    .map((t) => ({ ...t, version: versionOfTag(pattern, t.name, pkg.name) }))
    .filter((t): t is typeof t & { version: string } => valid(t.version ?? '') !== null)
    .sort((a, b) => compareVersions(b.version, a.version));
  const own = tags.find((t) => t.version === pkg.version);
  if (own) return own;
  // Release-line tags (`v1.34.0` for a plugin at 0.23.1): the newest whose package.json has it.
  for (const tag of tags.slice(0, 10)) {
    const file = await github.getFile(effect.repo, `${pkg.dir}package.json`, tag.sha);
    const read = file ? readVersionField(`${pkg.dir}package.json`, file.content) : undefined;
    if (read?.ok && read.version === pkg.version) return tag;
  }
  return undefined;
}

/** Why a quick release would ship something half-done: pending changesets and unreleased commits. */
async function blockers(
  github: GitHubPort,
  effect: QuickReleaseEffect,
  pkg: WorkspacePackage,
  workspace: WorkspacePackage[],
  defaultBranch: string,
): Promise<string[]> {
  const watched = [pkg, ...dependencyClosure(pkg, workspace)];
  const found: string[] = [];
  for (const entry of await github.listDirectory(
    effect.repo,
    effect.changesetDirectory,
    defaultBranch,
  )) {
    if (!entry.endsWith('.md') || entry.toLowerCase() === 'readme.md') continue;
    const path = `${effect.changesetDirectory}/${entry}`;
    const file = await github.getFile(effect.repo, path, defaultBranch);
    const hit = changesetPackages(file?.content ?? '').filter((n) =>
      watched.some((p) => p.name === n),
    );
    if (hit.length > 0) found.push(`the pending changeset \`${path}\` releases ${hit.join(', ')}`);
  }
  const last = await lastReleaseOf(github, effect, pkg);
  if (!last) {
    found.push(
      `no release tag of ${pkg.name} ${pkg.version} was found (tag pattern \`${effect.tag ?? '{package}@{version}'}\`), so what is unreleased cannot be checked`,
    );
    return found;
  }
  const comparison = await github.compareCommits(effect.repo, last.sha, defaultBranch);
  const fixes = new Set(effect.fixCommits ?? []);
  if (comparison && comparison.aheadBy > comparison.commits.length) {
    found.push(
      `${String(comparison.aheadBy)} commits were merged since ${last.name}, more than the compare API lists at once`,
    );
    return found;
  }
  const unreleased = (comparison?.commits ?? []).filter(
    (c) => !fixes.has(c.sha) && c.parents.length < 2,
  );
  if (unreleased.length > MAX_COMMITS) {
    found.push(`${String(unreleased.length)} commits were merged since ${last.name}`);
    return found;
  }
  for (const commit of unreleased) {
    const detail = await github.getCommit(effect.repo, commit.sha);
    const files = detail?.files ?? [];
    const touched = watched.filter((p) => files.some((f) => f.startsWith(p.dir)));
    const withChangeset = files.some((f) => f.startsWith(`${effect.changesetDirectory}/`));
    if (touched.length > 0 && !withChangeset)
      found.push(
        `\`${commit.sha.slice(0, 12)}\` changes ${touched.map((p) => p.name).join(', ')} since ${last.name} without a changeset`,
      );
  }
  return found;
}

/**
 * The runbook's quick release: bump the package and prepend its CHANGELOG.md on a branch from the
 * default branch, but only when nothing else would ship with it: no pending changeset of the
 * package or of a workspace package it depends on (directly or through another), and no commit since its last release that
 * changes them without a changeset. Otherwise the regular release is the way.
 */
export async function quickReleaseEffect(
  github: GitHubPort,
  effect: QuickReleaseEffect,
): Promise<{ number: number; url: string; packagePath: string }> {
  const { defaultBranch } = await github.getRepository(effect.repo);
  const workspace = await findWorkspacePackages(github, effect.repo, defaultBranch);
  const pkg = workspace.packages.find((p) => p.name === effect.packageName);
  if (!pkg) {
    const empty = workspace.emptyGlobs.length
      ? `; the workspace glob(s) ${workspace.emptyGlobs.map((g) => `\`${g}\``).join(', ')} match no package`
      : '';
    throw new EffectRefused(
      `no package.json named ${effect.packageName} at the root or in the workspaces (${workspace.globs.map((g) => `\`${g}\``).join(', ') || 'none declared'})${empty}. Name the package with \`/advisory package\` or in release.packages`,
    );
  }
  const existing = await github.findOpenPullRequest(effect.repo, effect.branch);
  // Only this release's own pull request (its title) is continued; anything else on the branch
  // is someone else's work.
  if (existing?.title === effect.title)
    return { number: existing.number, url: existing.url, packagePath: pkg.dir };
  if (existing)
    throw new EffectRefused(
      `the branch ${effect.branch} already has pull request #${String(existing.number)}, which is not this release's; close it or rename its branch, then type \`/release\` again`,
    );
  if (!isPatchBump(pkg.version, effect.version))
    throw new EffectRefused(
      `${pkg.name} is at ${pkg.version}; ${effect.version} is not a patch bump of it`,
    );
  const blocking = await blockers(github, effect, pkg, workspace.packages, defaultBranch);
  if (blocking.length > 0)
    throw new EffectRefused(
      `a quick release of ${pkg.name} would ship more than the fix: ${blocking.join('; ')}. ${REGULAR}`,
    );
  const { head } = await branchFrom(github, effect.repo, effect.branch);
  const changelogPath = `${pkg.dir}CHANGELOG.md`;
  const changelog = await github.getFile(effect.repo, changelogPath, effect.branch);
  // A rerun after the commit (the PR was not opened) finds the entry there: it is not added twice.
  const logged = changelog?.content.includes(effect.changelogEntry.trim()) ?? false;
  await github.commitFiles(
    effect.repo,
    effect.branch,
    effect.title,
    [
      { path: `${pkg.dir}package.json`, content: replaceVersion(pkg.text, effect.version) },
      ...(logged
        ? []
        : [
            {
              path: changelogPath,
              content: prependEntry(changelog?.content ?? `# ${pkg.name}\n`, effect.changelogEntry),
            },
          ]),
    ],
    head,
  );
  const pr = await github.createPullRequest(effect.repo, {
    head: effect.branch,
    base: defaultBranch,
    title: effect.title,
    body: effect.body ?? `Patch release ${effect.version} of ${pkg.name}.`,
  });
  return { ...pr, packagePath: pkg.dir };
}
