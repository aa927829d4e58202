import { parseRef, parseRepoPath } from '../domain/argument-refs.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { parseArgs, stringOption } from './args.js';
import { doneNow } from './item-helpers.js';

export const fixedCommand: CommandSpec = {
  name: 'fixed',
  usage: '/fixed <ref> --test <path>',
  description:
    'Attest that the fix is merged in the temporary private fork, with the regression test that covers it.',
  whoCanUse: 'write',
  examples: ['/fixed 3f2c1ab --test packages/server/test/auth.test.ts'],
  run(argsText, env) {
    const parsed = parseArgs(argsText, { test: 'string' });
    if (!parsed.ok) return refuse(`${parsed.error}. Usage: \`/fixed <ref> --test <path>\`.`);
    const [refText, ...extra] = parsed.args.positional;
    const testText = stringOption(parsed.args, 'test');
    if (!refText || extra.length > 0 || !testText) {
      return refuse(
        'Usage: `/fixed <ref> --test <path>`: the commit or PR in the private fork, and the regression test file.',
      );
    }
    const ref = parseRef(refText);
    if (!ref.ok) return refuse(ref.error);
    const test = parseRepoPath(testText);
    if (!test.ok) return refuse(test.error);
    return {
      ok: true,
      changes: [
        {
          patch: {
            set: {
              fix: { ref: refText, testPath: test.value },
              items: { 'fix-merged': doneNow(env, `${refText} (test ${test.value})`) },
              milestones: { fixed: env.now.toISOString() },
            },
          },
          note: `Fix merged in the private fork (${refText}), regression test ${test.value}`,
        },
      ],
      reply: `Fix recorded: \`${refText}\` with regression test \`${test.value}\`. Run the local validation next and type \`/validated\`.`,
    };
  },
};
