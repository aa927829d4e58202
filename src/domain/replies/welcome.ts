import { addBusinessDays, formatInstant } from '../clock.js';
import type { DecideContext } from '../decide-context.js';
import { neutralize } from '../neutralize.js';
import type { CaseOpened } from '../records.js';

/** The first reply on a new tracking issue: what arrived, the ack deadline, the first commands. */
export function renderWelcome(opened: CaseOpened, ctx: Pick<DecideContext, 'config'>): string {
  const { config } = ctx;
  const calendar = { timeZone: config.timeZone, holidays: config.holidays };
  const due = addBusinessDays(new Date(opened.reportedAt), config.sla.ackBusinessDays, calendar);
  const source =
    opened.source === 'manual'
      ? 'Report received by another channel (email, bug bounty)'
      : opened.draftBy
        ? `Draft advisory **${opened.ghsaId ?? ''}** on \`${opened.repo ?? ''}\`, created in GitHub by \`${opened.draftBy}\``
        : `Private vulnerability report **${opened.ghsaId ?? ''}** on \`${opened.repo ?? ''}\`${opened.reporter ? ` from \`${opened.reporter}\`` : ''}`;
  const next =
    opened.source === 'advisory'
      ? '`/reproduced` · `/scope in` · `/cvss <vector>` · `/ack`'
      : '`/reproduced` · `/scope in` · `/cvss <vector>` · `/ack` · then `/advisory create owner/repo` for the draft advisory';
  return [
    `${source}: ${neutralize(opened.summary, { maxLength: 300 })}`,
    '',
    `Reported ${formatInstant(new Date(opened.reportedAt), config.timeZone)}. Acknowledge within ${config.sla.ackBusinessDays} business days: **due ${formatInstant(due, config.timeZone)}**.`,
    '',
    `Triage: ${next}. Type \`/help\` for every command.`,
  ].join('\n');
}
