import type { ItemId } from './item-ids.js';
import { checklistOf } from './checklist.js';
import type { Case } from './case.js';
import type { DecideContext } from './decide-context.js';
import type { Input } from './inputs.js';
import { runCommand } from './run-command.js';
import { EMPTY_STEP, type Step } from './step.js';

/** The command a tickable checklist item stands for. */
const TICK_COMMANDS: Partial<Record<ItemId, { name: string; argsText: string }>> = {
  reproduced: { name: 'reproduced', argsText: '' },
  validated: { name: 'validated', argsText: '' },
  canary: { name: 'canary', argsText: 'ok' },
  production: { name: 'production', argsText: '' },
  'date-confirmed': { name: 'confirm-date', argsText: '' },
};

/**
 * A checkbox ticked in the status section is the matching command, with the same permission
 * check. Unticking, or ticking an item that has no command, is answered and changes nothing (the
 * next render restores the box).
 */
export function toggleItem(
  state: Case,
  input: Extract<Input, { type: 'checkbox-toggled' }>,
  ctx: DecideContext,
): Step {
  const item = checklistOf(ctx.config, state).find((i) => i.id === input.item);
  if (!item) return EMPTY_STEP;
  const command = TICK_COMMANDS[item.id];
  if (!input.checked) {
    if (!state.items[item.id]) return EMPTY_STEP;
    return {
      ...EMPTY_STEP,
      reply: `@\u200b${input.actor.login}, “${item.label}” stays done: checklist items cannot be unticked. The box has been restored.`,
    };
  }
  if (state.items[item.id]) return EMPTY_STEP;
  if (!item.tickable || !command) {
    return {
      ...EMPTY_STEP,
      reply: `“${item.label}” cannot be ticked by hand; use \`${item.how}\`. The box has been restored.`,
    };
  }
  return runCommand(state, { ...command, actor: input.actor }, ctx);
}
