import { z } from 'zod';
import { parseDocument } from 'yaml';
import { PRESETS, mergeConfig, type PresetName } from './presets.js';
import { AdvisoryPilotConfig } from './schema.js';

/** One problem in a configuration file, addressed by its dotted path. */
export interface ConfigProblem {
  /** Dotted path such as `sla.ackBusinessDays`, or `(root)` for the whole document. */
  path: string;
  message: string;
}

/** The outcome of reading a configuration: a value, never a thrown error. */
export type ConfigResult =
  { ok: true; config: AdvisoryPilotConfig } | { ok: false; problems: ConfigProblem[] };

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part) || '""'}`,
    )
    .join('');
}

/** Walks the schema to list the keys allowed at `path`, for "unknown key" messages. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType = AdvisoryPilotConfig;
  for (const part of [...path, null]) {
    for (;;) {
      const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType };
      if (def.innerType && ['default', 'prefault', 'optional', 'nullable'].includes(def.type)) {
        schema = def.innerType;
      } else break;
    }
    if (!(schema instanceof z.ZodObject)) return [];
    if (part === null) return Object.keys(schema.shape);
    const next = (schema.shape as Record<string, z.core.$ZodType | undefined>)[String(part)];
    if (!next) return [];
    schema = next;
  }
  return [];
}

function problemsOf(error: z.ZodError): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(issue.path);
      for (const key of issue.keys) {
        problems.push({
          path: formatPath([...issue.path, key]),
          message: `unknown key${allowed.length ? `; expected one of: ${allowed.join(', ')}` : ''}`,
        });
      }
    } else {
      problems.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return problems;
}

/**
 * Validates a configuration object (already parsed from YAML), applying the chosen preset under
 * the user's values and the schema defaults under both.
 */
export function parseConfig(raw: unknown): ConfigResult {
  const input: unknown = raw ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problems: [{ path: '(root)', message: 'expected a mapping of keys' }] };
  }
  const presetValue = (input as { preset?: unknown }).preset ?? 'default';
  if (presetValue !== 'default' && presetValue !== 'changesets') {
    return {
      ok: false,
      problems: [
        {
          path: 'preset',
          message: `unknown preset ${JSON.stringify(presetValue)}; expected "default" or "changesets"`,
        },
      ],
    };
  }
  const merged = mergeConfig(PRESETS[presetValue], input);
  const result = AdvisoryPilotConfig.safeParse(merged);
  return result.success
    ? { ok: true, config: result.data }
    : { ok: false, problems: problemsOf(result.error) };
}

/** Parses YAML text (a whole `.github/advisory-pilot.yml`) and validates it. */
export function parseConfigYaml(text: string): ConfigResult {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: error.linePos ? `line ${error.linePos[0].line}:${error.linePos[0].col}` : '(root)',
        message: `invalid YAML: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    };
  }
  let raw: unknown;
  try {
    raw = document.toJS();
  } catch (error) {
    // An alias to an unknown anchor, or an alias bomb: reported, not thrown at the caller.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '(root)', message: `invalid YAML: ${message}` }] };
  }
  return parseConfig(raw);
}

/** The configuration with every default of the given preset (for docs, tests and `deadlines`). */
export function defaultConfig(preset: PresetName = 'default'): AdvisoryPilotConfig {
  const result = parseConfig({ preset });
  if (!result.ok) throw new Error(`built-in preset ${preset} is invalid`);
  return result.config;
}
