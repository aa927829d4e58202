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

const ID_PATTERNS: [RegExp, string][] = [
  [/GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/i, 'a GHSA ID'],
  [/CVE-\d{4}-\d{4,}/i, 'a CVE ID'],
];

function normalise(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, ' ');
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
        { field: 'CHANGELOG.md entry', text: effect.changelogEntry },
      ];
    default:
      return [];
  }
}

/**
 * Finds what would leak the advisory if written to a public repository before publication: any
 * GHSA or CVE ID, this case's IDs, its summary (or a long run of it), and the configured words.
 * After publication nothing is secret, so the caller checks `isPublished` first.
 */
export function findLeaks(
  texts: readonly { field: string; text: string }[],
  state: Pick<Case, 'ghsaId' | 'cve' | 'summary' | 'advisory'>,
  config: Pick<AdvisoryPilotConfig, 'leakWords'>,
): Leak[] {
  const leaks: Leak[] = [];
  const words = [
    ...(state.ghsaId ? [[state.ghsaId, 'the GHSA ID']] : []),
    ...(state.cve.id ? [[state.cve.id, 'the CVE ID']] : []),
    ...[state.summary, state.advisory.summary]
      .filter((s): s is string => Boolean(s && s.trim().length >= 8))
      .map((s) => [s, 'the advisory summary']),
    ...config.leakWords.map((w) => [w, `the configured word "${w}"`]),
  ] as [string, string][];
  for (const { field, text } of texts) {
    const haystack = normalise(text);
    for (const [pattern, label] of ID_PATTERNS) {
      if (pattern.test(text)) leaks.push({ field, matched: label });
    }
    for (const [needle, label] of words) {
      if (haystack.includes(normalise(needle))) leaks.push({ field, matched: label });
    }
  }
  return dedupe(leaks);
}

function dedupe(leaks: Leak[]): Leak[] {
  const seen = new Set<string>();
  return leaks.filter((l) => {
    const key = `${l.field}\u0000${l.matched}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
