import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { describeFix, fixesArrivedChange, shaMatches, unmergedFixes } from '../domain/fixes.js';
import type { EffectData, EffectMeaning, EffectResultEnv } from '../domain/effect-outcome.js';
import type { Effect } from '../domain/effects.js';
import { quoted } from '../domain/parsed.js';
import { parseArgs, stringOption } from './args.js';

const USAGE = '/merged <sha> [--fix <fix commit>]';

/**
 * What GitHub's confirmation that the default branch holds a fix means (`/merged`, and `/fixed`
 * of a commit already there): the fix counts as merged, with the commits and files GitHub named.
 */
export function confirmedMerge(
  effect: Extract<Effect, { kind: 'verify-merged' }>,
  data: EffectData,
  env: EffectResultEnv,
  /** The reply's first words: which commit GitHub confirmed. */
  said: string,
): EffectMeaning {
  const change = fixesArrivedChange(
    env.state,
    [{ sha: effect.fix, commits: data.commits ?? [], files: data.files ?? [] }],
    { at: env.now.toISOString(), by: env.appLogin },
    'command',
  );
  if (!change) return {};
  return {
    ...change,
    reply: `${said}: the fix counts as merged (${String((data.files ?? []).length)} file(s) changed).`,
  };
}

export const mergedCommand: CommandSpec = {
  name: 'merged',
  usage: USAGE,
  description:
    'Record that a fix reached the default branch as the given commit, when the App cannot tell by itself (a squash or rebase merge). The App checks that the default branch contains it.',
  whoCanUse: 'write',
  examples: ['/merged 7d1e0c2a9b', '/merged 7d1e0c2a9b --fix 3f2c1ab'],
  run(argsText, env) {
    const parsed = parseArgs(argsText, { fix: 'string' });
    if (!parsed.ok) return refuse(`${parsed.error}. Usage: \`${USAGE}\`.`);
    const [shaText, ...extra] = parsed.args.positional;
    if (!shaText || extra.length > 0)
      return refuse(`Usage: \`${USAGE}\`: the commit on the default branch that carries the fix.`);
    const sha = shaText.toLowerCase();
    if (!/^[0-9a-f]{7,40}$/.test(sha))
      return refuse(`${quoted(shaText)} is not a commit SHA (7 to 40 hex digits).`);
    const { state } = env;
    if (!state.repo)
      return refuse('This case has no product repository yet (`/advisory create owner/repo`).');
    const open = unmergedFixes(state);
    if (state.fixes.length === 0)
      return refuse(
        'No fix is recorded yet: `/fixed <commit> --pr <fork PR> --test <path>` first.',
      );
    if (open.length === 0) return refuse('Every recorded fix is already on the default branch.');
    const fixText = stringOption(parsed.args, 'fix')?.toLowerCase();
    const fix = fixText
      ? open.find((f) => shaMatches(f.sha, fixText) || shaMatches(fixText, f.sha))
      : open.length === 1
        ? open[0]
        : undefined;
    if (!fix)
      return refuse(
        fixText
          ? `No fix that is still in the fork matches ${quoted(fixText)}; the open ones are ${open.map(describeFix).join(', ')}.`
          : `Several fixes are still in the fork (${open.map(describeFix).join(', ')}); say which with \`--fix <fix commit>\`.`,
      );
    return {
      ok: true,
      changes: [
        {
          patch: {},
          note: `Checking that ${sha.slice(0, 12)} carries ${describeFix(fix)} on the default branch`,
        },
      ],
      effects: [
        {
          kind: 'verify-merged',
          command: 'merged',
          key: `merged:${env.commandKey}`,
          repo: state.repo,
          sha,
          fix: fix.sha,
        },
      ],
      reply: `Checking that \`${sha.slice(0, 12)}\` is on the default branch (it carries ${describeFix(fix)}).`,
    };
  },
  effectKinds: ['verify-merged'],
  onEffect(effect, outcome, env) {
    if (effect.kind !== 'verify-merged') return undefined;
    const data = outcome.data ?? {};
    const sha = (data.sha ?? effect.sha).slice(0, 12);
    return confirmedMerge(effect, data, env, `✅ \`${sha}\` is on the default branch`);
  },
};
