import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case } from './case.js';
import { PUBLIC_WRITE_KINDS, type Effect } from './effects.js';

/** One forbidden text found in a public write. */
export interface Leak {
  /** Which part of the write (branch name, commit message, file path …). */
  field: string;
  /** What matched: the GHSA ID, the CVE ID, the summary or a configured word. */
  matched: string;
}

/**
 * Whether a term names this case alone (its GHSA ID, CVE ID or summary) or is generic (any
 * GHSA or CVE ID, a configured word): the leak watch treats the two differently.
 */
export type LeakTermKind = 'case' | 'generic';

/** A leak with where it starts in its text, for quoting the match. */
export interface LocatedLeak extends Leak {
  kind: LeakTermKind;
  /** A stable short name of the term (`ghsa-id`, `word:exploit`), for remembering alerts. */
  term: string;
  index: number;
  length: number;
}

interface Term {
  pattern: RegExp;
  label: string;
  kind: LeakTermKind;
  term: string;
}

const ID_TERMS: Term[] = [
  {
    pattern: /GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/i,
    label: 'a GHSA ID',
    kind: 'generic',
    term: 'any-ghsa-id',
  },
  { pattern: /CVE-\d{4}-\d{4,}/i, label: 'a CVE ID', kind: 'generic', term: 'any-cve-id' },
];

/**
 * Matches `needle` case-insensitively with every run of spaces, `_` and `-` standing for any
 * such run (`path-traversal` finds "path traversal" and `path_traversal`).
 */
function wordPattern(needle: string): RegExp {
  const parts = needle.split(/[\s_-]+/).map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(parts.join('[\\s_-]+'), 'i');
}

function termsOf(
  state: Pick<Case, 'ghsaId' | 'cve' | 'summary' | 'advisory'>,
  config: Pick<AdvisoryPilotConfig, 'leakWords'>,
): Term[] {
  const word = (needle: string, label: string, kind: LeakTermKind, term: string): Term => ({
    pattern: wordPattern(needle),
    label,
    kind,
    term,
  });
  return [
    ...ID_TERMS,
    ...(state.ghsaId ? [word(state.ghsaId, 'the GHSA ID', 'case', 'ghsa-id')] : []),
    ...(state.cve.id ? [word(state.cve.id, 'the CVE ID', 'case', 'cve-id')] : []),
    ...[...new Set([state.summary, state.advisory.summary])]
      .filter((s): s is string => Boolean(s && s.trim().length >= 8))
      .map((s) => word(s, 'the advisory summary', 'case', 'summary')),
    ...config.leakWords.map((w) =>
      word(w, `the configured word "${w}"`, 'generic', `word:${w.toLowerCase()}`),
    ),
  ];
}

/** The texts of an effect that become public when its target repository is public. */
export function publicTexts(effect: Effect): { field: string; text: string }[] {
  switch (effect.kind) {
    case 'create-branch':
      return [{ field: 'branch name', text: effect.branch }];
    case 'cut-release-branch':
      return [
        { field: 'branch name', text: effect.branch },
        { field: 'commit message', text: effect.message },
        ...effect.files.flatMap((f) => [
          { field: `file path ${f.path}`, text: f.path },
          { field: `file ${f.path}`, text: f.content },
        ]),
      ];
    case 'bump-versions':
      return [
        { field: 'branch name', text: effect.branch },
        { field: 'commit message', text: effect.message },
      ];
    case 'dispatch-workflow':
      return [
        { field: 'workflow ref', text: effect.ref },
        ...Object.entries(effect.inputs).map(([k, v]) => ({
          field: `workflow input ${k}`,
          text: `${k}=${v}`,
        })),
      ];
    case 'open-pull-request':
      return [
        { field: 'branch name', text: effect.branch },
        ...(effect.base ? [{ field: 'base branch name', text: effect.base }] : []),
        { field: 'pull request title', text: effect.title },
        { field: 'pull request body', text: effect.body },
        ...effect.files.flatMap((f) => [
          { field: `file path ${f.path}`, text: f.path },
          { field: `file ${f.path}`, text: f.content },
        ]),
      ];
    case 'quick-release':
      return [
        { field: 'branch name', text: effect.branch },
        { field: 'pull request title', text: effect.title },
        ...(effect.body ? [{ field: 'pull request body', text: effect.body }] : []),
        { field: 'CHANGELOG.md entry', text: effect.changelogEntry },
      ];
    default:
      return [];
  }
}

/**
 * Finds what would leak the advisory if written to a public repository before publication: any
 * GHSA or CVE ID, this case's IDs, its summary, and the configured words.
 * After publication nothing is secret, so the caller checks `isPublished` first.
 */
export function findLeaks(
  texts: readonly { field: string; text: string }[],
  state: Pick<Case, 'ghsaId' | 'cve' | 'summary' | 'advisory'>,
  config: Pick<AdvisoryPilotConfig, 'leakWords'>,
): Leak[] {
  return locateLeaks(texts, state, config).map(({ field, matched }) => ({ field, matched }));
}

/**
 * The same matches as {@link findLeaks}, each with its kind and where it first occurs, so a
 * reader of public text (the leak watch) can quote it and weigh it.
 */
export function locateLeaks(
  texts: readonly { field: string; text: string }[],
  state: Pick<Case, 'ghsaId' | 'cve' | 'summary' | 'advisory'>,
  config: Pick<AdvisoryPilotConfig, 'leakWords'>,
): LocatedLeak[] {
  const terms = termsOf(state, config);
  const leaks: LocatedLeak[] = [];
  const seen = new Set<string>();
  for (const { field, text } of texts) {
    for (const { pattern, label, kind, term } of terms) {
      const key = `${field}\u0000${label}`;
      if (seen.has(key)) continue;
      const found = pattern.exec(text);
      if (!found) continue;
      seen.add(key);
      leaks.push({
        field,
        matched: label,
        kind,
        term,
        index: found.index,
        length: found[0].length,
      });
    }
  }
  return leaks;
}

/** Leak check for effects: public-write effects against a public repo before publication. */
export function findEffectLeaks(
  effects: readonly Effect[],
  state: Case,
  config: Pick<AdvisoryPilotConfig, 'leakWords'>,
): Leak[] {
  if (state.repoPrivate || state.advisory.state === 'published') return [];
  return findLeaks(
    effects.filter((e) => PUBLIC_WRITE_KINDS.includes(e.kind)).flatMap(publicTexts),
    state,
    config,
  );
}

/** The refusal text for leaks: which field matched what, and that nothing was written. */
export function describeLeaks(leaks: readonly Leak[]): string {
  const lines = leaks.map((l) => `- ${l.field} contains ${l.matched}`);
  return `🛑 Refused by the leak guard: this would be written to a public repository before publication.\n${lines.join('\n')}\nNothing was written.`;
}
