import type { Case } from '../case.js';
import { addCalendarDays, localDate } from '../clock.js';
import {
  cveOf,
  ghsaOf,
  isLogin,
  longDate,
  oneLine,
  productName,
  publicId,
  severityTitle,
  type RenderContext,
} from './context.js';
import { fillTemplate } from './template.js';

/**
 * The date the reporter is told to expect a fix: what the maintainer typed, else what the case
 * already promised, else the embargo end, else report + the configured embargo length. The
 * embargo is the outer bound the team has committed to, so it is never optimistic.
 */
export function expectedResolutionDate(
  state: Case,
  ctx: RenderContext,
  resolveBy?: string,
): string {
  const { config } = ctx;
  return (
    resolveBy ??
    state.resolveBy ??
    state.embargo?.date ??
    localDate(
      addCalendarDays(new Date(state.reportedAt), config.sla.embargoDays, config.timeZone),
      config.timeZone,
    )
  );
}

/**
 * The reply to the reporter the playbook asks for within the acknowledgement SLA: thanks, the
 * severity, the expected resolution date and a confidentiality reminder, plus what happens next
 * so the reporter does not have to ask. `config.templates.acknowledgement` replaces the text;
 * its placeholders are {summary} {severity} {score} {resolveBy} {resolveByDate} {product}
 * {ghsa} {cve} {id} {reporter}.
 */
export function renderAcknowledgement(
  state: Case,
  ctx: RenderContext,
  options: { resolveBy?: string } = {},
): string {
  const { config } = ctx;
  const resolveBy = expectedResolutionDate(state, ctx, options.resolveBy);
  const product = productName(state, config);
  const summary = oneLine(state.advisory.summary ?? state.summary, 300);
  const score = state.cvss ? state.cvss.score.toFixed(1) : undefined;
  const reporter = state.reporter && isLogin(state.reporter) ? state.reporter : undefined;

  const override = config.templates.acknowledgement;
  if (override) {
    return fillTemplate(override, {
      summary,
      severity: state.severity ?? 'not yet scored',
      score: score ?? 'not yet scored',
      resolveBy: longDate(resolveBy),
      resolveByDate: resolveBy,
      product,
      ghsa: ghsaOf(state) ?? 'not assigned',
      cve: cveOf(state) ?? 'not assigned yet',
      id: publicId(state) ?? 'not assigned yet',
      reporter: reporter ?? 'there',
    });
  }

  const severity = state.severity
    ? `${severityTitle(state.severity)}${score ? ` (CVSS 4.0 score ${score})` : ''}`
    : 'still being assessed; we will tell you as soon as it is scored';
  const status = state.items.reproduced
    ? 'We have reproduced it and are working on a fix.'
    : 'We are confirming it now and will come back to you if we need more details.';
  const steps = [
    'fix the issue in private',
    `release a patched version of ${product}`,
    ...(config.customerNotice
      ? [`give our customers ${String(config.sla.disclosureLeadDays)} days' notice`]
      : []),
    state.cve.waived
      ? 'publish the security advisory'
      : 'publish the security advisory with a CVE ID',
  ];
  const ids = [ghsaOf(state), cveOf(state)].filter((id): id is string => Boolean(id));

  return [
    `Hi ${reporter ?? 'there'},`,
    '',
    `Thank you for reporting “${summary}” to us privately. ${status}`,
    '',
    `- **Severity:** ${severity}`,
    `- **Expected resolution:** by ${longDate(resolveBy)}. If this date moves, we will tell you why.`,
    ...(ids.length > 0 ? [`- **Reference:** ${ids.join(', ')}`] : []),
    '',
    '**Please keep this confidential** until the coordinated disclosure date: do not share the details publicly or with third parties before then. We will confirm that date with you before anything is published; if you have a date of your own in mind, tell us now so we can plan around it.',
    '',
    `What happens next: we ${joinSteps(steps)}, crediting you unless you prefer otherwise. We will keep you updated at each step.`,
    '',
    'Thanks again,',
    `The ${product} security team`,
  ].join('\n');
}

function joinSteps(steps: readonly string[]): string {
  if (steps.length <= 1) return steps.join('');
  return `${steps.slice(0, -1).join(', ')}, and then ${steps[steps.length - 1] ?? ''}`;
}
