import type { CommandSpec } from '../domain/command-spec.js';

const ROLE_TEXT: Record<CommandSpec['whoCanUse'], string> = {
  read: 'anyone who can see the tracking issue',
  write: 'write access',
  maintain: 'maintain access or security team',
  admin: 'admin',
};

/** The `/help` reply: every command with its usage and who may run it. */
export function renderHelp(commands: readonly CommandSpec[]): string {
  const rows = commands.map(
    (c) =>
      `| \`${c.usage.replace(/\|/g, '\\|')}\` | ${c.description.replace(/\|/g, '\\|')} | ${ROLE_TEXT[c.whoCanUse]} |`,
  );
  return ['| command | what it does | who |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README's command reference (same table plus examples), generated from the registry. */
export function renderCommandReference(commands: readonly CommandSpec[]): string {
  const rows = commands.map(
    (c) =>
      `| \`${c.usage.replace(/\|/g, '\\|')}\` | ${c.description.replace(/\|/g, '\\|')} | ${ROLE_TEXT[c.whoCanUse]} | ${c.examples.map((e) => `\`${e.replace(/\|/g, '\\|')}\``).join('<br>')} |`,
  );
  return ['| command | what it does | who | examples |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
