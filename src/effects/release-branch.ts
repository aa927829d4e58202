import { planBumps, readVersionField, type BumpStep } from '../domain/bump-plan.js';
import type { Effect } from '../domain/effects.js';
import { listCommits, pickedFrom, proveRelease } from '../domain/release-proof.js';
import { chooseBranch } from './choose-release-branch.js';
import type { GitHubPort } from '../github/port.js';
import { replaceVersion } from './bump-versions.js';
import { EffectRefused } from './errors.js';

type CutEffect = Extract<Effect, { kind: 'cut-release-branch' }>;

/** What cutting the release branch left: its name, where it starts and ends, what was bumped. */
export interface CutResult {
  branch: string;
  fromSha: string;
  sha: string;
  bumped: string[];
}

const short = (sha: string) => sha.slice(0, 12);

/** GitHub's compare lists the first 100 commits: more than that cannot be proved commit by commit. */
const unprovable = (count: number, from: string) =>
  `${String(count)} commits lie between ${from} and the fix, more than the compare API lists at once, so the branch cannot be proved to hold nothing else; base the fix on ${from}`;

/**
 * What to type to put only the fix on the branch by hand. Merge commits (the advisory's merge
 * button makes one) are left out: `git cherry-pick` refuses them without `-m`, and the commits
 * they merge are listed themselves.
 */
function cherryPickCommands(effect: CutEffect, picks: readonly string[]): string {
  return [
    '```sh',
    `git fetch origin`,
    `git checkout -b ${effect.branch} ${effect.from}`,
    `git cherry-pick -x ${picks.join(' ')}`,
    `git push origin ${effect.branch}`,
    '```',
    `then \`/release ${effect.version} --from ${effect.from}\` again: the App continues on the branch and proves it.`,
  ].join('\n');
}

/**
 * Cuts the release branch from the last release, brings the fix onto it with the merges API,
 * bumps the version files within their own lines, and proves with the compare API that the
 * branch holds every fix commit and nothing else the last release lacks. Every check that can
 * run before a write does; a failure after the branch was made here deletes it again, so a
 * refusal leaves nothing behind and `/release` can simply be run again.
 */
export async function cutReleaseBranch(github: GitHubPort, planned: CutEffect): Promise<CutResult> {
  const { repo } = planned;
  const base = await github.getCommit(repo, planned.from);
  if (!base)
    throw new EffectRefused(
      `\`${planned.from}\` is not a tag, branch or commit of ${repo}. Name the last release of this line: \`/release ${planned.version} --from <tag|branch|sha>\``,
    );
  const { effect, existing, commits } = await chooseBranch(github, planned, base.sha);
  const { branch } = effect;
  let created = false;
  const onBranch = new Set(commits.flatMap((c) => [c.sha, ...pickedFrom(c.message)]));
  // A fix already on the branch (merged by an earlier run, or cherry-picked by hand) is not merged again.
  const pending = effect.fixes.filter((f) => !f.commits.every((sha) => onBranch.has(sha)));
  const allowed = new Set(effect.fixes.flatMap((f) => f.commits));
  const merges = new Set<string>();
  const comparisons = [];
  for (const fix of pending) {
    const comparison = await github.compareCommits(repo, base.sha, fix.head);
    if (!comparison) throw new EffectRefused(`the fix commit ${short(fix.head)} is not in ${repo}`);
    if (comparison.aheadBy > comparison.commits.length)
      throw new EffectRefused(unprovable(comparison.aheadBy, effect.from));
    for (const c of comparison.commits) if (c.parents.length > 1) merges.add(c.sha);
    comparisons.push(comparison);
  }
  const picks = [...allowed].filter((sha) => !merges.has(sha));
  for (const comparison of comparisons) {
    const bundled = comparison.commits.filter((c) => !allowed.has(c.sha) && c.parents.length < 2);
    if (bundled.length > 0)
      throw new EffectRefused(
        `the fix is based on commits that ${effect.from} does not have, and bringing it onto the release would bundle them:\n${listCommits(bundled)}\nBase the fix on ${effect.from}, or put only the fix commits on the branch by hand:\n${cherryPickCommands(effect, picks)}`,
      );
  }
  // The version files are judged at the release before anything is written, so a file that is
  // not JSON or cannot take a patch bump is refused with nothing pushed.
  const released = await releasedVersions(github, effect, base.sha);
  const unbumpable = planBumps(
    effect.versionFiles.map((path) => ({
      path,
      released: released.get(path),
      current: released.get(path),
    })),
    effect.version,
    effect.fixFiles,
  ).filter((s) => s.action === 'refuse');
  if (unbumpable.length > 0) throw new EffectRefused(unbumpable.map((s) => s.why).join('; '));
  if (!existing) {
    await github.createBranch(repo, branch, base.sha);
    created = true;
  }
  try {
    const result = await finishBranch(
      github,
      effect,
      { fromSha: base.sha, head: existing ?? base.sha },
      released,
      pending.map((f) => f.head),
      picks,
    );
    return { ...result, branch };
  } catch (error) {
    // Nothing half-done: a branch this run made goes again when the release cannot be finished
    // (a refusal, or GitHub refusing a write). A passing fault (5xx, a rate limit) keeps it: the
    // job runs again and continues on it.
    if (created && isFinal(error)) await github.deleteBranch(repo, branch);
    throw error;
  }
}

/** Whether an error ends the release attempt (a refusal, a 4xx that is not a rate limit). */
function isFinal(error: unknown): boolean {
  if (error instanceof EffectRefused) return true;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number' || status >= 500 || status === 429) return false;
  const message = error instanceof Error ? error.message.toLowerCase() : '';
  return !(status === 403 && message.includes('rate limit'));
}

async function finishBranch(
  github: GitHubPort,
  effect: CutEffect,
  at: { fromSha: string; head: string },
  released: ReadonlyMap<string, string | undefined>,
  heads: readonly string[],
  picks: readonly string[],
): Promise<Omit<CutResult, 'branch'>> {
  const { repo, branch } = effect;
  const { fromSha } = at;
  // The branch's head is followed through every write (each returns it), not read back.
  let head = at.head;
  for (const fix of heads) {
    const merged = await github.mergeIntoBranch(
      repo,
      branch,
      fix,
      `Merge ${short(fix)} into ${branch}`,
    );
    if (merged === 'conflict')
      throw new EffectRefused(
        `the fix ${short(fix)} conflicts with ${effect.from}; resolve it by hand:\n${cherryPickCommands(effect, picks)}`,
      );
    if (merged !== 'up-to-date') head = merged.sha;
  }
  const { steps, contents } = await bumpSteps(github, effect, released);
  const refused = steps.filter((s) => s.action === 'refuse');
  if (refused.length > 0) throw new EffectRefused(refused.map((s) => s.why).join('; '));
  const writes: { path: string; content: string }[] = [];
  for (const step of steps) {
    const content = contents.get(step.path);
    if (step.action === 'bump' && content !== undefined)
      writes.push({ path: step.path, content: replaceVersion(content, step.to) });
  }
  for (const file of effect.files) {
    const current = await github.getFile(repo, file.path, branch);
    if (current?.content !== file.content) writes.push(file);
  }
  // The App's own commit, known from what it wrote: its files need no second look.
  let own: { sha: string; files: string[] } | undefined;
  if (writes.length > 0) {
    head = (await github.commitFiles(repo, branch, effect.message, writes, head)).sha;
    own = { sha: head, files: writes.map((w) => w.path) };
  }
  const comparison = await github.compareCommits(repo, fromSha, head);
  if (!comparison) throw new EffectRefused(`the branch ${branch} could not be read back`);
  if (comparison.aheadBy > comparison.commits.length)
    throw new EffectRefused(unprovable(comparison.aheadBy, effect.from));
  const releaseCommits = await ownReleaseCommits(github, effect, comparison.commits, own);
  const proof = proveRelease(
    comparison.commits,
    effect.fixes.flatMap((f) => f.commits),
    releaseCommits,
  );
  if (!proof.ok) {
    const parts = [
      ...(proof.extra.length > 0
        ? [
            `the branch ${branch} holds commits that are not part of the fix:\n${listCommits(proof.extra)}`,
          ]
        : []),
      ...(proof.missing.length > 0
        ? [`it lacks the fix commits ${proof.missing.map(short).join(', ')}`]
        : []),
    ];
    throw new EffectRefused(`${parts.join('; ')}. The release was not started`);
  }
  return {
    fromSha,
    sha: head,
    bumped: steps.flatMap((s) =>
      s.action === 'bump' || s.action === 'already' ? [`${s.path}@${s.to}`] : [],
    ),
  };
}

/** The "version" of a version file at a ref, with its text; undefined when the file is not there. */
async function versionAt(
  github: GitHubPort,
  effect: CutEffect,
  path: string,
  ref: string,
): Promise<{ version: string; content: string } | undefined> {
  const file = await github.getFile(effect.repo, path, ref);
  if (!file) return undefined;
  const version = readVersionField(path, file.content);
  if (!version.ok) throw new EffectRefused(version.reason);
  return { version: version.version, content: file.content };
}

/** The version of each version file at the last release. */
async function releasedVersions(
  github: GitHubPort,
  effect: CutEffect,
  fromSha: string,
): Promise<Map<string, string | undefined>> {
  const released = new Map<string, string | undefined>();
  for (const path of effect.versionFiles)
    released.set(path, (await versionAt(github, effect, path, fromSha))?.version);
  return released;
}

/** The bump of each version file on the branch, and the text each has there. */
async function bumpSteps(
  github: GitHubPort,
  effect: CutEffect,
  released: ReadonlyMap<string, string | undefined>,
): Promise<{ steps: BumpStep[]; contents: Map<string, string> }> {
  const states = [];
  const contents = new Map<string, string>();
  for (const path of effect.versionFiles) {
    const current = await versionAt(github, effect, path, effect.branch);
    if (current) contents.set(path, current.content);
    states.push({ path, released: released.get(path), current: current?.version });
  }
  return { steps: planBumps(states, effect.version, effect.fixFiles), contents };
}

/**
 * The App's own release commits on the branch: its message, and only version files or the
 * changeset changed (a person's commit that borrowed the message still counts as extra).
 */
async function ownReleaseCommits(
  github: GitHubPort,
  effect: CutEffect,
  commits: readonly { sha: string; message: string; parents: string[] }[],
  made: { sha: string; files: string[] } | undefined,
): Promise<string[]> {
  const allowed = new Set([...effect.versionFiles, ...effect.files.map((f) => f.path)]);
  const own: string[] = [];
  for (const commit of commits) {
    if (commit.message !== effect.message || commit.parents.length > 1) continue;
    const detail =
      commit.sha === made?.sha ? made : await github.getCommit(effect.repo, commit.sha);
    if (detail && detail.files.every((f) => allowed.has(f))) own.push(commit.sha);
  }
  return own;
}
