import { localDate } from '../domain/clock.js';
import { refuse, type CommandEnv, type CommandSpec } from '../domain/command-spec.js';
import { gateRefusal } from '../domain/decide.js';
import type { Effect } from '../domain/effects.js';
import { describeLeaks, findEffectLeaks } from '../domain/leak-guard.js';
import {
  changesetName,
  renderChangeset,
  renderQuickChangelogEntry,
} from '../domain/replies/changeset.js';
import { patchReleaseProblem } from '../domain/versions.js';
import { parseArgs, stringOption } from './args.js';
import { doneByApp } from '../domain/effect-outcome.js';
import { pullRequestOpened } from '../domain/pull-request-opened.js';

const NEUTRAL_TITLE = (version: string) => `chore: release ${version}`;

function releaseEffects(env: CommandEnv, version: string, from: string | undefined): Effect[] {
  const { state, config } = env;
  const repo = state.repo ?? '';
  const today = localDate(env.now, config.timeZone);
  switch (config.release.strategy) {
    case 'hotfix': {
      const branch = config.release.branch.replace('{date}', today);
      return [
        {
          kind: 'create-branch',
          key: `release:${version}:branch`,
          repo,
          branch,
          ...(from ? { from } : {}),
        },
        {
          kind: 'bump-versions',
          key: `release:${version}:bump`,
          repo,
          branch,
          paths: config.release.versionFiles,
          version,
          message: NEUTRAL_TITLE(version),
        },
        {
          kind: 'dispatch-workflow',
          key: `release:${version}:dispatch`,
          repo,
          workflow: config.release.workflow,
          ref: branch,
          inputs: config.release.workflowInputs,
        },
      ];
    }
    case 'changesets': {
      const packages = state.advisory.packageName
        ? [state.advisory.packageName]
        : config.release.packages;
      const name = changesetName(`${state.tracking.repo}#${state.tracking.issue}:${version}`);
      return [
        {
          kind: 'open-pull-request',
          key: `release:${version}:changeset`,
          repo,
          purpose: 'changeset',
          branch: `release/patch-${today}`,
          title: NEUTRAL_TITLE(version),
          body: `Patch release ${version}.`,
          files: [
            {
              path: `${config.release.changesetDirectory}/${name}.md`,
              content: renderChangeset(packages),
            },
          ],
        },
      ];
    }
    case 'quick': {
      const packageName = state.advisory.packageName ?? config.release.packages[0] ?? '';
      return [
        {
          kind: 'quick-release',
          key: `release:${version}:quick`,
          repo,
          packageName,
          version,
          branch: `release/patch-${today}`,
          title: NEUTRAL_TITLE(version),
          changelogEntry: renderQuickChangelogEntry(packageName, version),
          changesetDirectory: config.release.changesetDirectory,
        },
      ];
    }
  }
}

export const releaseCommand: CommandSpec = {
  name: 'release',
  usage: '/release [version] [--from REF] [--migration]',
  description:
    'Cut the patch release with the configured strategy: hotfix branch + version bump + workflow dispatch, a changeset PR, or a quick release. Every public text passes the leak guard.',
  whoCanUse: 'maintain',
  examples: ['/release', '/release 0.71.1', '/release 0.71.1 --from v0.71.0 --migration'],
  run(argsText, env) {
    const parsed = parseArgs(argsText, { from: 'string', migration: 'boolean' });
    if (!parsed.ok)
      return refuse(`${parsed.error}. Usage: \`/release [version] [--from REF] [--migration]\`.`);
    const { state, config } = env;
    if (state.phase !== 'release') {
      const early = state.phase === 'draft' || state.phase === 'fix' || state.phase === 'triage';
      return refuse(
        early
          ? (gateRefusal(state, config, '`/release`') ??
              'The case is not in the release phase yet.')
          : `The release step is past (phase **${state.phase}**).`,
      );
    }
    if (state.items['release-opened'])
      return refuse(
        `The release was already started (${state.release.version ?? ''}${state.release.branch ? ` on \`${state.release.branch}\`` : ''}).`,
      );
    if (!state.repo)
      return refuse('This case has no product repository yet (`/advisory create owner/repo`).');
    const [versionText, ...extra] = parsed.args.positional;
    if (extra.length > 0) return refuse('Usage: `/release [version] [--from REF] [--migration]`.');
    const version = (versionText ?? state.advisory.patchedVersion ?? '').replace(/^v/, '');
    if (!version)
      return refuse(
        'Which version? Set the patched version with `/advisory range "< X" patched X` or type `/release X`.',
      );
    const problem = patchReleaseProblem(version, state.advisory.previousVersion);
    if (problem) return refuse(`${problem}. Nothing was changed.`);
    if (state.advisory.patchedVersion && state.advisory.patchedVersion !== version) {
      return refuse(
        `The advisory says the patch is ${state.advisory.patchedVersion}, not ${version}. Fix it with \`/advisory range\` first, or release ${state.advisory.patchedVersion}.`,
      );
    }
    const from = stringOption(parsed.args, 'from');
    const effects = releaseEffects(env, version, from);
    const leaks = findEffectLeaks(effects, state, config);
    if (leaks.length > 0) return refuse(describeLeaks(leaks));
    const migration = parsed.args.options.migration === true;
    const branch = effects.find((e) => 'branch' in e && typeof e.branch === 'string');
    return {
      ok: true,
      changes: [
        {
          patch: {
            set: {
              release: {
                strategy: config.release.strategy,
                version,
                migration,
                ...(branch && 'branch' in branch ? { branch: branch.branch } : {}),
              },
            },
          },
          note: `Release ${version} started (${config.release.strategy})`,
        },
      ],
      effects,
      reply:
        `Starting patch release **${version}** (${config.release.strategy}).` +
        (migration
          ? `\n\n⚠️ The fix has a database migration: set \`release = '${version}'\` in it (Database Migrations playbook).`
          : ''),
    };
  },
  effectKinds: ['dispatch-workflow', 'quick-release'],
  onEffect(effect, outcome, env) {
    const data = outcome.data ?? {};
    if (effect.kind === 'open-pull-request' || effect.kind === 'quick-release')
      return pullRequestOpened(effect, data, env);
    if (effect.kind !== 'dispatch-workflow') return undefined;
    return {
      patch: {
        set: {
          release: {
            ...(data.runId === undefined ? {} : { runId: data.runId }),
            ...(data.url ? { runUrl: data.url } : {}),
          },
          items: { 'release-opened': doneByApp(env, data.url ?? 'workflow dispatched') },
        },
      },
      note: `Release workflow dispatched${data.runId ? ` (run ${data.runId})` : ''}`,
      reply: `Release workflow \`${effect.workflow}\` dispatched on \`${effect.ref}\`${data.url ? `: [run](${data.url})` : ''}. Canary is verified when the run succeeds.`,
    };
  },
};
