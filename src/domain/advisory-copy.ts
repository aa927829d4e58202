import { createHash } from 'node:crypto';
import { satisfies, valid, validRange } from 'semver';
import type { AdvisoryCopy, AdvisoryPackage } from './advisory-package.js';
import type { Case } from './case.js';
import type { AdvisoryWrite } from './effects.js';
import type { ObservedAdvisory } from './inputs.js';

/** GitHub's advisory ecosystems (`vulnerabilities[].package.ecosystem`). */
export const ECOSYSTEMS = [
  'rubygems',
  'npm',
  'pip',
  'maven',
  'nuget',
  'composer',
  'go',
  'rust',
  'erlang',
  'actions',
  'pub',
  'other',
  'swift',
] as const;

/** The affected products of an observed advisory (older readers: only the first one's fields). */
export function packagesOf(advisory: ObservedAdvisory): AdvisoryPackage[] {
  if (advisory.packages) return advisory.packages;
  if (!advisory.packageName) return [];
  return [
    {
      ecosystem: advisory.ecosystem ?? 'npm',
      name: advisory.packageName,
      ...(advisory.vulnerableVersionRange
        ? { vulnerableVersionRange: advisory.vulnerableVersionRange }
        : {}),
      ...(advisory.patchedVersions ? { patchedVersions: advisory.patchedVersions } : {}),
    },
  ];
}

/**
 * A digest of everything publication makes public: a confirmation is bound to it, so an edit in
 * GitHub's UI after the summary was shown is noticed before anything is published.
 */
export function fingerprintOf(advisory: ObservedAdvisory): string {
  // Not the state: publication itself must not count as an edit of what was confirmed.
  const shown = [
    advisory.summary,
    advisory.description ?? '',
    advisory.severity ?? '',
    advisory.cvssVector ?? '',
    advisory.cvssV3Vector ?? '',
    advisory.cveId ?? '',
    advisory.cweIds ?? [],
    packagesOf(advisory),
  ];
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 32);
}

/** GitHub's copy of the advisory, as the case keeps it. */
export function copyOf(advisory: ObservedAdvisory): AdvisoryCopy {
  return {
    fingerprint: fingerprintOf(advisory),
    ...(advisory.severity ? { severity: advisory.severity } : {}),
    ...(advisory.cvssVector ? { cvssVector: advisory.cvssVector } : {}),
    ...(advisory.cvssV3Vector ? { cvssV3Vector: advisory.cvssV3Vector } : {}),
    cweIds: advisory.cweIds ?? [],
    packages: packagesOf(advisory),
  };
}

const sameProduct = (a: AdvisoryPackage, b: AdvisoryPackage) =>
  a.ecosystem === b.ecosystem && (a.name ?? '').toLowerCase() === (b.name ?? '').toLowerCase();

/**
 * GitHub's list with the App's entries applied: an entry for a product already listed changes
 * only the fields the App sets (its vulnerable functions and other fields stay); a new product is
 * added at the end; no product is ever removed. List fields replace the whole list on GitHub,
 * so this is the list to write.
 */
export function mergePackages(
  current: readonly AdvisoryPackage[],
  writes: readonly AdvisoryPackage[],
): AdvisoryPackage[] {
  const merged = current.map((p) => ({ ...p }));
  for (const write of writes) {
    const found = merged.find((p) => sameProduct(p, write));
    if (found) Object.assign(found, write);
    else merged.push({ ...write });
  }
  return merged;
}

/** The REST body of a list of products. */
export function vulnerabilitiesWrite(
  packages: readonly AdvisoryPackage[],
): NonNullable<AdvisoryWrite['vulnerabilities']> {
  return packages.map((p) => ({
    package: { ecosystem: p.ecosystem, name: p.name ?? '' },
    ...(p.vulnerableVersionRange ? { vulnerable_version_range: p.vulnerableVersionRange } : {}),
    ...(p.patchedVersions ? { patched_versions: p.patchedVersions } : {}),
    ...(p.vulnerableFunctions ? { vulnerable_functions: p.vulnerableFunctions } : {}),
  }));
}

/** The products of a REST body (what an effect asks to write). */
export function packagesOfWrite(
  vulnerabilities: NonNullable<AdvisoryWrite['vulnerabilities']>,
): AdvisoryPackage[] {
  return vulnerabilities.map((v) => ({
    ecosystem: v.package.ecosystem,
    ...(v.package.name ? { name: v.package.name } : {}),
    ...(v.vulnerable_version_range ? { vulnerableVersionRange: v.vulnerable_version_range } : {}),
    ...(v.patched_versions ? { patchedVersions: v.patched_versions } : {}),
    ...(v.vulnerable_functions ? { vulnerableFunctions: v.vulnerable_functions } : {}),
  }));
}

/** GitHub ranges join comparators with commas (`>= 0.70.0, < 0.71.1`); semver with spaces. */
export function semverRange(range: string): string | null {
  return validRange(range.replace(/,/g, ' '));
}

/**
 * Why a list of products cannot be published as it stands, one reason per product: no products,
 * an unknown ecosystem, no package name, a range that is not one, or a patched version inside
 * its own vulnerable range.
 */
export function packageProblems(packages: readonly AdvisoryPackage[]): string[] {
  if (packages.length === 0)
    return ['it lists no affected product (`/advisory range "<range>" patched <version>`)'];
  return packages.flatMap((p) => {
    const label = `\`${p.name ?? '(no name)'}\` (${p.ecosystem})`;
    if (!(ECOSYSTEMS as readonly string[]).includes(p.ecosystem))
      return [`${label}: "${p.ecosystem}" is not an ecosystem GitHub knows`];
    if (!p.name) return [`${label}: the product has no package name`];
    if (!p.vulnerableVersionRange) return [`${label}: no vulnerable version range`];
    const range = semverRange(p.vulnerableVersionRange);
    if (p.ecosystem === 'npm' && !range)
      return [`${label}: "${p.vulnerableVersionRange}" is not a version range`];
    const patched = p.patchedVersions?.split(',').map((v) => v.trim()) ?? [];
    const inside = patched.filter((v) => range && valid(v) && satisfies(v, range));
    if (inside.length > 0)
      return [
        `${label}: the patched version ${inside.join(', ')} is inside the vulnerable range "${p.vulnerableVersionRange}"`,
      ];
    return [];
  });
}

/** One line per product, as the pre-publish summary shows it. */
export function renderPackages(packages: readonly AdvisoryPackage[]): string[] {
  return packages.map(
    (p) =>
      `\`${p.name ?? '(no name)'}\` (${p.ecosystem}) \`${p.vulnerableVersionRange ?? '(no range)'}\`, patched in ${p.patchedVersions ?? '(none)'}${p.vulnerableFunctions ? ` · functions: ${p.vulnerableFunctions.join(', ')}` : ''}`,
  );
}

/**
 * The products as they will be published: GitHub's list, with the case's own package added or
 * its empty fields filled (the vulnerable range, the patched version the release shipped). A
 * field someone set on GitHub is kept as it is. `filled` says what the App adds, for the summary.
 */
export function plannedProducts(state: Pick<Case, 'advisory' | 'release'>): {
  packages: AdvisoryPackage[];
  filled: string[];
} {
  const seen = state.advisory.seen?.packages ?? [];
  const name = state.advisory.packageName;
  const patched = state.advisory.patchedVersion ?? state.release.version;
  if (!name || !patched) return { packages: [...seen], filled: [] };
  const ecosystem = state.advisory.ecosystem ?? 'npm';
  const entry: AdvisoryPackage = { ecosystem, name };
  const existing = seen.find((p) => sameProduct(p, entry));
  const filled: string[] = [];
  if (!existing?.vulnerableVersionRange) {
    entry.vulnerableVersionRange = state.advisory.vulnerableVersionRange ?? `< ${patched}`;
    filled.push(`the vulnerable range of \`${name}\` (${entry.vulnerableVersionRange})`);
  }
  if (!existing?.patchedVersions) {
    entry.patchedVersions = patched;
    filled.push(`the patched version of \`${name}\` (${patched})`);
  }
  if (filled.length === 0) return { packages: [...seen], filled };
  return { packages: mergePackages(seen, [entry]), filled };
}
