import { parseUserOrTeam } from '../domain/arguments.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';

export const inviteCommand: CommandSpec = {
  name: 'invite',
  usage: '/invite @user|@org/team …',
  description:
    'Add collaborators to the advisory (and so to its temporary private fork), e.g. outside contributors to the fix.',
  whoCanUse: 'maintain',
  examples: ['/invite @octocat', '/invite @acme/security @hubot'],
  run(argsText, env) {
    const { state } = env;
    const words = argsText.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0)
      return refuse('Name who to invite: `/invite @user` or `/invite @org/team`.');
    if (!state.repo || !state.ghsaId)
      return refuse('There is no advisory yet; create it first (`/advisory create owner/repo`).');
    const users: string[] = [];
    const teams: string[] = [];
    for (const word of words) {
      const parsed = parseUserOrTeam(word);
      if (!parsed.ok) return refuse(`${parsed.error}. Nothing was changed.`);
      if (parsed.value.kind === 'team') teams.push(parsed.value.slug);
      else users.push(parsed.value.login);
    }
    const allUsers = [...new Set([...state.collaborators.users, ...users])];
    const allTeams = [...new Set([...state.collaborators.teams, ...teams])];
    return {
      ok: true,
      changes: [
        { patch: { append: { users, teams } }, note: `Invited ${[...users, ...teams].join(', ')}` },
      ],
      effects: [
        {
          kind: 'update-advisory',
          key: `invite:${env.commandKey}`,
          repo: state.repo,
          ghsaId: state.ghsaId,
          fields: { collaborating_users: allUsers, collaborating_teams: allTeams },
        },
      ],
      reply: `Inviting ${[...users.map((u) => `\`${u}\``), ...teams.map((t) => `\`${t}\``)].join(', ')} as advisory collaborators (they also get access to the temporary private fork).`,
    };
  },
};
