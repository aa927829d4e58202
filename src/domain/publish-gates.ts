import type { Case } from './case.js';
import { localDate } from './clock.js';
import type { DecideContext } from './decide-context.js';
import { fixNotMergedReason } from './fixes.js';
import { neutralize } from './neutralize.js';

/** One condition of publication, and whether it holds now. */
export interface Gate {
  label: string;
  ok: boolean;
  detail: string;
}

/**
 * The publication gates of DESIGN §4: the patched version is released, the metadata is complete,
 * the CVE is assigned or waived (when the policy requires one), and the customer lead time has
 * elapsed — unless the vulnerability is exploited or the reporter set an earlier date.
 */
export function publishGates(state: Case, ctx: Pick<DecideContext, 'now' | 'config'>): Gate[] {
  const { config } = ctx;
  const today = localDate(ctx.now, config.timeZone);
  const unmerged = fixNotMergedReason(state);
  const gates: Gate[] = [
    {
      label: 'Fix merged into the default branch',
      ok: unmerged === undefined,
      detail: unmerged ?? `${String(state.fixes.length)} fix(es) on the default branch`,
    },
    {
      label: 'Patched version released',
      ok: Boolean(state.items.production),
      detail: state.items.production
        ? `${state.release.version ?? state.advisory.patchedVersion ?? ''} on production`
        : 'not on production yet (`/production`)',
    },
    {
      label: 'Advisory metadata complete',
      ok: Boolean(state.items.metadata),
      detail: state.items.metadata ? 'validated by /draft' : 'run `/draft`',
    },
  ];
  const cveOk = config.cve.policy === 'optional' || Boolean(state.cve.id ?? state.cve.waived);
  gates.push({
    label: 'CVE assigned or waived',
    ok: cveOk,
    detail:
      state.cve.id ??
      (state.cve.waived
        ? `waived: ${neutralize(state.cve.waived, { maxLength: 300 })}`
        : config.cve.policy === 'optional'
          ? 'none (optional)'
          : 'pending — wait for the assignment or `/cve waive <reason>`'),
  });
  if (config.customerNotice) {
    const early = state.exploited
      ? 'actively exploited'
      : state.reporterDate && state.reporterDate <= today
        ? `reporter's date ${state.reporterDate}`
        : undefined;
    const elapsed = Boolean(state.disclosureDate && state.disclosureDate <= today);
    gates.push({
      label: `Customer lead time (${config.sla.disclosureLeadDays} days) elapsed`,
      ok:
        elapsed ||
        early !== undefined ||
        !!(state.items['notice-sent'] && config.sla.disclosureLeadDays === 0),
      detail: early
        ? `not required: ${early}`
        : state.disclosureDate
          ? `disclosure date ${state.disclosureDate}${elapsed ? '' : ` (today is ${today})`}`
          : 'customers not notified yet (`/notify`)',
    });
  }
  return gates;
}

/** Renders gates as a checklist for the pre-publish summary. */
export function renderGates(gates: readonly Gate[]): string {
  return gates.map((g) => `- ${g.ok ? '✅' : '❌'} ${g.label}: ${g.detail}`).join('\n');
}
