import { parseDateArgument } from '../domain/clock.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { doneNow } from './item-helpers.js';

export const confirmDateCommand: CommandSpec = {
  name: 'confirm-date',
  usage: '/confirm-date [DATE]',
  description:
    'Record that the disclosure date was re-confirmed with the reporter; give DATE when the reporter asked for an earlier one (publication may then go sooner).',
  whoCanUse: 'write',
  examples: ['/confirm-date', '/confirm-date 2027-01-10'],
  run(argsText, env) {
    const { state, config } = env;
    if (state.items['date-confirmed'])
      return refuse('The date was already re-confirmed with the reporter.');
    const text = argsText.trim();
    let reporterDate: string | undefined;
    if (text) {
      const parsed = parseDateArgument(
        text,
        env.now,
        { timeZone: config.timeZone, holidays: config.holidays },
        { past: 'allow' },
      );
      if (!parsed.ok) return refuse(parsed.error);
      reporterDate = parsed.localDate;
    }
    return {
      ok: true,
      changes: [
        {
          patch: {
            set: {
              items: {
                'date-confirmed': doneNow(
                  env,
                  reporterDate ? `reporter's date ${reporterDate}` : 'confirmed',
                ),
              },
              ...(reporterDate ? { reporterDate } : {}),
            },
          },
          note: reporterDate
            ? `Reporter asked for ${reporterDate}`
            : 'Disclosure date re-confirmed with the reporter',
        },
      ],
      reply: reporterDate
        ? `Recorded the reporter's date **${reporterDate}**; publication may go on that date.`
        : '✅ Disclosure date re-confirmed with the reporter.',
    };
  },
};
