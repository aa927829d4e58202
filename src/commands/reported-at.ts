import { formatInstant, isLocalDate, localDateTime, startOfLocalDay } from '../domain/clock.js';
import { refuse, type CommandEnv, type CommandSpec } from '../domain/command-spec.js';
import type { EffectMeaning, EffectResultEnv } from '../domain/effect-outcome.js';
import type { Effect } from '../domain/effects.js';
import { quoted } from '../domain/parsed.js';
import { ackDeadline } from '../domain/reminders.js';
import { describeChannel, parseChannel, type ReportChannel } from '../domain/report-channel.js';
import { parseArgs, stringOption } from './args.js';

const USAGE = '/reported-at DATE --via <channel> [--id <report id>]';

/**
 * A date (`2026-11-20`: that local day's start, the strictest reading for the SLA), a local time
 * (`2026-11-20T14:05`) or an instant with its offset (`2026-11-20T14:05Z`).
 */
function parseArrival(text: string, timeZone: string): Date | undefined {
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
      text,
    );
  const [, day = '', hour, minute, offset] = match ?? [];
  if (!match || !isLocalDate(day)) return undefined;
  if (hour === undefined || minute === undefined) return startOfLocalDay(day, timeZone);
  if (Number(hour) > 23 || Number(minute) > 59) return undefined;
  if (offset !== undefined) {
    const instant = new Date(text.replace(' ', 'T'));
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  }
  return localDateTime(day, Number(hour), Number(minute), timeZone);
}

/** The change: the clock and the acknowledgement deadline start at the real arrival. */
function arrivalChange(
  at: Date,
  channel: ReportChannel,
  env: Pick<CommandEnv, 'state' | 'config'>,
) {
  const { state, config } = env;
  const iso = at.toISOString();
  return {
    patch: {
      set: { reportedAt: iso, channel, milestones: { reported: iso } },
    },
    note: `Report arrived ${formatInstant(at, config.timeZone)} through ${describeChannel(channel)} (the case had ${formatInstant(new Date(state.reportedAt), config.timeZone)})`,
  };
}

function recordedText(at: Date, env: Pick<CommandEnv, 'state' | 'config' | 'now'>): string {
  const due = ackDeadline({ reportedAt: at.toISOString() }, env.config);
  const when = formatInstant(due, env.config.timeZone);
  if (env.state.items.acknowledged) return `The acknowledgement was due ${when}.`;
  return due.getTime() < env.now.getTime()
    ? `⚠️ The acknowledgement was due **${when}**: it is overdue, send it now (\`/ack\`).`
    : `Acknowledge by **${when}**.`;
}

export const reportedAtCommand: CommandSpec = {
  name: 'reported-at',
  usage: USAGE,
  description:
    'Say when and where the report really arrived (a bug-bounty program, e-mail): the case’s clock and the acknowledgement deadline start there, and `/ack` goes back through that channel.',
  whoCanUse: 'write',
  examples: [
    '/reported-at 2026-11-20 --via hackerone --id 2841234',
    '/reported-at 2026-11-20T14:05 --via email --id <CAF7x@mail.example.com>',
  ],
  run(argsText, env) {
    const parsed = parseArgs(argsText, { via: 'string', id: 'string' });
    if (!parsed.ok) return refuse(`${parsed.error}. Usage: \`${USAGE}\`.`);
    const [dateText, ...rest] = parsed.args.positional;
    const via = stringOption(parsed.args, 'via');
    if (dateText === undefined || via === undefined || rest.length > 0)
      return refuse(
        `Usage: \`${USAGE}\`: the date the report arrived and the channel it came through, e.g. \`/reported-at 2026-11-20 --via hackerone --id 2841234\`.`,
      );
    const { state, config } = env;
    if (state.advisory.state === 'published' || state.phase === 'closed')
      return refuse(
        'The advisory is already published; when the report arrived can no longer change.',
      );
    const at = parseArrival(dateText, config.timeZone);
    if (!at)
      return refuse(
        `${quoted(dateText)} is not a date or time; type \`2026-11-20\`, \`2026-11-20T14:05\` (${config.timeZone}) or \`2026-11-20T14:05Z\`.`,
      );
    if (at.getTime() > env.now.getTime())
      return refuse(
        `${formatInstant(at, config.timeZone)} is in the future; type when the report arrived.`,
      );
    const channel = parseChannel(via, stringOption(parsed.args, 'id'));
    if (!channel.ok) return refuse(`${channel.error}.`);
    const arrival = `**${formatInstant(at, config.timeZone)}** through ${describeChannel(channel.channel)}`;
    if (!state.repo) {
      return {
        ok: true,
        changes: [arrivalChange(at, channel.channel, env)],
        reply: `Recorded: the report arrived ${arrival}. ${recordedText(at, env)}`,
      };
    }
    // The product repository must have existed then; GitHub knows when it was created.
    const effect: Effect = {
      kind: 'check-report-arrival',
      command: 'reported-at',
      key: `reported-at:${env.commandKey}`,
      repo: state.repo,
      at: at.toISOString(),
      channel: channel.channel,
    };
    return {
      ok: true,
      changes: [],
      effects: [effect],
      reply: `The report arrived ${arrival}: checking with GitHub that \`${state.repo}\` existed then.`,
    };
  },
  effectKinds: ['check-report-arrival'],
  onEffect(effect, outcome, env) {
    if (effect.kind !== 'check-report-arrival') return undefined;
    return arrivalMeaning(effect, outcome.data?.createdAt, env);
  },
  onEffectFailure(effect, outcome) {
    if (effect.kind !== 'check-report-arrival') return undefined;
    return {
      reply: `❌ The App could not read \`${effect.repo}\` from GitHub (${outcome.error}): nothing was changed. Type the command again.`,
    };
  },
};

function arrivalMeaning(
  effect: Extract<Effect, { kind: 'check-report-arrival' }>,
  createdAt: string | undefined,
  env: EffectResultEnv,
): EffectMeaning {
  const arrival = { at: new Date(effect.at), channel: effect.channel };
  const { config } = env;
  if (createdAt !== undefined && arrival.at.getTime() < Date.parse(createdAt))
    return {
      reply: `❌ \`${effect.repo}\` was created ${formatInstant(new Date(createdAt), config.timeZone)}, after that: nothing was changed. Type the date the report really arrived.`,
    };
  const change = arrivalChange(arrival.at, arrival.channel, env);
  return {
    ...change,
    reply: `✅ Recorded: the case’s clock starts there. ${recordedText(arrival.at, env)}`,
  };
}
