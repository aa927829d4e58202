/**
 * Every hidden marker the App writes into GitHub text, in one place. A marker is an HTML comment:
 * invisible when rendered, kept verbatim by GitHub. Only the App's own signed markers carry facts;
 * the others are locators or keys.
 */

/** Makes an issue a tracking issue: `<!-- advisory-pilot:case owner/repo GHSA-… -->` (a locator). */
export const CASE_MARKER_PATTERN = /<!-- advisory-pilot:case (\S+) (\S+) -->/;

/** The case marker of a product repository and GHSA ID (`manual` / `none` before they are known). */
export function caseMarkerText(repo: string | undefined, ghsaId: string | undefined): string {
  return `<!-- advisory-pilot:case ${repo ?? 'manual'} ${ghsaId ?? 'none'} -->`;
}

/** The App-owned part of a tracking issue's body (status section, case log and case file). */
export const STATUS_START = '<!-- advisory-pilot:status:start -->';
export const STATUS_END = '<!-- advisory-pilot:status:end -->';

/** The signed case file (state v2) inside the App-owned part of the body. */
export const CASE_FILE_OPEN = '<!-- advisory-pilot:case-file ';
export const CASE_FILE_CLOSE = ' -->';

/** The signed reference a reply carries: the job it answers and the effects it completed. */
export const REPLY_REF_OPEN = '<!-- advisory-pilot:reply ';
export const REPLY_REF_CLOSE = ' -->';

/** A v1 state record (signed, one per decision, in every App comment); read only to migrate. */
export const RECORD_V1_OPEN = '<!-- advisory-pilot:record ';

/** The key after a checklist box, mapping a tick back to its item even if the label changes. */
export function itemKey(itemId: string): string {
  return `<!-- item:${itemId} -->`;
}

/** A checklist box with its key, as a human may have ticked it. */
export const ITEM_BOX_PATTERN = /^\s*[-*] \[([ xX])\] .*<!-- item:([a-z0-9-]+) -->/gm;

/** The pinned dashboard issue of a tracking repository. */
export const DASHBOARD_MARKER = '<!-- advisory-pilot:dashboard -->';
