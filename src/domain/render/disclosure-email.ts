import type { Case } from '../case.js';
import { strategyOf } from '../release-plan.js';
import { localDate } from '../clock.js';
import { workaroundsOf } from './advisory-description.js';
import {
  cveOf,
  ghsaOf,
  longDate,
  patchedVersionOf,
  plainSafe,
  productName,
  publicId,
  severityTitle,
  type RenderContext,
} from './context.js';
import { sentenceFragment } from './changelog-entry.js';
import { fillTemplate } from './template.js';

export interface DisclosureEmail {
  subject: string;
  body: string;
}

/**
 * The customer notice of the product playbook: sent after the patched version is on cloud
 * production and `disclosureLeadDays` before publication. The subject and the three central
 * lines are the playbook's; the mitigation comes from the advisory's "Workarounds" section so
 * customers and the advisory never disagree. `config.templates.disclosureEmail` replaces the
 * body (a first line `Subject: …` replaces the subject); placeholders: {product} {severity}
 * {id} {cve} {ghsa} {version} {summary} {score} {productionDate} {disclosureDate} {workaround}.
 */
export function renderDisclosureEmail(
  state: Case,
  ctx: RenderContext,
  dates: { productionAt: string; disclosureDate: string },
): DisclosureEmail {
  const { config } = ctx;
  const product = productName(state, config);
  const id = publicId(state) ?? 'the security advisory';
  const subjectVersion = patchedVersionOf(state) ?? 'the latest version';
  const rawVersion = state.release.version ?? state.advisory.patchedVersion;
  const version = rawVersion
    ? plainSafe(rawVersion.replace(/\s+/g, ' '), 100)
    : 'the latest version';
  const production = longDate(localDate(new Date(dates.productionAt), config.timeZone));
  const disclosure = longDate(dates.disclosureDate);
  const workaround = workaroundsOf(state.advisory.description);
  const mitigation = workaround ? plainSafe(workaround, 4000) : 'none';
  const summary = sentenceFragment(
    plainSafe((state.advisory.summary ?? state.summary).replace(/\s+/g, ' '), 300),
  );
  const score = state.cvss ? state.cvss.score.toFixed(1) : undefined;
  const subject = `[Security] ${product} ${severityTitle(state.severity)} advisory ${id} — patched in ${subjectVersion}`;

  const override = config.templates.disclosureEmail;
  if (override) {
    const filled = fillTemplate(override, {
      product,
      severity: state.severity ?? 'unscored',
      id,
      cve: cveOf(state) ?? id,
      ghsa: ghsaOf(state) ?? id,
      version,
      summary,
      score: score ?? 'unscored',
      productionDate: production,
      disclosureDate: disclosure,
      workaround: mitigation,
    });
    const match = /^Subject:[ \t]*(.*)\r?\n/.exec(filled);
    return match
      ? {
          subject: (match[1] ?? '').trim(),
          body: filled.slice(match[0].length).replace(/^\s*\n/, ''),
        }
      : { subject, body: filled };
  }

  const severityWords = state.severity ? `a ${state.severity}-severity` : 'a';
  const scoreWords = score ? ` (CVSS 4.0 score ${score})` : '';
  const published = cveOf(state) ?? `advisory ${id}`;
  const deployed =
    strategyOf(state, config) === 'hotfix'
      ? [
          `Cloud customers are already protected — the fix was deployed on ${production}.`,
          `Self-managed customers should upgrade to ${version} before ${disclosure}, when we'll publish ${published} on GitHub.`,
        ]
      : [
          `The fix was released on ${production}. Please upgrade to ${version} before ${disclosure}, when we'll publish ${published} on GitHub.`,
        ];
  const mitigationLines = mitigation.includes('\n')
    ? ['Mitigation if you cannot upgrade:', '', mitigation]
    : [`Mitigation if you cannot upgrade: ${mitigation}`];

  const body = [
    'Hello,',
    '',
    `We are writing to let you know about ${severityWords} security issue in ${product}: ${summary}${scoreWords}.`,
    '',
    ...deployed,
    '',
    ...mitigationLines,
    '',
    `Please keep this notice confidential until ${disclosure}. Reply to this email if you have questions or need help upgrading.`,
    '',
    `— The ${product} security team`,
  ].join('\n');
  return { subject, body };
}
