import type { AdvisoryPilotConfig } from '../config/schema.js';
import { localDate } from '../domain/clock.js';
import { plannedDisclosure } from '../domain/embargo.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { renderDisclosureEmail } from '../domain/render/disclosure-email.js';
import { pendingChange } from './item-helpers.js';
import { doneNow } from './item-helpers.js';

type Plan = ReturnType<typeof plannedDisclosure>;

/** Why the notice names its date: the embargo, the reporter's date or the lead time. */
function whyThisDate(plan: Plan, config: AdvisoryPilotConfig, today: string): string {
  const lead = `${String(config.sla.disclosureLeadDays)} days from today`;
  const hold = plan.embargo.holdUntil;
  if (!hold || plan.date !== hold || hold === today)
    return plan.embargo.sooner === 'actively exploited'
      ? 'as soon as it is sent (exploited)'
      : lead;
  return plan.embargo.sooner ? plan.embargo.sooner : `the embargo end (${hold})`;
}

/** The warning when the lead time pushes publication past the embargo end. */
function overrunWarning(plan: Plan): string {
  if (plan.overrun === 0 || !plan.embargo.end) return '';
  return ` ⚠️ That is ${String(plan.overrun)} day${plan.overrun === 1 ? '' : 's'} after the embargo end (${plan.embargo.end}): tell the reporter, or move the embargo with \`/embargo DATE <reason>\`.`;
}

export const notifyCommand: CommandSpec = {
  name: 'notify',
  usage: '/notify | /notify sent',
  description:
    'Draft the customer disclosure email (patched version, production date, public disclosure date: the embargo end, or the lead time from sending when that is later); `/notify sent` records that it went out (after /confirm), and the lead time counts from then.',
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
    const today = localDate(env.now, config.timeZone);
    const plan = plannedDisclosure(state, config, today);
    const disclosureDate = plan.date;
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
      reply: `Customer notice drafted: public disclosure on **${disclosureDate}**, ${whyThisDate(plan, config, today)}.${overrunWarning(plan)} Re-confirm the date with the reporter (\`/confirm-date\`), send the notice, then type \`/notify sent\`: the ${String(config.sla.disclosureLeadDays)} days count from the day it is sent (send it later and the date moves; \`/notify\` drafts it again).\n\n**Subject:** ${email.subject}\n\n\`\`\`text\n${email.body}\n\`\`\``,
    };
  },
  confirms: 'notify-sent',
  confirm(_pending, env) {
    const { state, config } = env;
    const sentAt = env.now.toISOString();
    const today = localDate(env.now, config.timeZone);
    const sent = { ...state, milestones: { ...state.milestones, notified: sentAt } };
    const date = plannedDisclosure(sent, config, today).date;
    const moved = state.disclosureDate !== undefined && date !== state.disclosureDate;
    return {
      ok: true,
      changes: [
        {
          patch: {
            set: {
              items: {
                'notice-sent': doneNow(env, `public disclosure ${date}`),
              },
              milestones: { notified: sentAt },
              disclosureDate: date,
            },
            unset: ['pending'],
          },
          note: moved
            ? `Customer notice sent; public disclosure ${state.disclosureDate ?? ''} → ${date} (the lead time counts from sending)`
            : 'Customer notice sent',
        },
      ],
      reply: moved
        ? `✅ Customer notice sent. It says ${state.disclosureDate ?? '?'}, but the ${String(config.sla.disclosureLeadDays)} days count from today, so the advisory can be published on **${date}**, not before: tell customers the new date.`
        : `✅ Customer notice sent. The advisory can be published on **${date}**, ${String(config.sla.disclosureLeadDays)} days from today.`,
    };
  },
};
