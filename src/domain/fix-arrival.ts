import type { Case } from './case.js';
import type { DecideContext } from './decide-context.js';
import type { EffectData, EffectMeaning, EffectResultEnv } from './effect-outcome.js';
import type { Effect } from './effects.js';
import { fixesArrivedChange, unmergedFixes } from './fixes.js';
import type { Input } from './inputs.js';
import { isBefore } from './phases.js';
import { EMPTY_STEP, type Step } from './step.js';

type Push = Extract<Input, { type: 'push' }>;

const ZERO = /^0{40}$/;

/**
 * A push to the product repository's default branch while a fix is still recorded as in the
 * fork: the App asks GitHub (compare API) whether the push brought it. This is how the
 * advisory's merge button is seen; a squash or rebase merge is not found and needs `/merged`.
 */
export function observeFixPush(state: Case, input: Push, _ctx: DecideContext): Step {
  if (!input.defaultBranch || !state.repo || ZERO.test(input.after) || ZERO.test(input.before))
    return EMPTY_STEP;
  const open = unmergedFixes(state);
  if (open.length === 0) return EMPTY_STEP;
  const effect: Effect = {
    kind: 'find-merged-fixes',
    key: `fix-arrival:${input.after}`,
    repo: state.repo,
    before: input.before,
    after: input.after,
    fixes: open.map((f) => f.sha),
  };
  return { changes: [], effects: [effect] };
}

/**
 * What the compare API found: the fixes that arrived get their commits and files; and when the
 * fix became public before the case was ready to release it, the team is told at once, because
 * the embargo now protects less than it promises.
 */
export function fixesFound(
  effect: Extract<Effect, { kind: 'find-merged-fixes' }>,
  data: EffectData,
  env: EffectResultEnv,
): EffectMeaning {
  const arrivals = data.arrivals ?? [];
  const change = fixesArrivedChange(
    env.state,
    arrivals,
    { at: env.now.toISOString(), by: env.appLogin },
    'push',
  );
  if (!change) return {};
  const early = isBefore(env.state.phase, 'release');
  return {
    patch: change.patch,
    ...(change.note ? { note: change.note } : {}),
    ...(early
      ? {
          notice: `⚠️ The fix reached the public default branch of ${effect.repo} (\`${effect.after.slice(0, 12)}\`) while the case is still in **${env.state.phase}**: anyone reading the repository can now find the vulnerability. Consider publishing sooner (\`/embargo <date>\`), and \`/exploited\` if it is being exploited.`,
        }
      : {}),
  };
}
