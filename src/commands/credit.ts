import { parseCreditType, parseUser } from '../domain/arguments.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';

export const creditCommand: CommandSpec = {
  name: 'credit',
  usage: '/credit @user <type>',
  description:
    'Credit someone on the advisory (types: reporter, finder, analyst, coordinator, remediation_developer, remediation_reviewer, remediation_verifier, tool, sponsor, other).',
  whoCanUse: 'write',
  examples: ['/credit @octocat reporter', '/credit @hubot remediation_developer'],
  run(argsText, env) {
    const [who = '', type = '', ...extra] = argsText.trim().split(/\s+/);
    if (extra.length > 0 || !type)
      return refuse('Usage: `/credit @user <type>`, e.g. `/credit @octocat finder`.');
    const user = parseUser(who);
    if (!user.ok) return refuse(`${user.error}. Usage: \`/credit @user <type>\`.`);
    const credit = parseCreditType(type);
    if (!credit.ok) return refuse(credit.error);
    const { state } = env;
    const credits = [
      ...state.credits.filter((c) => c.login.toLowerCase() !== user.value.toLowerCase()),
      { login: user.value, type: credit.value },
    ];
    const effects =
      state.repo && state.ghsaId
        ? [
            {
              kind: 'update-advisory' as const,
              key: `credit:${env.commandKey}`,
              repo: state.repo,
              ghsaId: state.ghsaId,
              fields: { credits },
            },
          ]
        : [];
    return {
      ok: true,
      changes: [
        {
          patch: { append: { credits: [{ login: user.value, type: credit.value }] } },
          note: `Credited ${user.value} (${credit.value})`,
        },
      ],
      effects,
      reply: `\`${user.value}\` will be credited as **${credit.value}**.`,
    };
  },
};
