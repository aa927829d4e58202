import { parseDateArgument } from '../domain/clock.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { renderAcknowledgement } from '../domain/render/acknowledgement.js';
import { channelOf, describeChannel, reporterOnAdvisory } from '../domain/report-channel.js';
import { parseArgs, stringOption } from './args.js';
import { doneNow } from './item-helpers.js';

export const ackCommand: CommandSpec = {
  name: 'ack',
  usage: '/ack [--resolve-by DATE]',
  description:
    'Acknowledge the report to the reporter (severity, expected resolution date, confidentiality reminder). Posted on the advisory for a report made through GitHub, when GitHub allows it; for a report from another channel (`/reported-at … --via`) recorded as sent there, with the text to send.',
  whoCanUse: 'write',
  examples: ['/ack', '/ack --resolve-by 2027-01-15', '/ack --resolve-by +20bd'],
  run(argsText, env) {
    const parsed = parseArgs(argsText, { 'resolve-by': 'string' });
    if (!parsed.ok) return refuse(`${parsed.error}. Usage: \`/ack [--resolve-by DATE]\`.`);
    if (parsed.args.positional.length > 0)
      return refuse('`/ack` takes no words; did you mean `/ack --resolve-by DATE`?');
    const { state, config } = env;
    if (state.items.acknowledged) return refuse('The reporter was already acknowledged.');
    if (!state.severity)
      return refuse(
        'Score the report first (`/cvss <vector>`): the acknowledgement tells the reporter the severity.',
      );
    const calendar = { timeZone: config.timeZone, holidays: config.holidays };
    let resolveBy: string | undefined;
    const raw = stringOption(parsed.args, 'resolve-by');
    if (raw !== undefined) {
      const date = parseDateArgument(raw, env.now, calendar, { past: 'reject' });
      if (!date.ok) return refuse(date.error);
      resolveBy = date.localDate;
    }
    const text = renderAcknowledgement(
      state,
      { now: env.now, config },
      resolveBy === undefined ? {} : { resolveBy },
    );
    // The reporter hears back where the report came from: on the advisory only for GitHub's
    // private reporting; a bug-bounty or e-mail reporter does not read the draft advisory.
    const channel = channelOf(state);
    const viaAdvisory = reporterOnAdvisory(state);
    const effects =
      viaAdvisory && state.repo && state.ghsaId
        ? [
            {
              kind: 'advisory-comment' as const,
              key: 'acknowledgement',
              repo: state.repo,
              ghsaId: state.ghsaId,
              body: text,
            },
          ]
        : [];
    return {
      ok: true,
      changes: [
        {
          patch: {
            set: {
              items: {
                acknowledged: doneNow(
                  env,
                  viaAdvisory
                    ? 'advisory comment'
                    : channel
                      ? `sent through ${describeChannel(channel)}`
                      : 'send manually',
                ),
              },
              milestones: { acknowledged: env.now.toISOString() },
              ...(resolveBy === undefined ? {} : { resolveBy }),
            },
          },
          note: 'Reporter acknowledged',
        },
      ],
      effects,
      reply: viaAdvisory
        ? 'Acknowledgement recorded and posted on the advisory; should GitHub refuse the comment, the text to send by hand follows below.'
        : channel
          ? `Acknowledgement recorded as sent through ${describeChannel(channel)}. **Send this to the reporter there**:\n\n${text}`
          : `Acknowledgement recorded. **Send this to the reporter** through the channel the report came from (\`/reported-at DATE --via <channel>\` records which):\n\n${text}`,
    };
  },
};
