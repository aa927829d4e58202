import type { CommandEnv, CommandResult } from '../domain/command-spec.js';
import { refuse } from '../domain/command-spec.js';
import { describeFix, shaMatches } from '../domain/fixes.js';
import { neutralize } from '../domain/neutralize.js';

/**
 * `/fixed --remove <commit> <reason>`: takes back a fix recorded by mistake (a wrong commit, a
 * pull request that was closed). The reason is logged; a release already cut is not touched, so
 * the reply says when it must be cut again.
 */
export function removeFix(env: CommandEnv, refText: string, reason: string): CommandResult {
  const { state } = env;
  if (state.advisory.state === 'published' || state.phase === 'closed')
    return refuse('The advisory is already published; its fixes can no longer change.');
  const sha = refText.trim().toLowerCase();
  const fix = state.fixes.find((f) => shaMatches(f.sha, sha) || shaMatches(sha, f.sha));
  if (!fix)
    return refuse(
      `No recorded fix is \`${neutralize(refText, { maxLength: 50 })}\`; the recorded ones: ${state.fixes.map((f) => `\`${f.sha.slice(0, 12)}\``).join(', ') || 'none'}.`,
    );
  if (!reason.trim())
    return refuse(
      'Say why the fix is taken back: `/fixed --remove <commit> <reason>` (the reason is logged).',
    );
  const rest = state.fixes.filter((f) => f !== fix);
  const why = reason.trim().slice(0, 300);
  const allLanded = rest.length > 0 && rest.every((f) => f.merged);
  const reopen = [
    ...(rest.length === 0 && state.items['fix-merged'] ? (['fix-merged'] as const) : []),
    ...(!allLanded && state.items['fix-landed'] ? (['fix-landed'] as const) : []),
  ];
  const released = state.items['release-opened']
    ? ` The release ${state.release.version ?? ''} was cut with it: cut it again once the fixes are right (\`/release\`).`
    : '';
  return {
    ok: true,
    changes: [
      {
        patch: { set: { fixes: rest }, ...(reopen.length > 0 ? { reopen } : {}) },
        note: `Fix taken back: ${describeFix(fix)} (${why})`,
      },
    ],
    reply: `Fix ${describeFix(fix)} taken back (${neutralize(why)}). ${rest.length === 0 ? 'No fix is recorded now: `/fixed <commit> --pr <number> --test <path>`.' : `${String(rest.length)} fix(es) remain.`}${released}`,
  };
}
