import { parseDateArgument } from '../domain/clock.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';

export const remindCommand: CommandSpec = {
  name: 'remind',
  usage: '/remind <when> <text>',
  description:
    'Ask the App to remind the case owner (or the security team) at a date or after a delay.',
  whoCanUse: 'write',
  examples: [
    '/remind +2bd check the canary dashboards',
    '/remind 2026-12-01 ask the reporter about the retest',
  ],
  run(argsText, env) {
    const [when = '', ...rest] = argsText.trim().split(/\s+/);
    const text = rest.join(' ').trim();
    if (!when || !text)
      return refuse('Usage: `/remind <when> <text>`, e.g. `/remind +2bd check canary`.');
    const { config } = env;
    const parsed = parseDateArgument(
      when,
      env.now,
      { timeZone: config.timeZone, holidays: config.holidays },
      { past: 'reject' },
    );
    if (!parsed.ok) return refuse(parsed.error);
    if (env.state.planned.length >= 50)
      return refuse('This case already has 50 planned reminders; that is the limit.');
    const key = `custom:${env.commandKey}` as const;
    return {
      ok: true,
      changes: [
        {
          patch: {
            append: {
              planned: [
                {
                  key,
                  dueAt: parsed.date.toISOString(),
                  text: text.slice(0, 1000),
                  by: env.actor.login,
                },
              ],
            },
          },
          note: `Reminder planned for ${parsed.localDate}`,
        },
      ],
      reply: `⏰ Reminder set for **${parsed.localDate}**.`,
    };
  },
};
