import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { firstCalculatorUrl, scoreCvss4 } from '../domain/cvss.js';
import { neutralize } from '../domain/neutralize.js';
import { doneNow } from './item-helpers.js';

export const cvssCommand: CommandSpec = {
  name: 'cvss',
  usage: '/cvss <CVSS:4.0 vector>',
  description:
    'Score the report with CVSS 4.0; sets the score and severity bucket and writes the vector to the advisory.',
  whoCanUse: 'write',
  examples: ['/cvss CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'],
  run(argsText, env) {
    const vector = argsText.trim();
    if (!vector) {
      return refuse(
        'Give a CVSS 4.0 vector, e.g. `/cvss CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N` (use the FIRST calculator: https://www.first.org/cvss/calculator/4-0).',
      );
    }
    const scored = scoreCvss4(vector);
    if (!scored.ok) {
      // The validator quotes the vector as typed: neutralised, it cannot ping or link.
      return refuse(
        `That vector is not valid CVSS 4.0: ${neutralize(scored.error)}. Nothing was changed.`,
      );
    }
    if (scored.severity === 'none') {
      return refuse(
        `\`${vector}\` scores 0.0 (no impact). If the report has no security impact, use \`/scope out <reason>\`; otherwise correct the vector.`,
      );
    }
    const { state } = env;
    const effects =
      state.repo && state.ghsaId
        ? [
            {
              kind: 'update-advisory' as const,
              key: `cvss:${env.commandKey}`,
              repo: state.repo,
              ghsaId: state.ghsaId,
              fields: { cvss_vector_string: scored.vector },
            },
          ]
        : [];
    const previous = state.cvss ? ` (was ${state.cvss.score.toFixed(1)})` : '';
    return {
      ok: true,
      changes: [
        {
          patch: {
            set: {
              cvss: {
                vector: scored.vector,
                score: scored.score,
                nomenclature: scored.nomenclature,
              },
              severity: scored.severity,
              ...(state.items['cvss-scored']
                ? {}
                : { items: { 'cvss-scored': doneNow(env, scored.vector) } }),
            },
          },
          note: `Scored ${scored.score.toFixed(1)} ${scored.severity} (${scored.nomenclature})${previous}`,
        },
      ],
      effects,
      reply:
        `**${scored.score.toFixed(1)} — ${scored.severity}** (${scored.nomenclature})${previous}\n\n` +
        `\`${scored.vector}\` · [open in FIRST's calculator](${firstCalculatorUrl(scored.vector)})` +
        (effects.length
          ? '\n\nThe App writes the vector to the advisory; should GitHub refuse it, the reason follows below.'
          : ''),
    };
  },
};
