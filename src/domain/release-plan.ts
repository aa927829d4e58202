import { parse } from 'semver';
import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case } from './case.js';

/** A release tag from the configured pattern (`v{version}`, `{package}@{version}`). */
export function renderTag(
  pattern: string,
  version: string,
  packageName: string | undefined,
): string {
  return pattern.replaceAll('{version}', version).replaceAll('{package}', packageName ?? '');
}

/** MAJOR.MINOR of a version: the release line it belongs to. */
export function lineOf(version: string): string {
  const v = parse(version);
  return v ? `${String(v.major)}.${String(v.minor)}` : version;
}

/**
 * The version a patch release patches: what the advisory says came before, else the previous
 * patch of the same line (0.71.1 → 0.71.0). Undefined for a `.0` version, which patches nothing.
 */
export function previousRelease(
  version: string,
  state: Pick<Case, 'advisory'>,
): string | undefined {
  if (state.advisory.previousVersion) return state.advisory.previousVersion.replace(/^v/, '');
  const v = parse(version);
  if (!v || v.patch === 0) return undefined;
  return `${String(v.major)}.${String(v.minor)}.${String(v.patch - 1)}`;
}

/** The package a release is for: the advisory's, else the first configured one. */
export function releasePackage(
  state: Pick<Case, 'advisory'>,
  config: Pick<AdvisoryPilotConfig, 'release'>,
): string | undefined {
  return state.advisory.packageName ?? config.release.packages[0];
}

/**
 * What the release branch is cut from: the ref a maintainer named with `--from`, else the tag of
 * the last release of the line being patched.
 */
export function releaseBase(
  version: string,
  state: Pick<Case, 'advisory'>,
  config: Pick<AdvisoryPilotConfig, 'release'>,
  from: string | undefined,
): { ok: true; from: string } | { ok: false; reason: string } {
  if (from) return { ok: true, from };
  const previous = previousRelease(version, state);
  if (!previous)
    return {
      ok: false,
      reason: `${version} patches no earlier release of its line; name the release to cut from with \`--from <tag|branch|sha>\``,
    };
  return { ok: true, from: renderTag(config.release.tag, previous, releasePackage(state, config)) };
}

/** Where a tag pattern puts the version: the version a tag names, if it matches the pattern. */
export function versionOfTag(
  pattern: string,
  tag: string,
  packageName: string | undefined,
): string | undefined {
  const [before = '', after = ''] = renderTag(pattern, '\u0000', packageName).split('\u0000');
  if (!tag.startsWith(before) || !tag.endsWith(after) || tag.length <= before.length + after.length)
    return undefined;
  const version = tag.slice(before.length, tag.length - after.length);
  return parse(version) ? version : undefined;
}

/** The case's release strategy: what `/release --strategy` chose, else the configuration's. */
export function strategyOf(
  state: Pick<Case, 'release'>,
  config: Pick<AdvisoryPilotConfig, 'release'>,
): 'hotfix' | 'changesets' | 'quick' {
  return state.release.strategy ?? config.release.strategy;
}
