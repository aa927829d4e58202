import { localDate } from '../domain/clock.js';
import type { Case } from '../domain/case.js';
import type { CommandEnv } from '../domain/command-spec.js';
import type { Effect } from '../domain/effects.js';
import { fixFiles } from '../domain/fixes.js';
import { lineOf, releasePackage } from '../domain/release-plan.js';
import { releaseTitle } from '../domain/release-proof.js';
import { slugify } from '../domain/render/postmortem.js';
import {
  changesetName,
  renderChangeset,
  renderQuickChangelogEntry,
} from '../domain/replies/changeset.js';

type Strategy = NonNullable<Case['release']['strategy']>;

/** The merged fixes as the release branch needs them: each head and its commits. */
function mergedFixes(state: Case): { head: string; commits: string[] }[] {
  return state.fixes.flatMap((f) => {
    const commits = f.merged?.commits ?? [];
    const head = commits.at(-1);
    return head ? [{ head, commits }] : [];
  });
}

/**
 * The first effect of a release. Hotfix and changesets both cut a branch from the last release
 * of the line with the fix and nothing else on it (the release commit is the bump, or the
 * changeset); what follows (the dispatch, the pull request) is set off once it is proved.
 * The quick release bumps the package on the default branch, where the fix already is.
 */
export function releaseEffects(
  env: CommandEnv,
  strategy: Strategy,
  version: string,
  from: string,
): Effect[] {
  const { state, config } = env;
  const repo = state.repo ?? '';
  const today = localDate(env.now, config.timeZone);
  switch (strategy) {
    case 'hotfix':
      return [
        {
          kind: 'cut-release-branch',
          command: 'release',
          key: `release:${version}:cut`,
          repo,
          branch: config.release.branch.replace('{date}', today),
          from,
          version,
          fixes: mergedFixes(state),
          fixFiles: fixFiles(state),
          versionFiles: config.release.versionFiles,
          files: [],
          message: releaseTitle(version),
        },
      ];
    case 'changesets': {
      const packageName = releasePackage(state, config);
      const packages = packageName ? [packageName] : config.release.packages;
      const name = changesetName(`${state.tracking.repo}#${state.tracking.issue}:${version}`);
      return [
        {
          kind: 'cut-release-branch',
          command: 'release',
          key: `release:${version}:cut`,
          repo,
          branch: `release/patch-${today}`,
          from,
          version,
          fixes: mergedFixes(state),
          fixFiles: fixFiles(state),
          versionFiles: [],
          files: [
            {
              path: `${config.release.changesetDirectory}/${name}.md`,
              content: renderChangeset(packages),
            },
          ],
          message: releaseTitle(version),
        },
      ];
    }
    case 'quick': {
      const packageName = releasePackage(state, config) ?? '';
      return [
        {
          kind: 'quick-release',
          command: 'release',
          key: `release:${version}:quick`,
          repo,
          packageName,
          version,
          // One branch per package and version: a second case's quick release on the same day
          // never meets this one's branch or adopts its pull request.
          branch: `release/${slugify(packageName, 40)}-${version}`,
          title: releaseTitle(version),
          body: `Patch release ${version} of ${packageName}.`,
          changelogEntry: renderQuickChangelogEntry(packageName, version),
          changesetDirectory: config.release.changesetDirectory,
          tag: config.release.tag,
          fixCommits: state.fixes.flatMap((f) => f.merged?.commits ?? []),
        },
      ];
    }
  }
}

/** What follows a proved release branch: the workflow run, or the changeset pull request. */
export function afterBranch(
  effect: Extract<Effect, { kind: 'cut-release-branch' }>,
  strategy: Strategy,
  fromSha: string,
  config: CommandEnv['config'],
): Effect[] {
  if (strategy === 'hotfix')
    return [
      {
        kind: 'dispatch-workflow',
        command: 'release',
        key: `release:${effect.version}:dispatch`,
        repo: effect.repo,
        workflow: config.release.workflow,
        ref: effect.branch,
        inputs: config.release.workflowInputs,
      },
    ];
  return [
    {
      kind: 'open-pull-request',
      command: 'release',
      key: `release:${effect.version}:changeset`,
      repo: effect.repo,
      purpose: 'changeset',
      branch: effect.branch,
      base: config.release.lineBranch.replace('{line}', lineOf(effect.version)),
      baseFrom: fromSha,
      title: releaseTitle(effect.version),
      body: `Patch release ${effect.version}.`,
      files: [],
    },
  ];
}
