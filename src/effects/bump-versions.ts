import type { Effect } from '../domain/effects.js';
import { isPatchBump } from '../domain/versions.js';
import type { GitHubPort } from '../github/port.js';
import { EffectRefused } from './errors.js';

type BumpEffect = Extract<Effect, { kind: 'bump-versions' }>;

/** Replaces the top-level "version" value in package.json text, keeping its formatting. */
export function replaceVersion(text: string, version: string): string {
  return text.replace(/("version"\s*:\s*")[^"]*(")/, `$1${version}$2`);
}

/**
 * Patch-bumps the configured version files on the release branch in one commit. The root file
 * must exist; other files are bumped when present (the fix touched them). A file already at the
 * target version is left alone, so a rerun continues; anything but a patch bump is refused.
 */
export async function bumpVersionFiles(github: GitHubPort, effect: BumpEffect): Promise<void> {
  const changed: { path: string; content: string }[] = [];
  for (const [index, path] of effect.paths.entries()) {
    const file = await github.getFile(effect.repo, path, effect.branch);
    if (!file) {
      if (index === 0)
        throw new EffectRefused(`version file ${path} does not exist on ${effect.branch}`);
      continue;
    }
    let current: unknown;
    try {
      current = (JSON.parse(file.content) as { version?: unknown }).version;
    } catch {
      throw new EffectRefused(`version file ${path} is not valid JSON`);
    }
    if (typeof current !== 'string')
      throw new EffectRefused(`version file ${path} has no "version" string`);
    if (current === effect.version) continue;
    if (!isPatchBump(current, effect.version)) {
      throw new EffectRefused(
        `${path} is at ${current}; ${effect.version} is not a patch bump of it (security releases are patch releases only)`,
      );
    }
    changed.push({ path, content: replaceVersion(file.content, effect.version) });
  }
  if (changed.length > 0)
    await github.commitFiles(effect.repo, effect.branch, effect.message, changed);
}
