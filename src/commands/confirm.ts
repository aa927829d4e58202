import {
  refuse,
  type CommandEnv,
  type CommandResult,
  type CommandSpec,
} from '../domain/command-spec.js';
import { enterPhase } from '../domain/decide.js';
import type { Phase } from '../domain/case.js';
import { neutralize } from '../domain/neutralize.js';
import { publishGates, renderGates } from '../domain/publish-gates.js';
import { doneNow } from './item-helpers.js';

/** A confirmation older than this is stale: the situation may have changed since. */
const CONFIRMATION_TTL_MS = 24 * 60 * 60 * 1000;

function confirmPublish(env: CommandEnv): CommandResult {
  const { state, config } = env;
  if (
    config.publish.twoPerson &&
    state.pending?.by.toLowerCase() === env.actor.login.toLowerCase()
  ) {
    return refuse(
      `Two-person rule: the publication was requested by ${state.pending.by}; another maintainer must \`/confirm\`.`,
    );
  }
  const gates = publishGates(state, env);
  if (gates.some((g) => !g.ok)) return refuse(`A gate no longer passes:\n\n${renderGates(gates)}`);
  if (!state.repo || !state.ghsaId) return refuse('There is no advisory to publish.');
  const patched = state.advisory.patchedVersion ?? state.release.version;
  const effects = [
    ...(state.advisory.packageName && patched
      ? [
          {
            kind: 'update-advisory' as const,
            key: 'publish:patched-versions',
            repo: state.repo,
            ghsaId: state.ghsaId,
            fields: {
              vulnerabilities: [
                {
                  package: {
                    ecosystem: state.advisory.ecosystem ?? 'npm',
                    name: state.advisory.packageName,
                  },
                  vulnerable_version_range: state.advisory.vulnerableVersionRange ?? `< ${patched}`,
                  patched_versions: patched,
                },
              ],
            },
          },
        ]
      : []),
    { kind: 'publish-advisory' as const, key: 'publish', repo: state.repo, ghsaId: state.ghsaId },
  ];
  return {
    ok: true,
    changes: [
      { patch: { unset: ['pending'] }, note: `Publication confirmed by ${env.actor.login}` },
    ],
    effects,
    reply: 'Publishing the advisory now.',
  };
}

function confirmScopeOut(env: CommandEnv, reason: string): CommandResult {
  const { state } = env;
  const at = env.now.toISOString();
  const effects =
    state.repo && state.ghsaId
      ? [
          {
            kind: 'advisory-comment' as const,
            key: 'scope-out:reason',
            repo: state.repo,
            ghsaId: state.ghsaId,
            body: `Thank you for the report. After review we consider it out of scope: ${reason}`,
          },
          {
            kind: 'update-advisory' as const,
            key: 'scope-out:close',
            repo: state.repo,
            ghsaId: state.ghsaId,
            fields: { state: 'closed' as const },
          },
        ]
      : [];
  return {
    ok: true,
    changes: [
      {
        patch: {
          set: { phase: 'rejected', phaseEnteredAt: at, milestones: { closed: at } },
          unset: ['pending'],
        },
        note: `Rejected as out of scope: ${reason}`,
      },
    ],
    effects: [
      ...effects,
      { kind: 'close-tracking-issue', key: 'close-tracking-issue', reason: 'not_planned' },
    ],
    reply: `Report **rejected** as out of scope. ${effects.length ? 'The advisory is being closed and the reason sent to the reporter.' : `Send the reporter the reason:\n\n> ${neutralize(reason)}`}`,
  };
}

export const confirmCommand: CommandSpec = {
  name: 'confirm',
  usage: '/confirm',
  description:
    'Confirm the action waiting for confirmation (publish, notify sent, scope out, forced phase).',
  whoCanUse: 'maintain',
  examples: ['/confirm'],
  run(argsText, env) {
    const { state } = env;
    const pending = state.pending;
    if (argsText.trim()) return refuse('`/confirm` takes no arguments.');
    if (!pending) return refuse('Nothing is waiting for confirmation.');
    if (env.now.getTime() - new Date(pending.at).getTime() > CONFIRMATION_TTL_MS) {
      return refuse(
        `The pending \`${pending.action}\` is older than 24 hours; run the command again.`,
      );
    }
    switch (pending.action) {
      case 'publish':
        return confirmPublish(env);
      case 'scope-out':
        return confirmScopeOut(env, pending.argsText);
      case 'notify-sent':
        return {
          ok: true,
          changes: [
            {
              patch: {
                set: {
                  items: {
                    'notice-sent': doneNow(env, `public disclosure ${state.disclosureDate ?? ''}`),
                  },
                  milestones: { notified: env.now.toISOString() },
                },
                unset: ['pending'],
              },
              note: 'Customer notice sent',
            },
          ],
          reply: `✅ Customer notice sent. The advisory can be published on **${state.disclosureDate ?? '?'}**.`,
        };
      case 'force-phase': {
        const [target = '', ...reasonWords] = pending.argsText.split(' ');
        const entered = enterPhase(state, target as Phase, env, reasonWords.join(' '));
        return {
          ok: true,
          changes: [{ patch: { unset: ['pending'] } }, ...entered.changes],
          effects: entered.effects,
          reply: `Phase forced to **${target}** by ${env.actor.login}.`,
        };
      }
    }
  },
};
