import { checklistOf, missingItems } from '../domain/checklist.js';
import type { CommandSpec } from '../domain/command-spec.js';

export const statusCommand: CommandSpec = {
  name: 'status',
  usage: '/status',
  description:
    'Summarise where the case stands and what is needed next (the full status is at the top of the issue).',
  whoCanUse: 'read',
  examples: ['/status'],
  worksWhenClosed: true,
  run(_argsText, env) {
    const { state, config } = env;
    const missing = missingItems(config, state, state.phase);
    const all = checklistOf(config, state);
    const done = all.filter((i) => state.items[i.id]).length;
    const next = missing.length
      ? `Next:\n${missing.map((i) => `- ${i.label} — \`${i.how}\``).join('\n')}`
      : state.phase === 'closed' || state.phase === 'rejected'
        ? 'Nothing left to do.'
        : 'This phase is complete.';
    return {
      ok: true,
      changes: [],
      reply: `Phase **${state.phase}** · ${done}/${all.length} checklist items done · severity ${state.severity ?? 'unscored'}${state.embargo ? ` · embargo ends ${state.embargo.date}` : ''}\n\n${next}`,
    };
  },
};
