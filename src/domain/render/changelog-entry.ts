import type { Case } from '../case.js';
import { localDate } from '../clock.js';
import {
  cveOf,
  ghsaOf,
  mdxSafe,
  monthYear,
  oneLine,
  patchedVersionOf,
  productName,
  publicId,
  type RenderContext,
} from './context.js';
import { fillTemplate } from './template.js';

/**
 * "Path traversal in …" becomes "path traversal in …" after "Fixed"; a first word that is an
 * acronym or a name with inner capitals ("XSS", "GitHub") keeps its case.
 */
export function sentenceFragment(summary: string): string {
  const text = summary.trim().replace(/[.!\s]+$/, '');
  const firstWord = text.split(/\s/, 1)[0] ?? '';
  if (/^[A-Z][a-z]*$/.test(firstWord) && firstWord !== 'I') {
    return text.charAt(0).toLowerCase() + text.slice(1);
  }
  return text;
}

/**
 * The changelog entry posted after publication. The `update-component` shape is the product
 * playbook's MDX `<Update>` block verbatim; `markdown` is a `## version` section for projects
 * whose CHANGELOG.md is plain Markdown. Before a CVE exists the GHSA ID stands in, so the entry
 * always names something a reader can look up.
 */
export function renderChangelogEntry(state: Case, ctx: RenderContext): string {
  const { config } = ctx;
  const id = publicId(state) ?? 'the security advisory';
  const version = patchedVersionOf(state);
  const summary = mdxSafe(sentenceFragment(oneLine(state.advisory.summary ?? state.summary, 300)));
  const label = monthYear(localDate(ctx.now, config.timeZone));
  const tags = [id, ...(state.severity ? [state.severity] : [])].join(', ');
  const upgrade = version
    ? `Upgrade to ${mdxSafe(version)} immediately.`
    : 'Upgrade to the latest version immediately.';
  const line = `Fixed ${summary} (${tags}). ${upgrade}`;

  const override = config.templates.changelogEntry;
  if (override) {
    return ensureNewline(
      fillTemplate(override, {
        label,
        month: label,
        id,
        cve: cveOf(state) ?? id,
        ghsa: ghsaOf(state) ?? id,
        summary,
        severity: state.severity ?? 'unscored',
        version: version ?? 'the latest version',
        patchedVersion: version ?? 'the latest version',
        product: productName(state, config),
        entry: line,
      }),
    );
  }

  if (config.changelog.format === 'markdown') {
    const heading = version ?? label;
    return `## ${heading}\n\n### Security\n\n- ${line}\n`;
  }
  return [
    `<Update label="${label}" description="Security advisory ${id}">`,
    '  ### Security',
    `  ${line}`,
    '</Update>',
    '',
  ].join('\n');
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
