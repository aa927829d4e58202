import { parseUser } from '../domain/arguments.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';

export const assignCommand: CommandSpec = {
  name: 'assign',
  usage: '/assign @user',
  description: 'Make someone the case owner; reminders mention them.',
  whoCanUse: 'write',
  examples: ['/assign @octocat'],
  run(argsText) {
    const user = parseUser(argsText.trim());
    if (!user.ok) return refuse(`${user.error}. Usage: \`/assign @user\`.`);
    return {
      ok: true,
      changes: [{ patch: { set: { assignee: user.value } }, note: `Assigned to ${user.value}` }],
      reply: `Assigned to @${user.value}; reminders will mention them.`,
    };
  },
};
