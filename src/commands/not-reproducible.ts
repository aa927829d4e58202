import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { neutralize } from '../domain/neutralize.js';
import { reporterOnAdvisory, sendVia } from '../domain/report-channel.js';

export const notReproducibleCommand: CommandSpec = {
  name: 'not-reproducible',
  usage: '/not-reproducible <what you need from the reporter>',
  description:
    'Ask the reporter for clarification when the report does not reproduce; the case stays in triage.',
  whoCanUse: 'write',
  examples: ['/not-reproducible Which version and which configuration did you test?'],
  run(argsText, env) {
    const question = argsText.trim();
    if (!question) {
      return refuse(
        'Say what you need from the reporter, e.g. `/not-reproducible Which version did you test?`',
      );
    }
    if (env.state.items.reproduced) {
      return refuse('The report is already recorded as reproduced; nothing to ask.');
    }
    const text = `Thank you for the report. We could not reproduce it yet. ${question.slice(0, 2000)}`;
    const { state } = env;
    const effects =
      reporterOnAdvisory(state) && state.repo && state.ghsaId
        ? [
            {
              kind: 'advisory-comment' as const,
              key: `clarify:${env.commandKey}`,
              repo: state.repo,
              ghsaId: state.ghsaId,
              body: text,
            },
          ]
        : [];
    return {
      ok: true,
      changes: [{ patch: {}, note: 'Not reproduced yet: asked the reporter for clarification' }],
      effects,
      reply:
        `The case stays in **triage**. ${effects.length ? 'Asking the reporter on the advisory:' : `Send this to the reporter${sendVia(state)}:`}\n\n` +
        `> ${neutralize(text)}`,
    };
  },
};
