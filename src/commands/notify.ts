import { addCalendarDays, localDate } from '../domain/clock.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { renderDisclosureEmail } from '../domain/render/disclosure-email.js';
import { pendingChange } from './item-helpers.js';
import { doneNow } from './item-helpers.js';

export const notifyCommand: CommandSpec = {
  name: 'notify',
  usage: '/notify | /notify sent',
  description:
    'Draft the customer disclosure email (patched version, production date, public disclosure date = today + lead days); `/notify sent` records that it went out (after /confirm).',
  whoCanUse: 'maintain',
  examples: ['/notify', '/notify sent'],
  run(argsText, env) {
    const { state, config } = env;
    const verb = argsText.trim().toLowerCase();
    if (!config.customerNotice)
      return refuse('This profile has no customer notice (`customerNotice: false`).');
    if (state.phase !== 'disclosure') {
      return refuse(
        state.phase === 'release' || !state.items.production
          ? 'Customers are notified once the patched version is on production (`/production`).'
          : `The disclosure step is past (phase **${state.phase}**).`,
      );
    }
    if (state.items['notice-sent']) return refuse('The customer notice was already sent.');
    const productionAt = state.release.productionAt ?? state.items.production?.at;
    if (!productionAt)
      return refuse('The patched version must be on production before customers are told.');
    if (verb === 'sent') {
      if (!state.disclosureDate) return refuse('Draft the notice first with `/notify`.');
      if (!state.items['date-confirmed'])
        return refuse(
          'Re-confirm the disclosure date with the reporter before sending (`/confirm-date`).',
        );
      return {
        ok: true,
        changes: [
          pendingChange(
            env,
            'notify-sent',
            '',
            'Customer notice marked sent (awaiting confirmation)',
          ),
        ],
        reply: `This records that the customer notice went out and that the advisory becomes public on **${state.disclosureDate}**. Type \`/confirm\` to record it or \`/cancel\`.`,
      };
    }
    if (verb)
      return refuse('Type `/notify` to draft the email or `/notify sent` once it went out.');
    const disclosureDate = localDate(
      addCalendarDays(env.now, config.sla.disclosureLeadDays, config.timeZone),
      config.timeZone,
    );
    const email = renderDisclosureEmail(
      state,
      { now: env.now, config },
      { productionAt, disclosureDate },
    );
    return {
      ok: true,
      changes: [
        {
          patch: { set: { disclosureDate } },
          note: `Customer notice drafted; public disclosure ${disclosureDate}`,
        },
      ],
      reply: `Customer notice drafted. Re-confirm the date with the reporter (\`/confirm-date\`), send it, then type \`/notify sent\`.\n\n**Subject:** ${email.subject}\n\n\`\`\`text\n${email.body}\n\`\`\``,
    };
  },
  confirms: 'notify-sent',
  confirm(_pending, env) {
    const { state } = env;
    return {
      ok: true,
      changes: [
        {
          patch: {
            set: {
              items: {
                'notice-sent': doneNow(env, `public disclosure ${state.disclosureDate ?? ''}`),
              },
              milestones: { notified: env.now.toISOString() },
            },
            unset: ['pending'],
          },
          note: 'Customer notice sent',
        },
      ],
      reply: `✅ Customer notice sent. The advisory can be published on **${state.disclosureDate ?? '?'}**.`,
    };
  },
};
