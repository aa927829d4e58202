import cvssCalculator from 'ae-cvss-calculator';

const { Cvss4P0 } = cvssCalculator;

/**
 * Every CVSS 4.0 metric with its allowed values, in the order the specification requires in a
 * vector string (Base, Threat, Environmental, Supplemental). Values are case-sensitive.
 */
export const CVSS4_METRIC_VALUES = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'],
  VI: ['H', 'L', 'N'],
  VA: ['H', 'L', 'N'],
  SC: ['H', 'L', 'N'],
  SI: ['H', 'L', 'N'],
  SA: ['H', 'L', 'N'],
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MAT: ['X', 'N', 'P'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', 'H', 'L', 'N'],
  MVI: ['X', 'H', 'L', 'N'],
  MVA: ['X', 'H', 'L', 'N'],
  MSC: ['X', 'H', 'L', 'N'],
  MSI: ['X', 'S', 'H', 'L', 'N'],
  MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'],
  AU: ['X', 'N', 'Y'],
  R: ['X', 'A', 'U', 'I'],
  V: ['X', 'D', 'C'],
  RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
} as const;

export type Cvss4MetricName = keyof typeof CVSS4_METRIC_VALUES;

/** All 32 metrics; the ones a vector leaves out are `X` (Not Defined), as the specification says. */
export type Cvss4Metrics = {
  readonly [K in Cvss4MetricName]: (typeof CVSS4_METRIC_VALUES)[K][number];
};

export type Cvss4Severity = 'none' | 'low' | 'medium' | 'high' | 'critical';
export type Cvss4Nomenclature = 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE';

export type Cvss4Parse =
  { ok: true; metrics: Cvss4Metrics; explicit: Cvss4MetricName[] } | { ok: false; error: string };

export type Cvss4Score =
  | {
      ok: true;
      /** 0.0–10.0 with one decimal, including the threat and environmental metrics. */
      score: number;
      severity: Cvss4Severity;
      nomenclature: Cvss4Nomenclature;
      /** The vector exactly as given (it is valid, so it needs no rewriting). */
      vector: string;
      /** The metrics the vector wrote out, in vector order (including any written as `X`). */
      explicit: Cvss4MetricName[];
    }
  | { ok: false; error: string };

/** The metrics in the specification's vector-string order. */
export const CVSS4_METRIC_ORDER = Object.keys(CVSS4_METRIC_VALUES) as readonly Cvss4MetricName[];

const BASE_METRICS = CVSS4_METRIC_ORDER.slice(0, 11);
const THREAT_METRICS: readonly Cvss4MetricName[] = ['E'];
const ENVIRONMENTAL_METRICS = CVSS4_METRIC_ORDER.slice(
  CVSS4_METRIC_ORDER.indexOf('CR'),
  CVSS4_METRIC_ORDER.indexOf('MSA') + 1,
);

/** Impact metrics that might be given the Safety value by mistake (only MSI and MSA take it). */
const IMPACT_METRICS = new Set<string>([
  'VC',
  'VI',
  'VA',
  'SC',
  'SI',
  'SA',
  'MVC',
  'MVI',
  'MVA',
  'MSC',
]);

const METRIC_INDEX = new Map<string, number>(
  CVSS4_METRIC_ORDER.map((name, index) => [name, index]),
);
const ALLOWED = new Map<string, ReadonlySet<string>>(
  CVSS4_METRIC_ORDER.map((name) => [name, new Set<string>(CVSS4_METRIC_VALUES[name])]),
);

const PREFIX = 'CVSS:4.0';
const EXAMPLE = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
const ORDER_TEXT = CVSS4_METRIC_ORDER.join(' ');

function isMetricName(name: string): name is Cvss4MetricName {
  return METRIC_INDEX.has(name);
}

/** Quotes user text in an error message, shortened so one bad line cannot flood the output. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

function valueList(name: Cvss4MetricName): string {
  return CVSS4_METRIC_VALUES[name].join(', ');
}

function prefixError(prefix: string): string {
  if (prefix.toUpperCase() === PREFIX) {
    return `prefix ${quote(prefix)} has the wrong case (write "${PREFIX}"; names and values are case-sensitive)`;
  }
  if (prefix.startsWith(PREFIX)) {
    return `missing "/" after the prefix "${PREFIX}" (got ${quote(prefix)})`;
  }
  if (/^CVSS:\d/i.test(prefix)) {
    return `prefix ${quote(prefix)} is not CVSS 4.0 (only CVSS 4.0 vectors are scored; they start with "${PREFIX}/")`;
  }
  const name = prefix.split(':')[0] ?? '';
  if (prefix === '' || isMetricName(name)) {
    return `missing prefix: the vector must start with "${PREFIX}/" (e.g. ${EXAMPLE})`;
  }
  return `the vector must start with the prefix "${PREFIX}/", not ${quote(prefix)} (e.g. ${EXAMPLE})`;
}

function valueError(name: Cvss4MetricName, value: string): string {
  const allowed: readonly string[] = CVSS4_METRIC_VALUES[name];
  if (value === '') return `"${name}" has no value (expected one of ${valueList(name)})`;
  if (value === 'S' && IMPACT_METRICS.has(name)) {
    return `"S" (Safety) is only allowed for MSI and MSA, not for ${name}`;
  }
  if (name === 'S' && (value === 'U' || value === 'C')) {
    return `"S" value ${quote(value)} is not allowed (expected one of X, N, P: in CVSS 4.0 "S" is Safety; CVSS 3.x Scope no longer exists)`;
  }
  if (value === 'X' && BASE_METRICS.includes(name)) {
    return `"${name}" is a base metric and cannot be "X" (Not Defined); expected one of ${valueList(name)}`;
  }
  const sameLetters = allowed.find((v) => v.toLowerCase() === value.toLowerCase());
  if (sameLetters !== undefined) {
    return `"${name}" value ${quote(value)} has the wrong case (values are case-sensitive; write "${name}:${sameLetters}")`;
  }
  return `"${name}" value ${quote(value)} is not allowed (expected one of ${valueList(name)})`;
}

function componentError(part: string, after: string, isLast: boolean): string | undefined {
  if (part === '') {
    return isLast
      ? `trailing "/" after ${quote(after)} (empty components are not allowed; remove it)`
      : `empty component after ${quote(after)} ("//" is not allowed; every component is NAME:VALUE)`;
  }
  const colons = part.split(':').length - 1;
  if (colons !== 1) {
    return `component ${quote(part)} after ${quote(after)} is not NAME:VALUE (write each metric like "AV:N", separated by "/")`;
  }
  return undefined;
}

function unknownMetricError(name: string, part: string, after: string): string {
  if (name === '') {
    return `component ${quote(part)} after ${quote(after)} has no metric name before ":"`;
  }
  if (name === 'CVSS')
    return `the prefix "${PREFIX}" appears again after the start (write it once)`;
  const sameLetters = CVSS4_METRIC_ORDER.find((n) => n.toLowerCase() === name.toLowerCase());
  if (sameLetters !== undefined) {
    return `unknown metric ${quote(name)} (metric names are case-sensitive; write "${sameLetters}")`;
  }
  return `unknown metric ${quote(name)} (CVSS 4.0 metrics are: ${ORDER_TEXT})`;
}

/**
 * Validates a CVSS 4.0 vector string against the specification's own rules. It is stricter than
 * the scoring library (and than FIRST's calculator), which accept vectors the specification
 * forbids — a score computed from a malformed vector would be shown to customers as if it meant
 * something, so malformed input is refused with the rule it breaks.
 */
export function parseCvss4(vector: string): Cvss4Parse {
  if (vector === '') return { ok: false, error: `empty vector (expected e.g. ${EXAMPLE})` };
  const space = /\s/.exec(vector);
  if (space) {
    return {
      ok: false,
      error: `whitespace at character ${space.index + 1} (a vector contains no spaces, tabs or line breaks)`,
    };
  }
  const parts = vector.split('/');
  const prefix = parts[0] ?? '';
  if (prefix !== PREFIX) return { ok: false, error: prefixError(prefix) };

  const values = new Map<Cvss4MetricName, string>();
  const explicit: Cvss4MetricName[] = [];
  let previous: Cvss4MetricName | undefined;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const after = parts[i - 1] ?? PREFIX;
    const shapeError = componentError(part, after, i === parts.length - 1);
    if (shapeError !== undefined) return { ok: false, error: shapeError };
    const [name = '', value = ''] = part.split(':');
    if (!isMetricName(name)) return { ok: false, error: unknownMetricError(name, part, after) };
    if (values.has(name)) {
      return { ok: false, error: `"${name}" appears twice (each metric may appear only once)` };
    }
    if (
      previous !== undefined &&
      (METRIC_INDEX.get(name) ?? 0) < (METRIC_INDEX.get(previous) ?? 0)
    ) {
      return {
        ok: false,
        error: `"${name}" appears after "${previous}" (metrics must follow the specification's order: ${ORDER_TEXT})`,
      };
    }
    if (ALLOWED.get(name)?.has(value) !== true) {
      return { ok: false, error: valueError(name, value) };
    }
    values.set(name, value);
    explicit.push(name);
    previous = name;
  }

  const missing = BASE_METRICS.filter((name) => !values.has(name));
  if (missing.length > 0) {
    const names = missing.map((name) => `"${name}"`).join(', ');
    return {
      ok: false,
      error: `missing base metric${missing.length > 1 ? 's' : ''} ${names} (all 11 base metrics are mandatory)`,
    };
  }
  const metrics: Record<string, string> = {};
  for (const name of CVSS4_METRIC_ORDER) metrics[name] = values.get(name) ?? 'X';
  // Every value was checked against CVSS4_METRIC_VALUES above, so the record has the right type.
  return { ok: true, metrics: metrics as Cvss4Metrics, explicit };
}

/** The severity bucket of a CVSS 4.0 score (the specification's qualitative rating scale). */
export function severityOfScore(score: number): Cvss4Severity {
  if (score <= 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/**
 * Which metric groups shaped the score. Only a defined (non-X) value counts: writing `E:X` is the
 * same as leaving E out. Supplemental metrics never change the score, so they never change this.
 */
export function nomenclatureOf(metrics: Cvss4Metrics): Cvss4Nomenclature {
  const threat = THREAT_METRICS.some((name) => metrics[name] !== 'X');
  const environmental = ENVIRONMENTAL_METRICS.some((name) => metrics[name] !== 'X');
  if (threat && environmental) return 'CVSS-BTE';
  if (threat) return 'CVSS-BT';
  if (environmental) return 'CVSS-BE';
  return 'CVSS-B';
}

/**
 * Scores a vector with ae-cvss-calculator after our own validation (the library accepts vectors
 * the specification forbids). The score includes the threat and environmental metrics, because
 * that is the number the vector describes.
 */
export function scoreCvss4(vector: string): Cvss4Score {
  const parsed = parseCvss4(vector);
  if (!parsed.ok) return parsed;
  let overall: number;
  try {
    const calculator = new Cvss4P0(vector);
    if (!calculator.isBaseFullyDefined()) {
      return {
        ok: false,
        error: 'the calculator did not read all 11 base metrics from the vector',
      };
    }
    overall = calculator.calculateOverallScore();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `the CVSS 4.0 calculator failed on this vector (${reason})` };
  }
  if (!Number.isFinite(overall) || overall < 0 || overall > 10) {
    return {
      ok: false,
      error: `the CVSS 4.0 calculator returned an impossible score (${overall})`,
    };
  }
  const score = Math.round(overall * 10) / 10;
  return {
    ok: true,
    score,
    severity: severityOfScore(score),
    nomenclature: nomenclatureOf(parsed.metrics),
    vector,
    explicit: parsed.explicit,
  };
}

/** A link that opens FIRST's calculator on the vector, so anyone can check the score. */
export function firstCalculatorUrl(vector: string): string {
  return `https://www.first.org/cvss/calculator/4-0#${encodeURI(vector).replaceAll('#', '%23')}`;
}
