import type { Effect } from './effects.js';
import {
  doneByApp,
  type EffectData,
  type EffectMeaning,
  type EffectResultEnv,
} from './effect-outcome.js';

type PullRequestEffect = Extract<Effect, { kind: 'open-pull-request' | 'quick-release' }>;

/**
 * A PR the App opened for the case (changeset, quick release, changelog, postmortem): its number
 * is kept, and a releasing PR ticks "release opened".
 */
export function pullRequestOpened(
  effect: PullRequestEffect,
  data: EffectData,
  env: EffectResultEnv,
): EffectMeaning | undefined {
  const purpose = effect.kind === 'quick-release' ? 'quick-release' : effect.purpose;
  const number = data.number;
  if (number === undefined) return undefined;
  const releasing = purpose === 'changeset' || purpose === 'quick-release';
  return {
    patch: {
      set: {
        pullRequests: { [purpose]: number },
        ...(releasing
          ? {
              items: { 'release-opened': doneByApp(env, `PR #${number}`) },
              release: { pullRequest: number },
            }
          : {}),
      },
    },
    note: `${purpose} PR #${number} opened`,
    reply: `Opened ${purpose} PR #${number}${data.url ? ` (${data.url})` : ''}.`,
  };
}
