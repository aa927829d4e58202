import { packageProblems, plannedProducts } from './advisory-copy.js';
import type { Case } from './case.js';
import { localDate } from './clock.js';
import type { DecideContext } from './decide-context.js';
import { fixNotMergedReason } from './fixes.js';
import { neutralize } from './neutralize.js';
import { daysFrom, embargoOf, leadTimeEnds, noticeSentOn } from './embargo.js';
import type { AdvisoryPilotConfig } from '../config/schema.js';

/** One condition of publication, and whether it holds now. */
export interface Gate {
  label: string;
  ok: boolean;
  detail: string;
}

const SOONER =
  '`/exploited`, the reporter’s earlier date (`/confirm-date DATE`) or `/embargo DATE <reason>`';

/** The embargo holds publication until its end, unless a stated reason lets it go sooner. */
function embargoGate(state: Case, config: AdvisoryPilotConfig, today: string): Gate {
  const embargo = embargoOf(state, config);
  const label = 'Embargo';
  if (embargo.holdUntil === undefined)
    return {
      label,
      ok: true,
      detail: embargo.sooner
        ? `not holding: ${embargo.sooner}${embargo.end ? ` (ends ${embargo.end})` : ''}`
        : 'none set',
    };
  const ok = embargo.holdUntil <= today;
  const what = embargo.sooner
    ? `${embargo.sooner}${embargo.end ? ` (the embargo ends ${embargo.end})` : ''}`
    : `ends ${embargo.holdUntil}${embargo.set ? '' : ' (default)'}`;
  return {
    label,
    ok,
    detail: ok
      ? what
      : `${what}, ${daysFrom(today, embargo.holdUntil)}; sooner only with ${SOONER}`,
  };
}

/** Customers get the lead time counted from the day the notice was sent. */
function leadTimeGate(state: Case, config: AdvisoryPilotConfig, today: string): Gate {
  const lead = config.sla.disclosureLeadDays;
  const label = `Customer lead time (${String(lead)} days from the notice)`;
  if (state.exploited) return { label, ok: true, detail: 'not required: actively exploited' };
  const sent = noticeSentOn(state, config);
  if (!sent || !state.items['notice-sent'])
    return {
      label,
      ok: false,
      detail: 'customers not notified yet (`/notify`, then `/notify sent`)',
    };
  const ends = leadTimeEnds(state, config, today);
  const ok = ends <= today;
  return {
    label,
    ok,
    detail: `notice sent ${sent}; ${ok ? `elapsed ${ends}` : `ends ${ends}, ${daysFrom(today, ends)}`}`,
  };
}

/**
 * The publication gates of DESIGN §4: the fix is on the default branch, the patched version is
 * released, the metadata is complete, the CVE is assigned or waived (when the policy requires
 * one), the embargo has ended (or a stated reason lets it go sooner) and the customer lead time,
 * counted from the notice being sent, has elapsed (unless the vulnerability is exploited).
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
  // What GitHub would publish: its list of products (as people left it) with the App's fills.
  const planned = plannedProducts(state);
  const problems = packageProblems(planned.packages);
  gates.push({
    label: 'Affected products publishable',
    ok: problems.length === 0,
    detail:
      problems.length > 0
        ? `${problems.join('; ')} (fix it on GitHub or with \`/advisory range\`)`
        : `${String(planned.packages.length)} product(s)`,
  });
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
  gates.push(embargoGate(state, config, today));
  if (config.customerNotice) gates.push(leadTimeGate(state, config, today));
  return gates;
}

/** Renders gates as a checklist for the pre-publish summary. */
export function renderGates(gates: readonly Gate[]): string {
  return gates.map((g) => `- ${g.ok ? '✅' : '❌'} ${g.label}: ${g.detail}`).join('\n');
}
