import { addCalendarDays, localDate, parseDateArgument } from '../domain/clock.js';
import {
  refuse,
  type CommandEnv,
  type CommandResult,
  type CommandSpec,
} from '../domain/command-spec.js';
import { neutralize } from '../domain/neutralize.js';
import { doneNow } from './item-helpers.js';

function setEmbargo(
  env: CommandEnv,
  dateText: string | undefined,
  reason: string,
  extend: boolean,
): CommandResult {
  const { state, config } = env;
  const calendar = { timeZone: config.timeZone, holidays: config.holidays };
  let date: string;
  if (dateText === undefined) {
    date = localDate(
      addCalendarDays(new Date(state.reportedAt), config.sla.embargoDays, config.timeZone),
      config.timeZone,
    );
    if (date < localDate(env.now, config.timeZone)) {
      return refuse(
        `The default embargo (report + ${config.sla.embargoDays} days = ${date}) is already past; give a date: \`/embargo DATE [reason]\`.`,
      );
    }
  } else {
    const parsed = parseDateArgument(dateText, env.now, calendar, { past: 'reject' });
    if (!parsed.ok) return refuse(parsed.error);
    date = parsed.localDate;
  }
  const previous = state.embargo?.date;
  if (extend) {
    if (!previous) return refuse('No embargo is set yet; set one with `/embargo DATE [reason]`.');
    if (!reason)
      return refuse(
        'Every embargo change is logged with its reason: `/embargo extend DATE <reason>`.',
      );
    if (date <= previous)
      return refuse(
        `${date} is not later than the current embargo end ${previous}; to publish sooner use \`/exploited\` or the reporter's date (\`/confirm-date DATE\`).`,
      );
  } else if (previous) {
    return refuse(
      `The embargo is already set to ${previous}; change it with \`/embargo extend DATE <reason>\`.`,
    );
  }
  const why = reason || `default: report + ${config.sla.embargoDays} days`;
  const history = [
    ...(state.embargo?.history ?? []),
    { date, reason: why.slice(0, 500), by: env.actor.login, at: env.now.toISOString() },
  ];
  return {
    ok: true,
    changes: [
      {
        patch: {
          set: {
            embargo: { date, timeZone: config.timeZone, history },
            ...(state.items.embargo ? {} : { items: { embargo: doneNow(env, date) } }),
          },
        },
        note: previous
          ? `Embargo extended ${previous} → ${date}: ${why}`
          : `Embargo set to ${date} (${why})`,
      },
    ],
    reply: previous
      ? `Embargo extended from ${previous} to **${date}** (${config.timeZone}). Reason logged: ${neutralize(why)}`
      : `Embargo ends **${date}** (${config.timeZone}). Publication waits for it unless the report is exploited or the reporter sets an earlier date.`,
  };
}

export const embargoCommand: CommandSpec = {
  name: 'embargo',
  usage: '/embargo [DATE] [reason] | /embargo extend DATE <reason>',
  description:
    'Set the embargo end (default: report + 60 days) or extend it; every change is logged with its reason.',
  whoCanUse: 'maintain',
  examples: [
    '/embargo',
    '/embargo 2027-01-20 aligned with the reporter',
    '/embargo extend 2027-02-03 vendor needs two more weeks',
  ],
  run(argsText, env) {
    const words = argsText.trim().split(/\s+/).filter(Boolean);
    if (words[0]?.toLowerCase() === 'extend')
      return setEmbargo(env, words[1], words.slice(2).join(' '), true);
    if (words.length === 0) return setEmbargo(env, undefined, '', false);
    return setEmbargo(env, words[0], words.slice(1).join(' '), false);
  },
};
