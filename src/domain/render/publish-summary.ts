import { plannedProducts, renderPackages } from '../advisory-copy.js';
import type { Case } from '../case.js';
import { neutralize } from '../neutralize.js';

/**
 * The pre-publish summary: the advisory exactly as GitHub will publish it (its copy as read at
 * the start of this job, people's edits included), and what the App adds to it.
 */
export function renderPublishSummary(state: Case): string {
  const copy = state.advisory.seen;
  const planned = plannedProducts(state);
  const vector = copy?.cvssVector ?? copy?.cvssV3Vector;
  const severity = copy?.severity
    ? `${copy.severity}${vector ? ` (\`${vector}\`)` : ' (no vector)'}`
    : 'none set on GitHub';
  const differs =
    state.severity && copy?.severity && state.severity !== copy.severity
      ? ` · the case says ${state.severity}`
      : '';
  const products = renderPackages(planned.packages);
  const lines = [
    `**Pre-publish summary** for ${state.ghsaId ?? 'the advisory'} on \`${state.repo ?? '?'}\`, as it will be published`,
    '',
    `- Title: ${neutralize(state.advisory.summary ?? state.summary, { maxLength: 300 })}`,
    `- Severity: ${severity}${differs}`,
    products.length > 0
      ? `- Affected:\n${products.map((p) => `  - ${p}`).join('\n')}`
      : '- Affected: none listed',
    `- CWEs: ${copy?.cweIds.join(', ') || 'none'}`,
    `- CVE: ${state.cve.id ?? (state.cve.waived ? 'waived' : 'none')}`,
  ];
  if (planned.filled.length > 0)
    lines.push(`- The App fills in ${planned.filled.join(' and ')}; nothing else is changed.`);
  return lines.join('\n');
}
