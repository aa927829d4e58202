import { createHash } from 'node:crypto';

const ADJECTIVES = [
  'brave',
  'calm',
  'clever',
  'eager',
  'fuzzy',
  'gentle',
  'happy',
  'lucky',
  'quiet',
  'rapid',
  'shiny',
  'silly',
  'swift',
  'tidy',
  'witty',
  'young',
];
const NOUNS = [
  'apples',
  'bees',
  'cats',
  'clouds',
  'donkeys',
  'falcons',
  'forks',
  'geese',
  'kiwis',
  'lamps',
  'moons',
  'owls',
  'pans',
  'rivers',
  'tigers',
  'waves',
];
const VERBS = [
  'dance',
  'drift',
  'hum',
  'jump',
  'laugh',
  'nap',
  'roll',
  'sing',
  'sleep',
  'smile',
  'swim',
  'talk',
  'tease',
  'wait',
  'wink',
  'yawn',
];

/**
 * A changeset file name in the changesets tool's adjective-noun-verb style, derived from a seed
 * so a rerun writes the same file, and revealing nothing about the advisory.
 */
export function changesetName(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const pick = (list: string[], byte: number | undefined) =>
    list[(byte ?? 0) % list.length] ?? list[0] ?? 'x';
  return `${pick(ADJECTIVES, digest[0])}-${pick(NOUNS, digest[1])}-${pick(VERBS, digest[2])}`;
}

/** A changeset bumping each package by a patch, with a deliberately neutral description. */
export function renderChangeset(packages: readonly string[]): string {
  const lines = packages.map((p) => `${JSON.stringify(p)}: patch`);
  const subject = packages.length === 1 ? (packages[0] ?? 'the package') : 'these packages';
  return `---\n${lines.join('\n')}\n---\n\nFixed an issue in ${subject}.\n`;
}

/** The neutral CHANGELOG.md section of a quick release (details follow with the advisory). */
export function renderQuickChangelogEntry(packageName: string, version: string): string {
  return `## ${version}\n\n### Patch Changes\n\n- Fixed an issue in ${packageName}.\n`;
}
