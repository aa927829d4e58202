import type { AdvisoryPilotConfigInput } from './schema.js';

/** Name of a built-in profile. */
export type PresetName = 'default' | 'changesets';

/**
 * What each preset changes relative to the schema defaults (which are the product playbook's).
 * The `changesets` preset follows the open-source SECURITY.md runbook: request the CVE early and
 * require it, no default embargo, collaborate in the private fork, release through a changeset, no customer notice and
 * no changelog PR (changesets writes CHANGELOG.md).
 */
export const PRESETS: Readonly<Record<PresetName, AdvisoryPilotConfigInput>> = {
  default: {},
  changesets: {
    cve: { policy: 'required', requestEarly: true },
    // The runbook publishes once the release is out; a date agreed with the reporter is set
    // with `/embargo DATE` and then holds.
    sla: { embargoDays: 0 },
    publish: { confirmEmbargoChange: false },
    release: { strategy: 'changesets', tag: '{package}@{version}' },
    validationCommands: ['yarn tsc', 'yarn lint', 'yarn test'],
    customerNotice: false,
    changelog: { path: 'CHANGELOG.md', format: 'markdown', post: false },
    postmortem: { requiredFor: [], optionalFor: ['critical', 'high'] },
  },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-merges `override` onto `base`: objects merge key by key, everything else (arrays
 * included) is replaced, so a user's list never gets the preset's entries appended to it.
 */
export function mergeConfig(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override))
    return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = key in base ? mergeConfig(base[key], value) : value;
  }
  return merged;
}
