import { parseRepoPath } from '../domain/argument-refs.js';
import type { Fix } from '../domain/case.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { describeFix, shaMatches } from '../domain/fixes.js';
import { quoted } from '../domain/parsed.js';
import { parseArgs, stringOption } from './args.js';
import { doneNow } from './item-helpers.js';

const USAGE = '/fixed <commit> [--pr <number>] --test <path>';

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
    'Record a fix: the head commit of its pull request in the temporary private fork, with the regression test. Type it once per pull request; the App then watches for the fix reaching the default branch.',
  whoCanUse: 'write',
  examples: [
    '/fixed 3f2c1ab --pr 1 --test packages/server/test/auth.test.ts',
    '/fixed 9d4e0aa --test packages/shared/test/paths.test.ts',
  ],
  run(argsText, env) {
    const parsed = parseArgs(argsText, { test: 'string', pr: 'string' });
    if (!parsed.ok) return refuse(`${parsed.error}. Usage: \`${USAGE}\`.`);
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
    return {
      ok: true,
      changes: [
        {
          patch: {
            // A fix added after the others landed is not on the default branch yet.
            ...(state.items['fix-landed'] ? { reopen: ['fix-landed' as const] } : {}),
            set: {
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
      reply:
        `Fix ${state.fixes.length + 1} recorded: ${describeFix(fix)} with regression test \`${test.value}\`. ` +
        (env.state.items.validated
          ? 'It stays in the fork until the advisory’s **Merge pull request** button merges it; the App sees it reach the default branch.'
          : 'Run the local validation next and type `/validated` (the fork runs no CI).'),
    };
  },
};
