import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { waivedNow } from './item-helpers.js';
import { doneByApp } from '../domain/effect-outcome.js';
import { renderForkInstructions } from '../domain/replies/fork-instructions.js';

export const forkCommand: CommandSpec = {
  name: 'fork',
  usage: '/fork | /fork skip <reason>',
  description:
    "Create the advisory's temporary private fork (the App then shows the exact git commands); `skip` when the fix needs none (e.g. a patch already exists).",
  whoCanUse: 'maintain',
  examples: ['/fork', '/fork skip the fix is a dependency bump prepared privately'],
  run(argsText, env) {
    const { state } = env;
    const [verb = '', ...rest] = argsText.trim().split(/\s+/);
    if (state.items['private-fork'])
      return refuse(
        `The private fork step is already done${state.fork ? ` (${state.fork.url})` : ''}.`,
      );
    if (verb.toLowerCase() === 'skip') {
      const reason = rest.join(' ').trim();
      if (!reason) return refuse('Say why no fork is needed: `/fork skip <reason>`.');
      return {
        ok: true,
        changes: [
          {
            patch: { set: { items: { 'private-fork': waivedNow(env, reason.slice(0, 500)) } } },
            note: 'Private fork skipped',
          },
        ],
        reply: 'Private fork skipped; remember that a public PR or push collapses the embargo.',
      };
    }
    if (verb) return refuse('Type `/fork` or `/fork skip <reason>`.');
    if (!state.repo || !state.ghsaId)
      return refuse('There is no advisory yet; create it first (`/advisory create owner/repo`).');
    return {
      ok: true,
      changes: [{ patch: {}, note: 'Temporary private fork requested' }],
      effects: [
        { kind: 'create-fork', key: 'create-fork', repo: state.repo, ghsaId: state.ghsaId },
      ],
      reply:
        'Creating the temporary private fork of the advisory (its clone and branch commands follow below).',
    };
  },
  effectKinds: ['create-fork'],
  onEffect(effect, outcome, env) {
    if (effect.kind !== 'create-fork') return undefined;
    const fork = { name: outcome.data?.name ?? '', url: outcome.data?.url ?? '' };
    return {
      patch: { set: { fork, items: { 'private-fork': doneByApp(env, fork.url) } } },
      note: `Temporary private fork ${fork.name} created`,
      reply: renderForkInstructions(env.state, fork, env.config),
    };
  },
};
