import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { gateRefusal, enterPhase } from '../domain/decide.js';

export const closeCommand: CommandSpec = {
  name: 'close',
  usage: '/close',
  description:
    'Close the case once its last phase is complete (a required postmortem PR must be merged).',
  whoCanUse: 'maintain',
  examples: ['/close'],
  run(argsText, env) {
    if (argsText.trim())
      return refuse(
        '`/close` takes no arguments; to abandon a case use `/scope out <reason>` or `/phase rejected --force <reason>`.',
      );
    const { state, config } = env;
    if (state.phase !== 'postmortem' && state.phase !== 'publish') {
      return refuse(`A case closes after publication; this one is in **${state.phase}**.`);
    }
    const missing = gateRefusal(state, config, '`/close`');
    if (missing) return refuse(missing);
    const entered = enterPhase(state, 'closed', env);
    return { ok: true, changes: entered.changes, effects: entered.effects, reply: 'Case closed.' };
  },
};
