import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig, parseConfigYaml, type ConfigResult } from '../../src/config/parse-config.js';
import { AdvisoryPilotConfig } from '../../src/config/schema.js';

// The configuration is read from a file anyone with write access can edit. Whatever it holds,
// loading never throws: it yields a valid configuration, or problems that each name a path
// and say what is wrong.

const RUNS = { numRuns: 300 };

function expectOutcome(result: ConfigResult): void {
  if (result.ok) {
    expect(AdvisoryPilotConfig.safeParse(result.config).success).toBe(true);
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(typeof problem.path).toBe('string');
    expect(problem.path.length).toBeGreaterThan(0);
    expect(typeof problem.message).toBe('string');
    expect(problem.message.length).toBeGreaterThan(0);
  }
}

/** A realistic configuration file, as parsed YAML. */
const VALID = {
  preset: 'default',
  productName: 'Acme Widget',
  tracking: { repository: 'acme/security-tracking', team: 'acme/security' },
  timeZone: 'Europe/Berlin',
  holidays: ['2026-12-24'],
  sla: { ackBusinessDays: 3, stalledBusinessDays: { critical: 1 } },
  release: { strategy: 'hotfix', branch: 'deploy/cloud/{date}', workflowInputs: { flow: 'x' } },
  publish: { twoPerson: true },
  leakWords: ['vulnerability', 'GHSA-'],
};

/** Every path (as key lists) in a nested object. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [
    prefix,
    ...Object.entries(value).flatMap(([key, inner]) => pathsOf(inner, [...prefix, key])),
  ];
}

function setAt(root: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head = '', ...rest] = path;
  const base = root !== null && typeof root === 'object' ? root : {};
  const copy: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  if (value === undefined && rest.length === 0) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete copy[head];
    return copy;
  }
  Object.defineProperty(copy, head, {
    value: setAt(copy[head], rest, value),
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return copy;
}

const replacement = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom('__proto__', 'constructor', '{date}', 'GHSA-', '', ' ', '../x', 'acme/public'),
);

const mutated = fc
  .array(fc.tuple(fc.constantFrom(...pathsOf(VALID)), replacement), { maxLength: 4 })
  .map((edits) =>
    edits.reduce<unknown>((config, [path, value]) => setAt(config, path, value), VALID),
  );

const hostileKeys = fc.dictionary(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'tracking', 'preset', 'release', 'x'),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('the configuration loader on arbitrary input', () => {
  it('the realistic file itself is valid', () => {
    expectOutcome(parseConfig(VALID));
    expect(parseConfig(VALID).ok).toBe(true);
  });

  it('parseConfig on any value never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), mutated, hostileKeys), (raw) => {
        expectOutcome(parseConfig(raw));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('parseConfigYaml on any text never throws', () => {
    const yamlish = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'tracking:\n',
            '  repository: ',
            'preset: ',
            '- ',
            ': ',
            '&a ',
            '*a',
            '!!js/function ',
            '---\n',
            '{',
            '[',
            '"',
            "'",
            '\t',
            '\n',
            '#',
            '<<: *a\n',
          ),
          fc.string({ maxLength: 12 }),
        ),
        { maxLength: 20 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
        expectOutcome(parseConfigYaml(text));
      }),
      RUNS,
    );
  });

  it('YAML and the object it holds give the same answer', () => {
    fc.assert(
      fc.property(mutated, (raw) => {
        const fromYaml = parseConfigYaml(stringify(raw ?? null));
        const fromObject = parseConfig(raw);
        expectOutcome(fromYaml);
        expect(fromYaml.ok).toBe(fromObject.ok);
      }),
      RUNS,
    );
  });

  it('a billion-laughs alias bomb is refused, not expanded', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 9 }, (_, i) => {
        const prev = String.fromCharCode(97 + i);
        const name = String.fromCharCode(98 + i);
        return `${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
      }),
    ].join('\n');
    const result = parseConfigYaml(bomb);
    expectOutcome(result);
    expect(result.ok).toBe(false);
  });
});
