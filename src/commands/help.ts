import type { CommandSpec } from '../domain/command-spec.js';
import { renderHelp } from './help-text.js';

export const helpCommand: CommandSpec = {
  name: 'help',
  usage: '/help',
  description: 'List every command, what it does and who may run it.',
  whoCanUse: 'read',
  examples: ['/help'],
  worksWhenClosed: true,
  run(_argsText, env) {
    return {
      ok: true,
      changes: [],
      reply: `${renderHelp(env.commands)}\n\nCommands go at the start of a line; several in one comment run top to bottom. Quoted lines and code are ignored.`,
    };
  },
};
