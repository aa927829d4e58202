import { Phase } from '../domain/case.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { parseArgs, stringOption } from './args.js';
import { pendingChange } from './item-helpers.js';
import { enterPhase } from '../domain/decide.js';

export const phaseCommand: CommandSpec = {
  name: 'phase',
  usage: '/phase <name> --force <reason>',
  description:
    'Admins only: move the case to any phase regardless of its gate, with a recorded reason (after /confirm).',
  whoCanUse: 'admin',
  examples: ['/phase publish --force the vulnerability became public through a third party'],
  run(argsText, env) {
    const parsed = parseArgs(argsText, { force: 'string' });
    if (!parsed.ok) return refuse(`${parsed.error}. Usage: \`/phase <name> --force <reason>\`.`);
    const [name, ...extra] = parsed.args.positional;
    const reason = [stringOption(parsed.args, 'force') ?? '', ...extra].join(' ').trim();
    const phase = Phase.safeParse(name?.toLowerCase());
    if (!phase.success)
      return refuse(
        `Name a phase: ${Phase.options.join(', ')}. Usage: \`/phase <name> --force <reason>\`.`,
      );
    if (!reason) return refuse('Forcing a phase needs a reason: `/phase <name> --force <reason>`.');
    if (phase.data === env.state.phase) return refuse(`The case is already in **${phase.data}**.`);
    return {
      ok: true,
      changes: [
        pendingChange(
          env,
          'force-phase',
          `${phase.data} ${reason.slice(0, 1000)}`,
          `Forced phase ${phase.data} requested`,
        ),
      ],
      reply: `This moves the case from **${env.state.phase}** to **${phase.data}** without its gate. Type \`/confirm\` to go ahead or \`/cancel\`.`,
    };
  },
  confirms: 'force-phase',
  confirm(pending, env) {
    const { state } = env;
    const [target = '', ...reasonWords] = pending.argsText.split(' ');
    const entered = enterPhase(state, target as Phase, env, reasonWords.join(' '));
    return {
      ok: true,
      changes: [{ patch: { unset: ['pending'] } }, ...entered.changes],
      effects: entered.effects,
      reply: `Phase forced to **${target}** by ${env.actor.login}.`,
    };
  },
};
