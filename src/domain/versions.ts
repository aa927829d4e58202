import { inc, parse, valid } from 'semver';
import { neutralize } from './neutralize.js';

/** The next patch version (`0.71.0` → `0.71.1`), or undefined for a string that is not semver. */
export function nextPatch(version: string): string | undefined {
  const v = valid(version.replace(/^v/, ''));
  return v ? (inc(v, 'patch') ?? undefined) : undefined;
}

/**
 * Whether `to` is exactly a patch bump of `from`: same major and minor, a higher patch, no
 * pre-release. Security releases are never bundled with features, so nothing else is allowed.
 */
export function isPatchBump(from: string, to: string): boolean {
  const a = parse(from.replace(/^v/, ''));
  const b = parse(to.replace(/^v/, ''));
  if (!a || !b || b.prerelease.length > 0) return false;
  return a.major === b.major && a.minor === b.minor && b.patch > a.patch;
}

/** Why `version` cannot be a security patch release on its own, if it cannot. */
export function patchReleaseProblem(version: string, previous?: string): string | undefined {
  const v = parse(version.replace(/^v/, ''));
  // Shown in a reply: the typed text is neutralised so it cannot ping or link.
  if (!v)
    return `"${neutralize(version, { maxLength: 100 })}" is not a version; write it like 0.71.1`;
  if (v.prerelease.length > 0)
    return `${v.version} is a pre-release; a security release is a plain patch version`;
  if (previous !== undefined) {
    if (!isPatchBump(previous, v.version)) {
      return `${v.version} is not a patch bump of ${previous} (expected ${nextPatch(previous) ?? 'x.y.(z+1)'}); security fixes ship alone in a patch release`;
    }
  } else if (v.patch === 0) {
    return `${v.version} has patch number 0, so it is a minor or major release; security fixes ship alone in a patch release`;
  }
  return undefined;
}

/** The default vulnerable range for a patched version: everything before it. */
export function vulnerableRangeFor(patched: string): string {
  return `< ${patched.replace(/^v/, '')}`;
}
