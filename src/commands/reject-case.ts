import type { CommandEnv, CommandResult } from '../domain/command-spec.js';
import type { Effect } from '../domain/effects.js';
import { neutralize } from '../domain/neutralize.js';
import { reporterOnAdvisory, sendVia } from '../domain/report-channel.js';

/**
 * Ends a case without a fix (out of scope, a duplicate): the reporter is told why (on the
 * advisory for a report made through GitHub, else the text to send through their channel), the
 * advisory is closed, the case rejected and its tracking issue closed as not planned.
 */
export function rejectCase(
  env: CommandEnv,
  how: {
    /** Effect keys start with it (`scope-out`, `duplicate`); the command matches its `:close`. */
    key: string;
    /** What the reporter reads. */
    tell: string;
    /** The case-log line. */
    note: string;
    /** The reply's first sentence. */
    done: string;
  },
): CommandResult {
  const { state } = env;
  const at = env.now.toISOString();
  const onAdvisory = reporterOnAdvisory(state);
  const effects: Effect[] = [];
  if (state.repo && state.ghsaId) {
    if (onAdvisory)
      effects.push({
        kind: 'advisory-comment',
        key: `${how.key}:reason`,
        repo: state.repo,
        ghsaId: state.ghsaId,
        body: how.tell,
      });
    effects.push({
      kind: 'update-advisory',
      key: `${how.key}:close`,
      repo: state.repo,
      ghsaId: state.ghsaId,
      fields: { state: 'closed' },
    });
  }
  effects.push({
    kind: 'close-tracking-issue',
    key: 'close-tracking-issue',
    reason: 'not_planned',
  });
  const closing = state.ghsaId ? 'The advisory is being closed. ' : '';
  return {
    ok: true,
    changes: [
      {
        patch: {
          set: { phase: 'rejected', phaseEnteredAt: at, milestones: { closed: at } },
          unset: ['pending'],
        },
        note: how.note,
      },
    ],
    effects,
    reply: `${how.done} ${
      onAdvisory
        ? 'The advisory is being closed and the reporter told why.'
        : `${closing}Send the reporter this${sendVia(state)}:\n\n> ${neutralize(how.tell)}`
    }`,
  };
}
