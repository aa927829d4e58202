import { addLocalDays, localDate, parseDateArgument } from '../domain/clock.js';
import {
  refuse,
  type CommandEnv,
  type CommandResult,
  type CommandSpec,
} from '../domain/command-spec.js';
import { defaultEmbargoEnd } from '../domain/embargo.js';
import { neutralize } from '../domain/neutralize.js';
import { doneNow, pendingChange } from './item-helpers.js';
import { embargoHoldText, redraftNote } from './embargo-texts.js';

const USAGE = '`/embargo [DATE] [reason]` (or `/embargo DATE <reason>` to move a set embargo)';

/** The embargo date a command names, checked against the past and the configured maximum. */
function embargoDate(
  env: CommandEnv,
  dateText: string | undefined,
): { ok: true; date: string } | { ok: false; error: string } {
  const { state, config } = env;
  const today = localDate(env.now, config.timeZone);
  const latest = addLocalDays(
    localDate(new Date(state.reportedAt), config.timeZone),
    config.sla.embargoMaxDays,
  );
  let date: string;
  if (dateText === undefined) {
    const fallback = defaultEmbargoEnd(state, config);
    if (!fallback)
      return {
        ok: false,
        error:
          'This profile sets no default embargo (`sla.embargoDays: 0`); give the date agreed with the reporter: `/embargo DATE [reason]`.',
      };
    if (fallback < today)
      return {
        ok: false,
        error: `The default embargo (report + ${String(config.sla.embargoDays)} days = ${fallback}) is already past; give a date: \`/embargo DATE [reason]\`.`,
      };
    date = fallback;
  } else {
    const parsed = parseDateArgument(
      dateText,
      env.now,
      { timeZone: config.timeZone, holidays: config.holidays },
      { past: 'reject' },
    );
    if (!parsed.ok) return { ok: false, error: `${parsed.error} Usage: ${USAGE}.` };
    date = parsed.localDate;
  }
  if (date > latest)
    return {
      ok: false,
      error: `${date} is more than ${String(config.sla.embargoMaxDays)} days after the report (the latest embargo end is ${latest}, \`sla.embargoMaxDays\`); give an earlier date.`,
    };
  return { ok: true, date };
}

/** The change that records an embargo date, with its history line. */
function recordEmbargo(env: CommandEnv, date: string, why: string): CommandResult {
  const { state, config } = env;
  const previous = state.embargo?.date;
  const history = [
    ...(state.embargo?.history ?? []),
    { date, reason: why.slice(0, 500), by: env.actor.login, at: env.now.toISOString() },
  ];
  const next = { ...state, embargo: { date, timeZone: config.timeZone, history } };
  const moved = previous
    ? `Embargo moved from ${previous} to **${date}** (${config.timeZone}). Reason logged: ${neutralize(why)}. Tell the reporter the new date.`
    : `Embargo ends **${date}** (${config.timeZone}).`;
  return {
    ok: true,
    changes: [
      {
        patch: {
          set: {
            embargo: next.embargo,
            ...(state.items.embargo ? {} : { items: { embargo: doneNow(env, date) } }),
          },
          unset: state.pending?.action === 'embargo' ? ['pending'] : [],
        },
        note: previous
          ? `Embargo moved ${previous} → ${date}: ${why}`
          : `Embargo set to ${date} (${why})`,
      },
    ],
    reply: `${moved} ${embargoHoldText(next, config)}${redraftNote(state, next, env)}`,
  };
}

function setEmbargo(
  env: CommandEnv,
  dateText: string | undefined,
  reason: string,
  extendOnly: boolean,
): CommandResult {
  const { state, config } = env;
  const checked = embargoDate(env, dateText);
  if (!checked.ok) return refuse(checked.error);
  const { date } = checked;
  const previous = state.embargo?.date;
  if (!previous) {
    if (extendOnly) return refuse('No embargo is set yet; set one with `/embargo DATE [reason]`.');
    return recordEmbargo(
      env,
      date,
      reason || `default: report + ${String(config.sla.embargoDays)} days`,
    );
  }
  if (dateText === undefined)
    return refuse(
      `The embargo is already set to ${previous}; move it with \`/embargo DATE <reason>\`.`,
    );
  if (!reason)
    return refuse(
      `Every embargo change is logged with its reason: \`/embargo ${date} <reason>\` (the embargo is ${previous}).`,
    );
  if (date === previous) return refuse(`The embargo already ends on ${previous}.`);
  if (extendOnly && date < previous)
    return refuse(
      `${date} is not later than the current embargo end ${previous}; to move it earlier type \`/embargo ${date} <reason>\`.`,
    );
  if (!config.publish.confirmEmbargoChange) return recordEmbargo(env, date, reason);
  return {
    ok: true,
    changes: [
      pendingChange(
        env,
        'embargo',
        `${date} ${reason}`,
        `Embargo move to ${date} requested (awaiting confirmation)`,
      ),
    ],
    reply: `This moves the embargo from ${previous} to **${date}** (${date < previous ? 'earlier: the advisory may be published sooner' : 'later'}). Reason: ${neutralize(reason)}. Another maintainer or you: \`/confirm\` to move it, or \`/cancel\`.`,
  };
}

export const embargoCommand: CommandSpec = {
  name: 'embargo',
  usage: '/embargo [DATE] [reason] | /embargo DATE <reason>',
  description:
    'Set the embargo end, the planned publication date (default: report + sla.embargoDays), or move a set embargo with a reason (after /confirm when publish.confirmEmbargoChange). /publish waits for it unless the case is exploited or the reporter asked for an earlier date.',
  whoCanUse: 'maintain',
  examples: [
    '/embargo',
    '/embargo 2027-01-20 aligned with the reporter',
    '/embargo 2027-02-03 vendor needs two more weeks',
  ],
  run(argsText, env) {
    const words = argsText.trim().split(/\s+/).filter(Boolean);
    if (words[0]?.toLowerCase() === 'extend')
      return setEmbargo(env, words[1], words.slice(2).join(' '), true);
    if (words.length === 0) return setEmbargo(env, undefined, '', false);
    return setEmbargo(env, words[0], words.slice(1).join(' '), false);
  },
  confirms: 'embargo',
  confirm(pending, env) {
    const [dateText = '', ...rest] = pending.argsText.split(' ');
    const checked = embargoDate(env, dateText);
    if (!checked.ok) return refuse(checked.error);
    return recordEmbargo(env, checked.date, rest.join(' '));
  },
};
