import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { doneNow } from './item-helpers.js';

export const reproducedCommand: CommandSpec = {
  name: 'reproduced',
  usage: '/reproduced [note]',
  description: 'Record that the report was reproduced locally (before scoring).',
  whoCanUse: 'write',
  examples: ['/reproduced', '/reproduced on 0.71.0 with the PoC from the report'],
  run(argsText, env) {
    if (env.state.items.reproduced) return refuse('The report is already recorded as reproduced.');
    const note = argsText.trim().slice(0, 500);
    return {
      ok: true,
      changes: [
        {
          patch: { set: { items: { reproduced: doneNow(env, note || undefined) } } },
          note: 'Reproduced locally',
        },
      ],
      reply:
        '✅ Reproduced. Next: check the scope (`/scope in` or `/scope out <reason>`) and score it (`/cvss <vector>`).',
    };
  },
};
