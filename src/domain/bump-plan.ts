import { nextPatch, isPatchBump } from './versions.js';

/** One version file as the release reads it: at the last release and on the release branch. */
export interface VersionFileState {
  path: string;
  /** The "version" at the last release; undefined when the file did not exist there. */
  released: string | undefined;
  /** The "version" on the release branch now (after an earlier, interrupted run: maybe bumped). */
  current: string | undefined;
}

/** What happens to one version file. */
export type BumpStep =
  | { path: string; action: 'bump'; from: string; to: string }
  | { path: string; action: 'already'; to: string }
  | { path: string; action: 'skip'; why: string }
  | { path: string; action: 'refuse'; why: string };

/** The directory a version file describes (`packages/shared/` for `packages/shared/package.json`). */
export function packageDirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/**
 * The playbook's "patch-bump root package.json; bump packages/shared if touched": the first file
 * goes to the release's version, each other file one patch up within its own line (0.10.72 →
 * 0.10.73), and only when the fix changed a file in its directory.
 */
export function planBumps(
  files: readonly VersionFileState[],
  version: string,
  fixFiles: readonly string[],
): BumpStep[] {
  return files.map((file, index) => {
    const { path, released, current } = file;
    if (released === undefined) {
      return index === 0
        ? { path, action: 'refuse', why: `${path} does not exist at the last release` }
        : { path, action: 'skip', why: 'not in the last release' };
    }
    const dir = packageDirOf(path);
    if (index > 0 && !fixFiles.some((f) => f.startsWith(dir)))
      return { path, action: 'skip', why: `the fix does not touch ${dir}` };
    const to = index === 0 ? version : nextPatch(released);
    if (!to || !isPatchBump(released, to))
      return {
        path,
        action: 'refuse',
        why: `${path} is at ${released}; ${to ?? 'its next version'} is not a patch bump of it (security releases are patch releases only)`,
      };
    if (current === to) return { path, action: 'already', to };
    if (current !== released)
      return {
        path,
        action: 'refuse',
        why: `${path} is at ${current ?? 'no version'} on the release branch, not ${released} as in the last release`,
      };
    return { path, action: 'bump', from: released, to };
  });
}

/** Reads the top-level "version" of a package.json text; a reason when it has none. */
export function readVersionField(
  path: string,
  text: string,
): { ok: true; version: string } | { ok: false; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      ok: false,
      reason: `${path} is not valid JSON; fix the file or drop it from release.versionFiles`,
    };
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  return typeof version === 'string'
    ? { ok: true, version }
    : {
        ok: false,
        reason: `${path} has no "version" string; add one or drop it from release.versionFiles`,
      };
}
