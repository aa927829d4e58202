import { parseConfig, type ConfigResult } from './parse-config.js';

/** The file name under `.github/` that holds the App's configuration. */
export const CONFIG_FILE = 'advisory-pilot.yml';

/** What loading needs from a Probot context: its `config` reader (repo, then the org's `.github`). */
export interface ConfigSource {
  config<T>(fileName: string): Promise<T | null>;
}

const PLUGIN_PREFIX = '[@probot/octokit-plugin-config]';

/**
 * Reads `.github/advisory-pilot.yml` from the repository's default branch, falling back to the
 * owner's `.github` repository (Probot's `context.config`), and validates it. A missing file yields
 * the default profile. A file that is not valid YAML or not a mapping becomes a problem value, so
 * the caller can report it on the tracking issue; network and permission failures still throw,
 * because they are faults to retry, not configuration to fix.
 */
export async function loadConfig(source: ConfigSource): Promise<ConfigResult> {
  let raw: unknown;
  try {
    raw = await source.config<unknown>(CONFIG_FILE);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(PLUGIN_PREFIX)) {
      return {
        ok: false,
        problems: [
          {
            path: `.github/${CONFIG_FILE}`,
            message: error.message.slice(PLUGIN_PREFIX.length).trim(),
          },
        ],
      };
    }
    throw error;
  }
  return parseConfig(raw);
}
