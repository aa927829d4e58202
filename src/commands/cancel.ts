import { refuse, type CommandSpec } from '../domain/command-spec.js';

export const cancelCommand: CommandSpec = {
  name: 'cancel',
  usage: '/cancel',
  description: 'Cancel the action waiting for confirmation.',
  whoCanUse: 'write',
  examples: ['/cancel'],
  run(_argsText, env) {
    const pending = env.state.pending;
    if (!pending) return refuse('Nothing is waiting for confirmation.');
    return {
      ok: true,
      changes: [{ patch: { unset: ['pending'] }, note: `Cancelled ${pending.action}` }],
      reply: `Cancelled the pending \`${pending.action}\`. Nothing was changed.`,
    };
  },
};
