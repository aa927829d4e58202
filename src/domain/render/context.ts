import type { AdvisoryPilotConfig } from '../../config/schema.js';
import type { Case, Severity } from '../case.js';
import { neutralize } from '../neutralize.js';

/** What every renderer needs besides the case: the clock and the configuration. */
export interface RenderContext {
  now: Date;
  config: AdvisoryPilotConfig;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * The product's name in texts people outside the team read; the repository name is a fair
 * fallback because that is what customers install.
 */
export function productName(state: Pick<Case, 'repo'>, config: AdvisoryPilotConfig): string {
  if (config.productName) return config.productName;
  const name = state.repo?.split('/')[1];
  return name ? neutralize(name, { maxLength: 100 }) : 'the product';
}

/** The identifier the public knows the advisory by: the CVE once assigned, else the GHSA ID. */
export function publicId(state: Pick<Case, 'cve' | 'ghsaId'>): string | undefined {
  return cveOf(state) ?? ghsaOf(state);
}

/**
 * The assigned CVE ID. IDs come from GitHub, but they land in links, MDX attributes and file
 * names, so anything not shaped like one is treated as absent.
 */
export function cveOf(state: Pick<Case, 'cve'>): string | undefined {
  const id = state.cve.id;
  return id && /^CVE-\d{4}-\d{4,}$/.test(id) ? id : undefined;
}

/** The GHSA ID, when it has the shape GitHub gives it (see {@link cveOf}). */
export function ghsaOf(state: Pick<Case, 'ghsaId'>): string | undefined {
  const id = state.ghsaId;
  return id && /^GHSA(?:-[0-9a-z]{4}){3}$/i.test(id) ? id : undefined;
}

/** "High" for headings and subjects; the lower-case form reads better inside sentences. */
export function severityTitle(severity: Severity | undefined): string {
  if (!severity) return 'Unscored';
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

/**
 * User text squeezed onto one line and neutralised: renderers put summaries inside sentences,
 * table cells and list items, where a newline would break the structure around them.
 */
export function oneLine(text: string, maxLength: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return neutralize(flat, { maxLength });
}

/**
 * User text for plain-text destinations (an email, YAML front matter) that the App also shows
 * inside a code block: Markdown escapes would show there as backslashes, so the text stays as
 * typed, and only what a raw-text scanner or a Markdown renderer could still act on is broken
 * with an invisible zero-width space: comment marks, mentions, link and image brackets, task
 * boxes. Fence lines are dropped so the text cannot close the block it is shown in.
 */
export function plainSafe(text: string, maxLength: number): string {
  const ZWSP = '\u200b';
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => !/^\s*(```|~~~)/.test(line))
    .join('\n')
    .replace(/<!--/g, `<!${ZWSP}--`)
    .replace(/--(?=>)/g, `--${ZWSP}`)
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWSP}`)
    .replace(/\]\(/g, `]${ZWSP}(`)
    .replace(/\[([ xX])\]/g, `[${ZWSP}$1]`)
    .trim();
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1).trimEnd()}…` : cleaned;
}

/** One-line user text that is also safe inside a Markdown table cell. */
export function cell(text: string, maxLength: number): string {
  return oneLine(text, maxLength).replaceAll('|', '\\|');
}

/**
 * MDX treats `<` as JSX and `{` as an expression, so a summary like "XSS via <svg> in {name}"
 * would break the docs build; the entities and escapes below render the same in plain Markdown.
 */
export function mdxSafe(text: string): string {
  return text
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('{', '\\{')
    .replaceAll('}', '\\}');
}

/** The patched version as the release phase knows it, else as the advisory states it. */
export function patchedVersionOf(state: Pick<Case, 'release' | 'advisory'>): string | undefined {
  const version = state.release.version ?? state.advisory.patchedVersion;
  return version ? oneLine(version, 100) : undefined;
}

/**
 * "19 January 2027": unambiguous for readers on both sides of the Atlantic, and independent of
 * the runtime's ICU data so golden files do not drift between machines.
 */
export function longDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number);
  return `${String(d ?? 1)} ${MONTHS[(m ?? 1) - 1] ?? ''} ${String(y ?? 1970)}`;
}

/** "November 2026", the label of a changelog `<Update>` block. */
export function monthYear(localDate: string): string {
  const [y, m] = localDate.split('-').map(Number);
  return `${MONTHS[(m ?? 1) - 1] ?? ''} ${String(y ?? 1970)}`;
}

/** "1 day", "3 days": countdowns read badly with "1 days". */
export function plural(n: number, unit: string): string {
  return `${String(n)} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * Wraps the slash-commands inside a checklist item's `how` ("report accepted or /advisory
 * create") in code spans, so the reader sees exactly what to type and what is prose.
 */
export function codeCommands(how: string): string {
  return how.replace(
    /\/[a-z][a-z-]*(?: (?:<[^>]+>|\[[^\]]+\]|--[a-z-]+(?: <[^>]+>)?|in|out|ok|sent|create|skip|waive|extend|confirm|write))*/g,
    (command) => `\`${command}\``,
  );
}

/** A login that GitHub would accept, so it can be linked or mentioned without neutralising. */
export function isLogin(text: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/.test(text);
}

/**
 * Package names, versions, ranges, vectors and branch names as people copy them: shown exactly
 * as written when they look like one (a zero-width character would break the copy), neutralised
 * like any other user text when they do not.
 */
export function isPlainToken(text: string): boolean {
  return /^(?:@[a-z0-9][\w.-]*\/)?[\w.~^<>=*+:/, -]{1,200}$/i.test(text) && !text.includes('//');
}

/**
 * A code span for an identifier-like user value (see {@link isPlainToken}); anything else is
 * shown as neutralised text, because a code span hides nothing from a parser that scans the raw
 * comment for hidden markers.
 */
export function code(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return isPlainToken(flat) ? `\`${flat}\`` : oneLine(flat, 200);
}

/**
 * A GitHub login as plain text: a real login (no `@`, only letters, digits, hyphens and an
 * optional `[bot]`) cannot mention or link anyone, so it is shown as is; anything else is
 * neutralised like other user text.
 */
export function person(login: string): string {
  return isLogin(login) ? login : oneLine(login, 40);
}
