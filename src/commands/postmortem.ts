import { postmortemRule } from '../domain/checklist.js';
import { waivedNow } from './item-helpers.js';
import { refuse, type CommandSpec } from './types.js';

export const postmortemCommand: CommandSpec = {
  name: 'postmortem',
  usage: '/postmortem skip <reason>',
  description:
    'Skip an optional postmortem (medium severity by default); required ones cannot be skipped.',
  whoCanUse: 'maintain',
  examples: ['/postmortem skip contained within a day, nothing to learn'],
  run(argsText, env) {
    const [verb = '', ...rest] = argsText.trim().split(/\s+/);
    const reason = rest.join(' ').trim();
    if (verb.toLowerCase() !== 'skip' || !reason)
      return refuse('Usage: `/postmortem skip <reason>`.');
    const rule = postmortemRule(env.config, env.state);
    if (rule === 'required')
      return refuse(
        `A postmortem is required for ${env.state.severity ?? 'this'} severity; merge the postmortem PR.`,
      );
    if (rule === 'skip') return refuse('No postmortem applies to this case.');
    if (env.state.items.postmortem) return refuse('The postmortem step is already done.');
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
};
