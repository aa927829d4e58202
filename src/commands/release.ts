import { refuse, type CommandEnv, type CommandSpec } from '../domain/command-spec.js';
import { gateRefusal } from '../domain/decide.js';
import { doneByApp } from '../domain/effect-outcome.js';
import type { Effect } from '../domain/effects.js';
import { fixNotMergedReason } from '../domain/fixes.js';
import { describeLeaks, findEffectLeaks } from '../domain/leak-guard.js';
import { pullRequestOpened } from '../domain/pull-request-opened.js';
import { releaseBase, strategyOf } from '../domain/release-plan.js';
import { patchReleaseProblem } from '../domain/versions.js';
import { quoted } from '../domain/parsed.js';
import { parseArgs, stringOption } from './args.js';
import { afterBranch, releaseEffects } from './release-effects.js';

const USAGE = '/release [version] [--from REF] [--strategy hotfix|changesets|quick] [--migration]';
const STRATEGIES = ['hotfix', 'changesets', 'quick'] as const;
type Strategy = (typeof STRATEGIES)[number];

/** Why the case cannot release yet, if it cannot. */
function notReady(env: CommandEnv): string | undefined {
  const { state, config } = env;
  if (state.phase !== 'release') {
    const early = state.phase === 'draft' || state.phase === 'fix' || state.phase === 'triage';
    return early
      ? (gateRefusal(state, config, '`/release`') ?? 'The case is not in the release phase yet.')
      : `The release step is past (phase **${state.phase}**).`;
  }
  if (state.items['release-opened'])
    return `The release was already started (${state.release.version ?? ''}${state.release.branch ? ` on \`${state.release.branch}\`` : ''}).`;
  if (!state.repo)
    return 'This case has no product repository yet (`/advisory create owner/repo`).';
  const fix = fixNotMergedReason(state);
  return fix ? `${fix}. Then \`/release\`.` : undefined;
}

export const releaseCommand: CommandSpec = {
  name: 'release',
  usage: USAGE,
  description:
    'Cut the patch release from the last release of the line with the fix and nothing else: a hotfix branch (fix merged, versions bumped, proved, workflow dispatched), a changeset pull request on the line’s maintenance branch, or a quick release. Every public text passes the leak guard.',
  whoCanUse: 'maintain',
  examples: ['/release', '/release 0.71.1 --from v0.71.0 --migration', '/release --strategy quick'],
  run(argsText, env) {
    const parsed = parseArgs(argsText, {
      from: 'string',
      migration: 'boolean',
      strategy: 'string',
    });
    if (!parsed.ok) return refuse(`${parsed.error}. Usage: \`${USAGE}\`.`);
    const problem = notReady(env);
    if (problem) return refuse(problem);
    const { state, config } = env;
    const [versionText, ...extra] = parsed.args.positional;
    if (extra.length > 0) return refuse(`Usage: \`${USAGE}\`.`);
    const strategyText = stringOption(parsed.args, 'strategy');
    if (strategyText !== undefined && !(STRATEGIES as readonly string[]).includes(strategyText))
      return refuse(
        `${quoted(`--strategy ${strategyText}`)} is not a release strategy; type \`--strategy hotfix\`, \`changesets\` or \`quick\`.`,
      );
    const strategy = (strategyText as Strategy | undefined) ?? strategyOf(state, config);
    const version = (versionText ?? state.advisory.patchedVersion ?? '').replace(/^v/, '');
    if (!version)
      return refuse(
        'Which version? Set the patched version with `/advisory range "< X" patched X` or type `/release X`.',
      );
    const versionProblem = patchReleaseProblem(version, state.advisory.previousVersion);
    if (versionProblem) return refuse(`${versionProblem}. Nothing was changed.`);
    if (state.advisory.patchedVersion && state.advisory.patchedVersion !== version) {
      return refuse(
        `The advisory says the patch is ${state.advisory.patchedVersion}, not ${version}. Fix it with \`/advisory range\` first, or release ${state.advisory.patchedVersion}.`,
      );
    }
    const base = releaseBase(version, state, config, stringOption(parsed.args, 'from'));
    if (!base.ok) return refuse(`${base.reason}.`);
    const effects = releaseEffects(env, strategy, version, base.from);
    // What the cut sets off (the dispatch, the pull request) is public too: checked now, so a
    // refusal comes before anything is written rather than after the branch exists.
    const followUps = effects.flatMap((e) =>
      e.kind === 'cut-release-branch' ? afterBranch(e, strategy, '0'.repeat(40), config) : [],
    );
    const leaks = findEffectLeaks([...effects, ...followUps], state, config);
    if (leaks.length > 0) return refuse(describeLeaks(leaks));
    const migration = parsed.args.options.migration === true;
    const first = effects[0];
    const branch = first && 'branch' in first ? first.branch : undefined;
    return {
      ok: true,
      changes: [
        // A rerun after a refused attempt starts from a clean release record.
        { patch: { unset: ['release'] } },
        {
          patch: {
            set: {
              release: {
                strategy,
                version,
                migration,
                ...(strategy === 'quick' ? {} : { from: base.from }),
                ...(branch ? { branch } : {}),
              },
            },
          },
          note: `Release ${version} started (${strategy}${strategy === 'quick' ? '' : ` from ${base.from}`})`,
        },
      ],
      effects,
      reply:
        `Starting patch release **${version}** (${strategy}${strategy === 'quick' ? ', from the default branch' : `, from \`${base.from}\``}).` +
        (migration
          ? `\n\n⚠️ The fix has a database migration: set \`release = '${version}'\` in it (Database Migrations playbook).`
          : ''),
    };
  },
  effectKinds: ['cut-release-branch', 'dispatch-workflow', 'quick-release'],
  onEffect(effect, outcome, env) {
    const data = outcome.data ?? {};
    if (effect.kind === 'cut-release-branch') return branchCut(effect, data, env.state, env.config);
    if (effect.kind === 'quick-release') {
      const opened = pullRequestOpened(effect, data, env);
      if (!opened || data.packagePath === undefined) return opened;
      return {
        ...opened,
        patch: {
          ...opened.patch,
          set: {
            ...opened.patch?.set,
            release: { ...opened.patch?.set?.release, packagePath: data.packagePath },
          },
        },
      };
    }
    if (effect.kind === 'open-pull-request') return pullRequestOpened(effect, data, env);
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
      reply: `Release workflow \`${effect.workflow}\` dispatched on \`${effect.ref}\`${data.url ? `: [run](${data.url})` : ''}. Canary counts once a \`${env.config.release.environments.canary}\` deployment of it succeeds (or the run does, or \`/canary ok\`).`,
    };
  },
  onEffectFailure(effect, outcome) {
    if (effect.kind === 'cut-release-branch')
      return {
        note: `Release branch not cut: ${outcome.error.split('\n')[0] ?? ''}`,
        reply: `❌ The release was not started: ${outcome.error}\n\nNo release branch of this attempt is left in the repository (the checks that can run before a write do; a branch cut for it is deleted again). Fix the cause and type \`/release\` again.`,
      };
    if (effect.kind === 'quick-release')
      return {
        note: `Quick release not started: ${outcome.error.split('\n')[0] ?? ''}`,
        reply: `❌ The quick release was not started: ${outcome.error}\n\nNothing was written to the repository.`,
      };
    if (effect.kind === 'dispatch-workflow' || effect.kind === 'open-pull-request')
      return {
        note: `${effect.kind} failed: ${outcome.error}`,
        reply: `❌ The branch \`${effect.kind === 'dispatch-workflow' ? effect.ref : effect.branch}\` is ready (fix and release commit, proved), but ${effect.kind === 'dispatch-workflow' ? `dispatching \`${effect.workflow}\`` : 'opening the pull request'} failed: ${outcome.error}. Type \`/release\` again: the App reuses the branch.`,
      };
    return undefined;
  },
};

function branchCut(
  planned: Extract<Effect, { kind: 'cut-release-branch' }>,
  data: NonNullable<Parameters<NonNullable<CommandSpec['onEffect']>>[1]['data']>,
  state: CommandEnv['state'],
  config: CommandEnv['config'],
) {
  const strategy = strategyOf(state, config);
  // The executor names the branch it cut: the planned one, or a free one after it.
  const effect = { ...planned, branch: data.branch ?? planned.branch };
  const fromSha = data.fromSha ?? '';
  const bumped = data.bumped ?? [];
  const fixCount = effect.fixes.reduce((n, f) => n + f.commits.length, 0);
  return {
    patch: {
      set: {
        release: {
          branch: effect.branch,
          fromSha,
          ...(data.sha ? { headSha: data.sha } : {}),
          bumped,
        },
      },
    },
    note: `Release branch ${effect.branch} cut from ${effect.from}: ${String(fixCount)} fix commit(s)${bumped.length ? `, bumped ${bumped.join(', ')}` : ''}`,
    reply: [
      `Branch \`${effect.branch}\` cut from \`${effect.from}\` (\`${fromSha.slice(0, 12)}\`).`,
      `- Proved with the compare API: it holds the ${String(fixCount)} fix commit(s) and nothing else that \`${effect.from}\` lacks but the release commit.`,
      bumped.length
        ? `- Bumped ${bumped.map((b) => `\`${b}\``).join(', ')}.`
        : effect.files.length
          ? `- Added ${effect.files.map((f) => `\`${f.path}\``).join(', ')}.`
          : '- No version file needed a bump.',
    ].join('\n'),
    effects: afterBranch(effect, strategy, fromSha, config),
  };
}
