import { parseRepoPath } from '../domain/argument-refs.js';
import type { Fix } from '../domain/case.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { describeFix, shaMatches } from '../domain/fixes.js';
import { quoted } from '../domain/parsed.js';
import { parseArgs, stringOption } from './args.js';
import { removeFix } from './fixed-remove.js';
import { confirmedMerge } from './merged.js';
import { doneNow } from './item-helpers.js';
import { nextPatch } from '../domain/versions.js';

const USAGE =
  '/fixed <commit> [--pr <number>] --test <path>` or `/fixed --remove <commit> <reason>';

/** The items of a release, opened again when a fix arrives after it was cut. */
const RELEASE_ITEMS = ['release-opened', 'canary', 'production', 'changelog-drafted'] as const;

/** What to do when the release already cut lacks the new fix. */
function releaseAgain(version: string | undefined, notified: boolean): string {
  const next = version ? nextPatch(version) : undefined;
  return [
    `\n\n⚠️ The release ${version ? `**${version}** ` : ''}was cut without this fix, so it does not ship it: its checklist items are open again and the case is back in the release phase.`,
    next
      ? ` Once the fix is on the default branch, release the next patch: \`/advisory range "< ${next}" patched ${next}\`, then \`/release ${next}\`.`
      : ' Once the fix is on the default branch, set the next patched version with `/advisory range` and run `/release` again.',
    notified
      ? ' The customer notice already went out naming the earlier version: send a correction.'
      : '',
  ].join('');
}

/** A fork pull request as typed: `12`, `#12` or its URL. */
function parsePullRequest(text: string): number | undefined {
  const match =
    /^(?:#?(\d{1,7})|https:\/\/github\.com\/[^/\s]+\/[^/\s]+\/pull\/(\d{1,7})\/?)$/.exec(
      text.trim(),
    );
  const digits = match?.[1] ?? match?.[2];
  return digits === undefined ? undefined : Number(digits);
}

export const fixedCommand: CommandSpec = {
  name: 'fixed',
  usage: USAGE,
  description:
    'Record a fix: the head commit of its pull request in the temporary private fork, with the regression test. Type it once per pull request; the App then watches for the fix reaching the default branch. Without `--pr` the App also asks GitHub whether the default branch already holds the commit, and counts it merged if so. `--remove <commit> <reason>` takes back one recorded by mistake.',
  whoCanUse: 'write',
  examples: [
    '/fixed 3f2c1ab --pr 1 --test packages/server/test/auth.test.ts',
    '/fixed 9d4e0aa --test packages/shared/test/paths.test.ts',
    '/fixed --remove 9d4e0aa that pull request was closed',
  ],
  run(argsText, env) {
    const parsed = parseArgs(argsText, { test: 'string', pr: 'string', remove: 'string' });
    if (!parsed.ok) return refuse(`${parsed.error}. Usage: \`${USAGE}\`.`);
    const removed = stringOption(parsed.args, 'remove');
    if (removed !== undefined) return removeFix(env, removed, parsed.args.positional.join(' '));
    const [refText, ...extra] = parsed.args.positional;
    const testText = stringOption(parsed.args, 'test');
    if (!refText || extra.length > 0 || !testText) {
      return refuse(
        `Usage: \`${USAGE}\`: the head commit of the fix (\`git rev-parse HEAD\` on the fix branch in the fork), its pull request in the fork, and the regression test file.`,
      );
    }
    const sha = refText.trim().toLowerCase();
    if (!/^[0-9a-f]{7,40}$/.test(sha)) {
      const hint = parsePullRequest(refText)
        ? ` For a pull request, give its head commit and the number: \`/fixed <commit> --pr ${String(parsePullRequest(refText))} --test <path>\`.`
        : '';
      return refuse(
        `${quoted(refText)} is not a commit SHA (7 to 40 hex digits). The App cannot read the private fork, so it follows the fix by its commit.${hint}`,
      );
    }
    const prText = stringOption(parsed.args, 'pr');
    const pullRequest = prText === undefined ? undefined : parsePullRequest(prText);
    if (prText !== undefined && pullRequest === undefined)
      return refuse(
        `${quoted(`--pr ${prText}`)} is not a pull request number; type the number of the pull request in the fork, e.g. \`--pr 1\`.`,
      );
    const test = parseRepoPath(testText);
    if (!test.ok) return refuse(test.error);
    const { state } = env;
    if (state.advisory.state === 'published' || state.phase === 'closed')
      return refuse('The advisory is already published; its fixes can no longer change.');
    const known = state.fixes.find((f) => shaMatches(f.sha, sha) || shaMatches(sha, f.sha));
    if (known) return refuse(`That fix is already recorded (${describeFix(known)}).`);
    const fix: Fix = {
      sha,
      ...(pullRequest === undefined ? {} : { pullRequest }),
      testPath: test.value,
      at: env.now.toISOString(),
      by: env.actor.login,
    };
    const first = state.fixes.length === 0;
    const askDefault = pullRequest === undefined ? state.repo : undefined;
    // A release cut before this fix does not contain it: its items open again, the release is
    // forgotten, and the case goes back to the release phase for the next patch.
    const released = state.items['release-opened'] ? state.release.version : undefined;
    const reopen = [
      ...(state.items['fix-landed'] ? (['fix-landed'] as const) : []),
      ...(state.items['release-opened']
        ? RELEASE_ITEMS.filter((id) => state.items[id] !== undefined)
        : []),
    ];
    const back =
      state.items['release-opened'] && (state.phase === 'disclosure' || state.phase === 'publish');
    return {
      ok: true,
      changes: [
        {
          patch: {
            // A fix added after the others landed is not on the default branch yet.
            ...(reopen.length > 0 ? { reopen } : {}),
            ...(state.items['release-opened'] ? { unset: ['release' as const] } : {}),
            set: {
              ...(back ? { phase: 'release' as const, phaseEnteredAt: env.now.toISOString() } : {}),
              fixes: [...state.fixes, fix],
              ...(first
                ? {
                    items: {
                      'fix-merged': doneNow(env, `${describeFix(fix)}, test ${test.value}`),
                    },
                    milestones: { fixed: env.now.toISOString() },
                  }
                : {}),
            },
          },
          note: `Fix recorded: ${describeFix(fix)}, regression test ${test.value}`,
        },
      ],
      // A fix merged before it was recorded sends no push the App could still see: asked now. A
      // fork pull request reaches the default branch only through the advisory's button, later.
      effects: askDefault
        ? [
            {
              kind: 'verify-merged',
              command: 'fixed',
              key: `fixed:${env.commandKey}:on-default`,
              repo: askDefault,
              sha,
              fix: sha,
              quiet: true,
            },
          ]
        : [],
      reply:
        `Fix ${state.fixes.length + 1} recorded: ${describeFix(fix)} with regression test \`${test.value}\`. ` +
        (env.state.items.validated
          ? `${askDefault ? 'Unless the default branch already has it (the App checks now), it' : 'It'} stays in the fork until the advisory’s **Merge pull request** button merges it; the App sees it reach the default branch.`
          : 'Run the local validation next and type `/validated` (the fork runs no CI).') +
        (state.items['release-opened']
          ? releaseAgain(released, Boolean(state.items['notice-sent']))
          : ''),
    };
  },
  // No `effectKinds`: the quiet check always names this command, and only `/merged` owns the
  // kind for intents recorded before effects named their command.
  onEffect(effect, outcome, env) {
    if (effect.kind !== 'verify-merged' || outcome.data?.found === false) return {};
    const said = `✅ The default branch already has \`${effect.sha.slice(0, 12)}\``;
    return confirmedMerge(effect, outcome.data ?? {}, env, said);
  },
  onEffectFailure(effect, outcome) {
    if (effect.kind !== 'verify-merged') return undefined;
    return {
      note: `Could not check whether ${effect.sha.slice(0, 12)} is on the default branch: ${outcome.error}`,
      reply: `The App could not check whether the default branch already has the fix (${outcome.error}). The fix stays recorded; the App sees it arrive with the next push to the default branch, or type \`/merged <commit>\` once it is there.`,
    };
  },
};
