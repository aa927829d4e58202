import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case } from '../domain/case.js';
import { localDate } from '../domain/clock.js';
import type { CommandEnv } from '../domain/command-spec.js';
import { plannedDisclosure } from '../domain/embargo.js';

/**
 * What the embargo holds, in the words of the publish gates: the replies of `/embargo`,
 * `/exploited` and `/notify` say exactly what `/publish` will check.
 */
export function embargoHoldText(
  state: Pick<Case, 'exploited'>,
  config: AdvisoryPilotConfig,
): string {
  const notice = config.customerNotice
    ? ` and ${String(config.sla.disclosureLeadDays)} days after the customer notice is sent`
    : '';
  if (state.exploited)
    return `The case is exploited, so \`/publish\` does not wait for the embargo${config.customerNotice ? ' or the customer lead time' : ''}; it still waits for the patch on production.`;
  return `\`/publish\` waits for it unless the case is exploited (\`/exploited\`) or the reporter asks for an earlier date (\`/confirm-date DATE\`); after it, publication still waits for the patch on production${notice}.`;
}

/**
 * A sentence about the customer notice when a change moves its date: a draft is re-drafted by
 * `/notify`; a notice already sent promised a date the customers must hear again.
 */
export function redraftNote(before: Case, after: Case, env: CommandEnv): string {
  const { config } = env;
  if (!config.customerNotice || !before.disclosureDate) return '';
  const today = localDate(env.now, config.timeZone);
  const next = plannedDisclosure(after, config, today).date;
  if (next === before.disclosureDate) return '';
  return before.items['notice-sent']
    ? ` Customers were told ${before.disclosureDate}; the advisory now goes public on ${next}: tell them the new date.`
    : ` The drafted customer notice says ${before.disclosureDate}; with this change it would say ${next}: run \`/notify\` to draft it again.`;
}
