import { postmortemRule } from '../domain/checklist.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { postmortemPullRequest } from '../domain/published.js';
import { waivedNow } from './item-helpers.js';
import { pullRequestOpened } from '../domain/pull-request-opened.js';

const USAGE = 'Usage: `/postmortem write` or `/postmortem skip <reason>`.';

export const postmortemCommand: CommandSpec = {
  name: 'postmortem',
  usage: '/postmortem write | /postmortem skip <reason>',
  description:
    'Open the PR with the postmortem skeleton for an optional postmortem (a required one opens by itself), or skip an optional one with a reason.',
  whoCanUse: 'maintain',
  examples: ['/postmortem write', '/postmortem skip contained within a day, nothing to learn'],
  run(argsText, env) {
    const [verb = '', ...rest] = argsText.trim().split(/\s+/);
    const reason = rest.join(' ').trim();
    const rule = postmortemRule(env.config, env.state);
    if (rule === 'skip')
      return refuse('No postmortem applies to this case (its severity needs none).');
    if (env.state.items.postmortem) return refuse('The postmortem step is already done.');
    if (env.state.phase !== 'postmortem')
      return refuse(
        `The postmortem comes after publication; this case is in **${env.state.phase}**.`,
      );
    if (verb.toLowerCase() === 'write') {
      if (env.state.pullRequests.postmortem !== undefined)
        return refuse(
          `The postmortem PR #${String(env.state.pullRequests.postmortem)} is already open.`,
        );
      if (!env.state.repo)
        return refuse('This case has no product repository to write the postmortem in.');
      return {
        ok: true,
        changes: [{ patch: {}, note: 'Postmortem requested' }],
        effects: [
          postmortemPullRequest(env.state, {
            now: env.now,
            config: env.config,
            appLogin: env.appLogin,
            commands: env.commands,
            timeline: env.timeline,
          }),
        ],
        reply: 'Opening the postmortem PR with the generated timeline and SLA figures.',
      };
    }
    if (verb.toLowerCase() !== 'skip' || !reason) return refuse(USAGE);
    if (rule === 'required') {
      return refuse(
        `A postmortem is required for ${env.state.severity ?? 'this'} severity; merge the postmortem PR.`,
      );
    }
    return {
      ok: true,
      changes: [
        {
          patch: { set: { items: { postmortem: waivedNow(env, reason.slice(0, 500)) } } },
          note: 'Optional postmortem skipped',
        },
      ],
      reply: 'Optional postmortem skipped.',
    };
  },
  onEffect(effect, outcome, env) {
    return effect.kind === 'open-pull-request'
      ? pullRequestOpened(effect, outcome.data ?? {}, env)
      : undefined;
  },
};
