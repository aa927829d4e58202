import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CVSS4_METRIC_ORDER,
  CVSS4_METRIC_VALUES,
  firstCalculatorUrl,
  parseCvss4,
  scoreCvss4,
  severityOfScore,
  type Cvss4MetricName,
} from '../../src/domain/cvss.js';

interface OracleVector {
  vector: string;
  score: number;
  severity: string;
  nomenclature: string;
}
interface MalformedVector {
  vector: string;
  rule: string;
  referenceAccepts?: boolean;
}

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/cvss4/${name}`, import.meta.url), 'utf8'));
}

const oracle = fixture('oracle.json') as { source: string; vectors: OracleVector[] };
const malformed = fixture('malformed.json') as { vectors: MalformedVector[] };

const BASE = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

/** What an error must mention for each rule the malformed fixture tags. */
const RULE_PATTERNS: Record<string, RegExp> = {
  prefix: /prefix/,
  'missing-base-metric': /missing base metrics? "[A-Z]+".*all 11 base metrics are mandatory/,
  order: /"[A-Z]+" appears after "[A-Z]+" \(metrics must follow the specification's order/,
  duplicate: /"[A-Z]+" appears twice/,
  case: /case-sensitive/,
  // "S:U" is CVSS 3.x Scope; in 4.0 "S" exists (Safety), so the error is about that value.
  'unknown-metric': /unknown metric "[^"]+"|CVSS 3\.x Scope/,
  'unknown-value': /"[A-Z]+" (value "[^"]*" is not allowed|has no value) \(expected one of/,
  'x-in-base': /"[A-Z]+" is a base metric and cannot be "X"/,
  'safety-value': /"S" \(Safety\) is only allowed for MSI and MSA, not for [A-Z]+/,
  'component-syntax': /NAME:VALUE/,
  'empty-component': /empty component/,
  whitespace: /whitespace at character \d+/,
  empty: /empty vector|whitespace/,
};

describe('scoreCvss4 against the reference calculator (test/fixtures/cvss4/oracle.json)', () => {
  it('uses the reference at or after its round-half-up fix and has enough vectors', () => {
    expect(oracle.source).toMatch(/^RedHatProductSecurity\/cvss-v4-calculator@[0-9a-f]{40}$/);
    expect(oracle.vectors.length).toBeGreaterThanOrEqual(2000);
  });

  it('scores every oracle vector exactly (score, severity, nomenclature)', () => {
    const mismatches: unknown[] = [];
    for (const { vector, score, severity, nomenclature } of oracle.vectors) {
      const expected = { score, severity, nomenclature };
      const result = scoreCvss4(vector);
      const actual = result.ok
        ? { score: result.score, severity: result.severity, nomenclature: result.nomenclature }
        : { error: result.error };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push({ vector, expected, actual });
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('parseCvss4 rejects what the specification forbids (test/fixtures/cvss4/malformed.json)', () => {
  it('has a pattern for every rule in the fixture', () => {
    const rules = new Set(malformed.vectors.map((v) => v.rule));
    expect([...rules].filter((rule) => !(rule in RULE_PATTERNS))).toEqual([]);
  });

  it('rejects every malformed string with a reason that names its rule', () => {
    const wrong: unknown[] = [];
    for (const { vector, rule } of malformed.vectors) {
      const parsed = parseCvss4(vector);
      const scored = scoreCvss4(vector);
      const pattern = RULE_PATTERNS[rule];
      if (parsed.ok || scored.ok || !pattern?.test(parsed.error) || scored.error !== parsed.error) {
        wrong.push({ vector, rule, parsed, scored: scored.ok ? scored.score : scored.error });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('rejects the strings the reference calculator itself accepts', () => {
    const accepted = malformed.vectors.filter((v) => v.referenceAccepts === true);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.filter((v) => parseCvss4(v.vector).ok)).toEqual([]);
  });
});

describe('parseCvss4 error messages', () => {
  it.each([
    [
      '',
      'empty vector (expected e.g. CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N)',
    ],
    [`${BASE} `, 'whitespace at character 64 (a vector contains no spaces, tabs or line breaks)'],
    [
      BASE.replace('CVSS:4.0', 'CVSS:3.1'),
      'prefix "CVSS:3.1" is not CVSS 4.0 (only CVSS 4.0 vectors are scored; they start with "CVSS:4.0/")',
    ],
    [
      BASE.replace('CVSS:4.0', 'cvss:4.0'),
      'prefix "cvss:4.0" has the wrong case (write "CVSS:4.0"; names and values are case-sensitive)',
    ],
    [
      BASE.replace('CVSS:4.0/', 'CVSS:4.0'),
      'missing "/" after the prefix "CVSS:4.0" (got "CVSS:4.0AV:N")',
    ],
    [
      BASE.replace('CVSS:4.0/', ''),
      `missing prefix: the vector must start with "CVSS:4.0/" (e.g. ${BASE})`,
    ],
    [BASE.replace('/AT:N', ''), 'missing base metric "AT" (all 11 base metrics are mandatory)'],
    [
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N',
      'missing base metrics "VC", "VI", "VA", "SC", "SI", "SA" (all 11 base metrics are mandatory)',
    ],
    [
      BASE.replace('VC:H/VI:H', 'VI:H/VC:H'),
      `"VC" appears after "VI" (metrics must follow the specification's order: ${CVSS4_METRIC_ORDER.join(' ')})`,
    ],
    [`${BASE}/CR:H/E:A`, expect.stringMatching(/^"E" appears after "CR" /)],
    [`${BASE}/U:Red/S:N`, expect.stringMatching(/^"S" appears after "U" /)],
    [`${BASE}/E:A/E:A`, '"E" appears twice (each metric may appear only once)'],
    [`${BASE}/E:X/E:A`, '"E" appears twice (each metric may appear only once)'],
    [`${BASE}/MVC:S`, '"S" (Safety) is only allowed for MSI and MSA, not for MVC'],
    [BASE.replace('SI:N', 'SI:S'), '"S" (Safety) is only allowed for MSI and MSA, not for SI'],
    [
      BASE.replace('AV:N', 'AV:n'),
      '"AV" value "n" has the wrong case (values are case-sensitive; write "AV:N")',
    ],
    [
      `${BASE}/U:red`,
      '"U" value "red" has the wrong case (values are case-sensitive; write "U:Red")',
    ],
    [
      BASE.replace('AV:N', 'av:N'),
      'unknown metric "av" (metric names are case-sensitive; write "AV")',
    ],
    [`${BASE}/RL:O`, expect.stringMatching(/^unknown metric "RL" \(CVSS 4\.0 metrics are: AV AC /)],
    [
      BASE.replace('AV:N', 'AV:X'),
      '"AV" is a base metric and cannot be "X" (Not Defined); expected one of N, A, L, P',
    ],
    [BASE.replace('AC:L', 'AC:M'), '"AC" value "M" is not allowed (expected one of L, H)'],
    [`${BASE}/E:`, '"E" has no value (expected one of X, A, P, U)'],
    [
      `${BASE}/S:U`,
      '"S" value "U" is not allowed (expected one of X, N, P: in CVSS 4.0 "S" is Safety; CVSS 3.x Scope no longer exists)',
    ],
    [`${BASE}/`, 'trailing "/" after "SA:N" (empty components are not allowed; remove it)'],
    [
      BASE.replace('AV:N/', 'AV:N//'),
      'empty component after "AV:N" ("//" is not allowed; every component is NAME:VALUE)',
    ],
    [
      BASE.replace('AV:N', 'AV=N'),
      'component "AV=N" after "CVSS:4.0" is not NAME:VALUE (write each metric like "AV:N", separated by "/")',
    ],
    [BASE.replace('AV:N', ':N'), 'component ":N" after "CVSS:4.0" has no metric name before ":"'],
    [`CVSS:4.0/${BASE}`, 'the prefix "CVSS:4.0" appears again after the start (write it once)'],
  ])('%j → %s', (vector, error) => {
    expect(parseCvss4(vector)).toEqual({ ok: false, error });
  });

  it('quotes at most 40 characters of a bad component', () => {
    const long = `AV:${'N;'.repeat(100)}`;
    const result = parseCvss4(`CVSS:4.0/${long}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeLessThan(200);
  });
});

describe('parseCvss4 on valid vectors', () => {
  it('returns all 32 metrics in specification order, X where omitted, and what was written', () => {
    const result = parseCvss4(`${BASE}/E:X/MSI:S/U:Amber`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.metrics)).toEqual([...CVSS4_METRIC_ORDER]);
    expect(result.metrics).toMatchObject({
      AV: 'N',
      VC: 'H',
      E: 'X',
      CR: 'X',
      MSI: 'S',
      MSA: 'X',
      U: 'Amber',
    });
    expect(result.explicit).toEqual([
      'AV',
      'AC',
      'AT',
      'PR',
      'UI',
      'VC',
      'VI',
      'VA',
      'SC',
      'SI',
      'SA',
      'E',
      'MSI',
      'U',
    ]);
  });

  it('accepts every metric at once, in order', () => {
    const all = CVSS4_METRIC_ORDER.map(
      (name) => `${name}:${CVSS4_METRIC_VALUES[name].at(-1) ?? ''}`,
    );
    expect(parseCvss4(`CVSS:4.0/${all.join('/')}`).ok).toBe(true);
  });
});

describe('scoreCvss4', () => {
  it.each([
    [BASE, 9.3, 'critical', 'CVSS-B'],
    [`${BASE}/E:X/CR:X/MAV:X/S:X/AU:X/U:X`, 9.3, 'critical', 'CVSS-B'],
    [`${BASE}/S:P/AU:Y/R:I/V:C/RE:H/U:Red`, 9.3, 'critical', 'CVSS-B'],
    [`${BASE}/E:U`, 8.1, 'high', 'CVSS-BT'],
    [`${BASE}/CR:L`, expect.any(Number), expect.any(String), 'CVSS-BE'],
    [`${BASE}/E:A/MSI:S`, 10, 'critical', 'CVSS-BTE'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0, 'none', 'CVSS-B'],
  ])('%s → %s %s %s', (vector, score, severity, nomenclature) => {
    expect(scoreCvss4(vector)).toMatchObject({ ok: true, vector, score, severity, nomenclature });
  });

  it('returns the vector as given and the metrics it wrote', () => {
    expect(scoreCvss4(`${BASE}/E:P`)).toEqual({
      ok: true,
      score: expect.any(Number),
      severity: expect.any(String),
      nomenclature: 'CVSS-BT',
      vector: `${BASE}/E:P`,
      explicit: ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA', 'E'],
    });
  });
});

describe('severityOfScore', () => {
  it.each([
    [0, 'none'],
    [0.1, 'low'],
    [3.9, 'low'],
    [4, 'medium'],
    [6.9, 'medium'],
    [7, 'high'],
    [8.9, 'high'],
    [9, 'critical'],
    [10, 'critical'],
  ])('%s → %s', (score, severity) => {
    expect(severityOfScore(score)).toBe(severity);
  });
});

it('firstCalculatorUrl puts the vector in the fragment of FIRST calculator', () => {
  expect(firstCalculatorUrl(BASE)).toBe(`https://www.first.org/cvss/calculator/4-0#${BASE}`);
});

/** A random valid vector: all base metrics, then a random subset of the others, in order. */
const validVector = fc
  .tuple(
    ...CVSS4_METRIC_ORDER.map((name, index) =>
      fc.record({
        present: index < 11 ? fc.constant(true) : fc.boolean(),
        value: fc.constantFrom(
          ...(CVSS4_METRIC_VALUES[name] as readonly string[]).filter(
            (v) => index >= 11 || v !== 'X',
          ),
        ),
      }),
    ),
  )
  .map((choices) => {
    const parts = choices.flatMap((choice, index) => {
      const name = CVSS4_METRIC_ORDER[index] as Cvss4MetricName;
      return choice.present ? [`${name}:${choice.value}`] : [];
    });
    return `CVSS:4.0/${parts.join('/')}`;
  });

describe('properties', () => {
  it('parseCvss4 and scoreCvss4 never throw on arbitrary strings', () => {
    const vectorish = fc.string({
      unit: fc.constantFrom(
        'CVSS:4.0/',
        'AV',
        'MSI',
        'U',
        ':',
        '/',
        'N',
        'H',
        'S',
        'X',
        'Red',
        ' ',
        '',
        'é',
      ),
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), vectorish), (text) => {
        const parsed = parseCvss4(text);
        const scored = scoreCvss4(text);
        expect(typeof parsed.ok).toBe('boolean');
        expect(scored.ok).toBe(parsed.ok);
      }),
      { numRuns: 2000 },
    );
  });

  it('every vector built from the metric table parses and scores within 0.0–10.0, one decimal', () => {
    fc.assert(
      fc.property(validVector, (vector) => {
        const scored = scoreCvss4(vector);
        expect(scored.ok).toBe(true);
        if (!scored.ok) return;
        expect(scored.score).toBeGreaterThanOrEqual(0);
        expect(scored.score).toBeLessThanOrEqual(10);
        expect(Math.round(scored.score * 10) / 10).toBe(scored.score);
        expect(scored.severity).toBe(severityOfScore(scored.score));
        expect(`CVSS:4.0/${scored.explicit.map((n) => `${n}:x`).join('/')}`.split('/').length).toBe(
          vector.split('/').length,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('swapping two adjacent metrics of a valid vector is always an order error', () => {
    fc.assert(
      fc.property(validVector, fc.nat(), (vector, seed) => {
        const parts = vector.split('/').slice(1);
        const i = seed % (parts.length - 1);
        const swapped = [...parts];
        [swapped[i], swapped[i + 1]] = [parts[i + 1] ?? '', parts[i] ?? ''];
        const result = parseCvss4(`CVSS:4.0/${swapped.join('/')}`);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatch(/specification's order/);
      }),
      { numRuns: 300 },
    );
  });
});
