import { strategyOf } from '../release-plan.js';
import {
  ADVISORY_DESCRIPTION_SECTIONS,
  type AdvisorySectionHeading,
} from '../advisory-metadata.js';
import type { Case } from '../case.js';
import { parseCvss4, type Cvss4Metrics } from '../cvss.js';
import { valid } from 'semver';
import {
  code,
  cveOf,
  ghsaOf,
  isLogin,
  isPlainToken,
  oneLine,
  patchedVersionOf,
  productName,
  severityTitle,
  type RenderContext,
} from './context.js';
import { fillTemplate } from './template.js';

const CANONICAL = ADVISORY_DESCRIPTION_SECTIONS.map((s) => s.heading);

/**
 * Texts that mean "nobody wrote this section yet": our own hints, the playbook's template
 * sentences (people paste them) and the hints of GitHub's private-report form.
 */
const PLACEHOLDERS = new Set(
  [
    ...ADVISORY_DESCRIPTION_SECTIONS.map((s) => s.guidance),
    'One paragraph plain-language explanation of the vulnerability — what it is, no exploit detail.',
    'What an attacker can achieve, what data or systems are at risk, and which versions and configurations are affected.',
    'The patched version and how to upgrade.',
    'Mitigations available to users who cannot upgrade immediately, or note that the only safe option is to upgrade.',
    'The fix commit (visible after publication), related CVEs or upstream advisories, and reporter credit.',
    'Short summary of the problem. Make the impact and severity as clear as possible. For example: An unsafe deserialization vulnerability allows any unauthenticated user to execute arbitrary code on the server.',
    'What kind of vulnerability is it? Who is impacted?',
  ].map(normalise),
);

function normalise(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[_*]+|[_*]+$/g, '')
    .trim()
    .toLowerCase();
}

/** Whether a section body holds nothing a person wrote (blank, comments only, or a template hint). */
export function isPlaceholderSection(body: string): boolean {
  const text = body.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim();
  return text === '' || PLACEHOLDERS.has(normalise(text));
}

interface Block {
  /** The canonical section this block is, when its heading is one of the five (level 2). */
  section?: AdvisorySectionHeading;
  /** The heading line as written, absent for the text before the first heading. */
  heading?: string;
  lines: string[];
}

const HEADING = /^ {0,3}(#{1,2})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*\r?$/;
const FENCE = /^ {0,3}(```|~~~)/;

/**
 * Splits a description at its level-1/2 headings, keeping every line as written, so joining the
 * blocks gives the original text back; headings inside code fences do not split.
 */
function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [{ lines: [] }];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const fenceMatch = FENCE.exec(line);
    const heading = fence === undefined && !fenceMatch ? HEADING.exec(line) : null;
    if (fenceMatch?.[1] !== undefined) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fence === fenceMatch[1]) fence = undefined;
    }
    if (heading) {
      const name = (heading[2] ?? '').trim().toLowerCase();
      const section =
        heading[1] === '##' ? CANONICAL.find((c) => c.toLowerCase() === name) : undefined;
      blocks.push({ heading: line, lines: [], ...(section ? { section } : {}) });
    } else {
      (blocks[blocks.length - 1] ?? { lines: [] }).lines.push(line);
    }
  }
  return blocks;
}

function joinBlocks(blocks: readonly Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.heading !== undefined) lines.push(block.heading);
    lines.push(...block.lines);
  }
  return lines.join('\n');
}

const ACCESS: Record<string, string> = {
  N: 'over the network',
  A: 'from an adjacent network',
  L: 'with local access',
  P: 'with physical access',
};
const PRIVILEGES: Record<string, string> = {
  N: 'without an account',
  L: 'with a low-privileged account',
  H: 'with an administrative account',
};
const INTERACTION: Record<string, string> = {
  N: 'without any user interaction',
  P: 'if a user merely views crafted content',
  A: 'only if a user is tricked into a specific action',
};

function impactOn(metrics: Cvss4Metrics, names: readonly ['VC' | 'SC', 'VI' | 'SI', 'VA' | 'SA']) {
  const properties = ['confidentiality', 'integrity', 'availability'] as const;
  const byLevel = new Map<string, string[]>();
  names.forEach((name, i) => {
    const level = { H: 'high', L: 'low', N: 'no' }[metrics[name]];
    byLevel.set(level, [...(byLevel.get(level) ?? []), properties[i] ?? '']);
  });
  return ['high', 'low', 'no']
    .filter((level) => byLevel.has(level))
    .map((level) => `${level} impact on ${joinAnd(byLevel.get(level) ?? [])}`)
    .join(', ');
}

function joinAnd(words: readonly string[]): string {
  if (words.length <= 2) return words.join(' and ');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

/**
 * What the CVSS vector already says about exploitation, in words. It is the part of "Impact"
 * the App can state truthfully; what the attacker gains in product terms is for a person to add.
 */
export function describeVector(vector: string): string | undefined {
  const parsed = parseCvss4(vector);
  if (!parsed.ok) return undefined;
  const m = parsed.metrics;
  const conditions = [
    m.AC === 'H'
      ? 'the attacker must defeat protective measures such as address-space randomisation'
      : '',
    m.AT === 'P'
      ? 'it depends on conditions the attacker does not control, such as a specific configuration or winning a race'
      : '',
  ].filter(Boolean);
  const how = `An attacker can exploit this ${ACCESS[m.AV] ?? ''}, ${PRIVILEGES[m.PR] ?? ''} and ${INTERACTION[m.UI] ?? ''}.`;
  const when = conditions.length ? ` Exploitation is harder because ${joinAnd(conditions)}.` : '';
  const vulnerable = `On the vulnerable system it has ${impactOn(m, ['VC', 'VI', 'VA'])}.`;
  const subsequent = [m.SC, m.SI, m.SA].some((v) => v !== 'N')
    ? ` On other systems it has ${impactOn(m, ['SC', 'SI', 'SA'])}.`
    : '';
  return `${how}${when} ${vulnerable}${subsequent}`;
}

/** The command that installs the patched version, for the ecosystems GitHub advisories know. */
function upgradeCommand(
  ecosystem: string | undefined,
  name: string,
  version: string,
): string | undefined {
  switch (ecosystem?.toLowerCase()) {
    case 'npm':
      return `npm install ${name}@${version}`;
    case 'pip':
      return `pip install --upgrade "${name}>=${version}"`;
    case 'rubygems':
      return `bundle update ${name} --conservative  # to ${version} or later`;
    case 'go':
      return `go get ${name}@v${version.replace(/^v/, '')}`;
    case 'rust':
      return `cargo update -p ${name} --precise ${version}`;
    case 'composer':
      return `composer require "${name}:^${version}"`;
    default:
      return undefined;
  }
}

/** Credits with a GitHub login link (no mention, so publication notifies nobody twice). */
function creditLine(credit: { login: string; type: string }): string {
  const who = isLogin(credit.login)
    ? `[@${credit.login}](https://github.com/${credit.login})`
    : oneLine(credit.login, 60);
  const type = oneLine(credit.type.replaceAll('_', ' '), 60);
  return type === 'reporter' || type === 'finder' ? `Reported by ${who}` : `${who} (${type})`;
}

/** The App's text for each section, or undefined when only a person can write it. */
function generatedSections(
  state: Case,
  ctx: RenderContext,
): Record<AdvisorySectionHeading, string | undefined> {
  const { config } = ctx;
  const product = productName(state, config);
  const summary = oneLine(state.advisory.summary ?? state.summary, 500).replace(/[.\s]+$/, '');
  const version = patchedVersionOf(state);
  const rawRange = state.advisory.vulnerableVersionRange;
  const range = rawRange ? code(rawRange) : undefined;
  const rawPkg = state.advisory.packageName;
  const subject = rawPkg ? code(rawPkg) : product;

  const affected =
    range && version
      ? ` It affects ${subject} versions ${range} and is fixed in ${version}.`
      : range
        ? ` It affects ${subject} versions ${range}.`
        : '';

  let impact: string | undefined;
  if (state.severity) {
    const score = state.cvss
      ? ` (CVSS 4.0 score ${state.cvss.score.toFixed(1)}, ${code(state.cvss.vector)})`
      : '';
    const words = state.cvss ? describeVector(state.cvss.vector) : undefined;
    impact = [
      `Severity: **${severityTitle(state.severity)}**${score}.`,
      ...(words ? ['', words] : []),
      ...(range ? ['', `Affected versions: ${subject} ${range}.`] : []),
      ...(state.exploited ? ['', 'This vulnerability is known to be exploited in the wild.'] : []),
    ].join('\n');
  }

  let patches: string | undefined;
  if (version) {
    const raw = state.release.version ?? state.advisory.patchedVersion ?? '';
    const command =
      rawPkg && isPlainToken(rawPkg) && valid(raw)
        ? upgradeCommand(state.advisory.ecosystem, rawPkg, raw)
        : undefined;
    const cloud =
      strategyOf(state, config) === 'hotfix'
        ? [
            '',
            `The cloud service already runs the fixed version. Self-hosted installations should upgrade to ${version} or later.`,
          ]
        : ['', `Upgrade ${subject} to ${version} or later.`];
    patches = [
      `Fixed in **${version}**.`,
      ...cloud,
      ...(command ? ['', '```sh', command, '```'] : []),
    ].join('\n');
  }

  const links: string[] = [];
  const ghsa = ghsaOf(state);
  const cve = cveOf(state);
  if (state.repo && ghsa) {
    links.push(`- [${ghsa}](https://github.com/${state.repo}/security/advisories/${ghsa})`);
  }
  if (cve) links.push(`- [${cve}](https://www.cve.org/CVERecord?id=${cve})`);
  if (state.repo) {
    for (const fix of state.fixes.slice(0, 10)) {
      const sha = fix.merged?.commits.at(-1) ?? fix.sha;
      links.push(`- Fix: https://github.com/${state.repo}/commit/${sha}`);
    }
  }
  links.push(...state.credits.slice(0, 20).map((c) => `- ${creditLine(c)}`));

  return {
    Summary: `${summary}.${affected}`,
    Impact: impact,
    Patches: patches,
    Workarounds: undefined,
    References: links.length ? links.join('\n') : undefined,
  };
}

function hint(heading: AdvisorySectionHeading): string {
  const guidance = ADVISORY_DESCRIPTION_SECTIONS.find((s) => s.heading === heading)?.guidance;
  return `<!-- ${guidance ?? ''} -->`;
}

/**
 * The advisory description with the playbook's five sections. Text people wrote is sacred: a
 * section that already has human text is kept byte for byte, and so is everything outside the
 * five sections. Only empty or hint-only sections are (re)filled, so running `/draft` again after
 * the patched version is known completes "Patches" without touching the rest, and a second run
 * with nothing new returns the same text (the caller skips the API write).
 * `config.templates.advisoryDescription` is the starting text of a new description; its
 * placeholders are {summary} {severity} {score} {vector} {range} {version} {package} {product}
 * {ghsa} {cve}.
 */
export function renderAdvisoryDescription(
  state: Case,
  ctx: RenderContext,
  existing?: string,
): string {
  const generated = generatedSections(state, ctx);
  const fillFor = (section: AdvisorySectionHeading): string => generated[section] ?? hint(section);

  let base = existing ?? '';
  if (base.trim() === '' && ctx.config.templates.advisoryDescription) {
    base = fillTemplate(ctx.config.templates.advisoryDescription, {
      summary: oneLine(state.advisory.summary ?? state.summary, 500),
      severity: state.severity ?? 'unscored',
      score: state.cvss?.score.toFixed(1) ?? 'unscored',
      vector: state.cvss ? oneLine(state.cvss.vector, 200) : 'unscored',
      range: state.advisory.vulnerableVersionRange
        ? oneLine(state.advisory.vulnerableVersionRange, 100)
        : 'unknown',
      version: patchedVersionOf(state) ?? 'not released yet',
      package: state.advisory.packageName ? oneLine(state.advisory.packageName, 100) : 'unknown',
      product: productName(state, ctx.config),
      ghsa: ghsaOf(state) ?? 'not assigned',
      cve: cveOf(state) ?? 'not assigned',
    });
  }
  if (base.trim() === '') {
    return CANONICAL.map((section) => `## ${section}\n${fillFor(section)}\n`).join('\n');
  }

  const blocks = splitBlocks(base);
  const seen = new Set<AdvisorySectionHeading>();
  for (const block of blocks) {
    if (!block.section || seen.has(block.section)) continue;
    seen.add(block.section);
    if (!isPlaceholderSection(block.lines.join('\n'))) continue;
    const filled = generated[block.section];
    if (filled === undefined) continue;
    const trailingBlank =
      block.lines.length > 0 && block.lines[block.lines.length - 1]?.trim() === '';
    block.lines = [...filled.split('\n'), ...(trailingBlank ? [''] : [])];
  }
  // Missing sections go before the first present section that follows them in canonical order.
  CANONICAL.forEach((section, rank) => {
    if (seen.has(section)) return;
    const later = blocks.findIndex(
      (b) => b.section !== undefined && CANONICAL.indexOf(b.section) > rank,
    );
    const block: Block = {
      section,
      heading: `## ${section}`,
      lines: [...fillFor(section).split('\n'), ''],
    };
    const at = later < 0 ? blocks.length : later;
    const before = blocks[at - 1];
    if (before) {
      const last = before.lines[before.lines.length - 1];
      if (before.lines.length === 0 ? before.heading !== undefined : last?.trim() !== '') {
        before.lines.push('');
      }
    }
    blocks.splice(at, 0, block);
    seen.add(section);
  });
  return joinBlocks(blocks);
}

/**
 * The "Workarounds" text people wrote, for the customer email's mitigation line; undefined when
 * the section is missing or still a placeholder.
 */
export function workaroundsOf(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const block = splitBlocks(description).find((b) => b.section === 'Workarounds');
  if (!block) return undefined;
  const body = block.lines.join('\n');
  if (isPlaceholderSection(body)) return undefined;
  return body.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim();
}
