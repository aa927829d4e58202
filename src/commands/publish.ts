import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { gateRefusal } from '../domain/decide.js';
import { publishGates, renderGates } from '../domain/publish-gates.js';
import { pendingChange } from './item-helpers.js';
import type { CasePatch } from '../domain/case.js';
import { plannedProducts, vulnerabilitiesWrite } from '../domain/advisory-copy.js';
import { renderPublishSummary } from '../domain/render/publish-summary.js';
import type { CommandEnv, CommandResult } from '../domain/command-spec.js';
import { PUBLISHED_BY_APP, publishedChanges } from '../domain/published.js';

/** `/confirm` of a publication: the two-person rule, the gates again, then the writes. */
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
  const seen = state.advisory.seen;
  if (state.pending?.fingerprint && seen?.fingerprint !== state.pending.fingerprint)
    return refuse(
      'The advisory was edited on GitHub after the summary was shown; nothing was published. Type `/publish` to see it as it is now, then confirm again.',
    );
  const planned = plannedProducts(state);
  const effects = [
    {
      kind: 'publish-advisory' as const,
      key: 'publish',
      repo: state.repo,
      ghsaId: state.ghsaId,
      ...(planned.filled.length > 0
        ? { vulnerabilities: vulnerabilitiesWrite(planned.packages) }
        : {}),
      ...(seen ? { fingerprint: seen.fingerprint } : {}),
    },
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

export const publishCommand: CommandSpec = {
  name: 'publish',
  usage: '/publish',
  description:
    'Show the pre-publish summary and every gate; when all pass, ask for `/confirm` (from another maintainer with publish.twoPerson). Publishing is final.',
  whoCanUse: 'maintain',
  examples: ['/publish'],
  run(argsText, env) {
    const { state, config } = env;
    if (argsText.trim().toLowerCase() === 'confirm')
      return refuse('Type `/confirm` to confirm a pending publication.');
    if (argsText.trim()) return refuse('`/publish` takes no arguments.');
    if (state.phase !== 'publish') {
      if (state.items.published) return refuse('The advisory is already published.');
      return refuse(
        gateRefusal(state, config, '`/publish`') ??
          `Publishing comes after the ${state.phase} phase.`,
      );
    }
    if (state.items.published) return refuse('The advisory is already published.');
    const gates = publishGates(state, env);
    const summary = `${renderPublishSummary(state)}\n\n${renderGates(gates)}`;
    if (gates.some((g) => !g.ok))
      return refuse(`${summary}\n\nNot yet: every gate must pass. Nothing was changed.`);
    return {
      ok: true,
      changes: [
        pendingChange(
          env,
          'publish',
          '',
          'Publication requested (awaiting confirmation)',
          state.advisory.seen?.fingerprint,
        ),
      ],
      reply: `${summary}\n\nPublishing is **final**: the advisory cannot be edited afterwards and the CVE becomes public. An edit on GitHub after this summary cancels the confirmation. ${config.publish.twoPerson ? 'Another maintainer types' : 'Type'} \`/confirm\` to publish, or \`/cancel\`.`,
    };
  },
  effectKinds: ['publish-advisory'],
  confirms: 'publish',
  confirm: (_pending, env) => confirmPublish(env),
  onEffect(effect, _outcome, env) {
    if (effect.kind !== 'publish-advisory') return undefined;
    const at = env.now.toISOString();
    const published = publishedChanges(env.state, env, at, PUBLISHED_BY_APP);
    return {
      patch: {
        set: published.changes.reduce<NonNullable<CasePatch['set']>>(
          (acc, c) => ({ ...acc, ...c.patch.set }),
          {},
        ),
      },
      note: 'Advisory published',
      effects: published.effects,
      reply: `🚀 ${env.state.ghsaId ?? 'The advisory'} is published.`,
    };
  },
};
