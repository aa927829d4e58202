import { localDate, parseDateArgument } from '../domain/clock.js';
import { refuse, type CommandEnv, type CommandSpec } from '../domain/command-spec.js';
import type { Effect } from '../domain/effects.js';
import { embargoOf, plannedDisclosure } from '../domain/embargo.js';
import { neutralize } from '../domain/neutralize.js';
import { renderDisclosureEmail } from '../domain/render/disclosure-email.js';
import { doneNow } from './item-helpers.js';

/**
 * The date the reporter is asked to confirm: the notice's date, else the embargo set with
 * `/embargo` (a default end nobody has set yet is not a date anyone agreed to).
 */
function dateToConfirm(env: CommandEnv): string | undefined {
  const { state, config } = env;
  return state.disclosureDate ?? (state.embargo ? embargoOf(state, config).holdUntil : undefined);
}

/** The message to the reporter on the advisory (or to send by hand for a manual case). */
function reporterMessage(date: string, timeZone: string, theirs: boolean): string {
  return theirs
    ? `Thank you: we will publish the advisory on ${date} (${timeZone}), the date you asked for. Until then, please keep the details confidential.`
    : `We plan to publish the advisory on ${date} (${timeZone}). Please tell us here if that date does not work for you; until then, please keep the details confidential.`;
}

export const confirmDateCommand: CommandSpec = {
  name: 'confirm-date',
  usage: '/confirm-date [DATE] [reason]',
  description:
    'Re-confirm the planned disclosure date with the reporter (posted to them on the advisory); give DATE when the reporter asked for an earlier one: publication may then go on it, and a drafted customer notice is drafted again.',
  whoCanUse: 'write',
  examples: ['/confirm-date', '/confirm-date 2027-01-10 the reporter presents it on 2027-01-11'],
  effectKinds: ['advisory-comment'],
  run(argsText, env) {
    const { state, config } = env;
    const [dateText, ...rest] = argsText.trim().split(/\s+/).filter(Boolean);
    const reason = rest.join(' ');
    const planned = dateToConfirm(env);
    if (!planned)
      return refuse(
        config.customerNotice
          ? 'There is no disclosure date to confirm yet: draft the customer notice with `/notify` (or set the embargo with `/embargo DATE`) first.'
          : 'There is no disclosure date to confirm yet: set the date with `/embargo DATE [reason]` first.',
      );
    if (state.items['date-confirmed'] && !dateText)
      return refuse(
        `The date was already re-confirmed with the reporter (${state.items['date-confirmed'].evidence ?? planned}); give their new date with \`/confirm-date DATE\`.`,
      );
    let reporterDate: string | undefined;
    if (dateText) {
      const parsed = parseDateArgument(
        dateText,
        env.now,
        { timeZone: config.timeZone, holidays: config.holidays },
        { past: 'reject' },
      );
      if (!parsed.ok) return refuse(`${parsed.error} Usage: \`/confirm-date [DATE] [reason]\`.`);
      reporterDate = parsed.localDate;
      const end = embargoOf(state, config).end;
      if (end && reporterDate > end)
        return refuse(
          `${reporterDate} is after the embargo end ${end}; the reporter's date may only bring publication forward. To publish later, move the embargo: \`/embargo ${reporterDate} <reason>\`.`,
        );
    }
    const today = localDate(env.now, config.timeZone);
    const next = { ...state, ...(reporterDate ? { reporterDate } : {}) };
    const notified = Boolean(state.items['notice-sent']);
    const date =
      config.customerNotice && state.disclosureDate
        ? notified
          ? state.disclosureDate
          : plannedDisclosure(next, config, today).date
        : (reporterDate ?? planned);
    const redraft =
      !notified && state.disclosureDate !== undefined && date !== state.disclosureDate;
    const message = reporterMessage(date, config.timeZone, reporterDate !== undefined);
    const effects: Effect[] =
      state.repo && state.ghsaId
        ? [
            {
              kind: 'advisory-comment',
              key: `confirm-date:${date}`,
              repo: state.repo,
              ghsaId: state.ghsaId,
              body: message,
            },
          ]
        : [];
    const productionAt = state.release.productionAt ?? state.items.production?.at;
    const email =
      redraft && productionAt
        ? renderDisclosureEmail(
            next,
            { now: env.now, config },
            { productionAt, disclosureDate: date },
          )
        : undefined;
    const why = reporterDate
      ? `Reporter asked for ${reporterDate}${reason ? `: ${reason.slice(0, 300)}` : ''}`
      : `Disclosure date ${date} re-confirmed with the reporter`;
    return {
      ok: true,
      changes: [
        {
          patch: {
            set: {
              items: {
                'date-confirmed': doneNow(
                  env,
                  reporterDate ? `reporter's date ${reporterDate}` : `confirmed ${date}`,
                ),
              },
              ...(reporterDate ? { reporterDate } : {}),
              ...(redraft ? { disclosureDate: date } : {}),
            },
          },
          note: redraft ? `${why}; customer notice drafted again for ${date}` : why,
        },
      ],
      effects,
      reply: [
        reporterDate
          ? `Recorded the reporter's date **${reporterDate}**${reason ? ` (${neutralize(reason)})` : ''}: publication may go on it once the other gates pass.`
          : `✅ Disclosure date **${date}** re-confirmed with the reporter.`,
        effects.length > 0
          ? 'The date is posted to the reporter on the advisory; should GitHub refuse the comment, the text to send by hand follows below.'
          : `Send the reporter this by hand:\n\n> ${message}`,
        ...(email
          ? [
              `The customer notice is drafted again for **${date}**:\n\n**Subject:** ${email.subject}\n\n\`\`\`text\n${email.body}\n\`\`\``,
            ]
          : []),
      ].join('\n\n'),
    };
  },
};
