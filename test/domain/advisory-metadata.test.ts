import { describe, expect, it } from 'vitest';
import {
  ADVISORY_DESCRIPTION_SECTIONS,
  ADVISORY_DESCRIPTION_TEMPLATE,
  descriptionSections,
  validateAdvisoryMetadata,
} from '../../src/domain/advisory-metadata.js';

const DESCRIPTION = `## Summary
A crafted webhook payload lets an unauthenticated user read other tenants' flow runs.

## Impact
Anyone who can reach the webhook endpoint can read run data of every project on versions before 0.71.1.

## Patches
Fixed in 0.71.1. Upgrade with \`npm i activepieces@0.71.1\`.

## Workarounds
None; upgrading is the only fix.

## References
- Reported by @someone
`;

const VALID = {
  summary: 'Webhook payload exposes flow runs of other tenants',
  description: DESCRIPTION,
  severity: 'high',
  cvssScore: 8.7,
  vulnerableVersionRange: '< 0.71.1',
  patchedVersion: '0.71.1',
};

function problemsOf(input: unknown, previousVersion?: string) {
  const result = validateAdvisoryMetadata(
    input,
    previousVersion === undefined ? {} : { previousVersion },
  );
  return result.ok ? [] : result.problems;
}

describe('validateAdvisoryMetadata', () => {
  it('accepts complete metadata and returns it', () => {
    expect(validateAdvisoryMetadata(VALID, { previousVersion: '0.71.0' })).toEqual({
      ok: true,
      value: VALID,
    });
  });

  it('names every missing field', () => {
    expect(problemsOf({})).toEqual([
      { field: 'summary', message: 'is required' },
      { field: 'description', message: 'is required' },
      { field: 'severity', message: 'is required (score the report with `/cvss <vector>`)' },
      { field: 'cvssScore', message: 'is required' },
      { field: 'vulnerableVersionRange', message: 'is required' },
      { field: 'patchedVersion', message: 'is required' },
    ]);
  });

  it('refuses something that is not an object', () => {
    expect(problemsOf('summary')).toEqual([
      {
        field: '(advisory)',
        message:
          'expected an object with summary, description, severity, cvssScore, vulnerableVersionRange, patchedVersion',
      },
    ]);
  });

  it.each([
    [{ summary: '   ' }, 'summary', /is empty/],
    [{ summary: 'x'.repeat(1025) }, 'summary', /longer than 1024/],
    [{ summary: 42 }, 'summary', /must be text/],
    [{ severity: 'none' }, 'severity', /must be one of low, medium, high, critical/],
    [{ severity: 'HIGH' }, 'severity', /must be one of/],
    [{ cvssScore: '8.7' }, 'cvssScore', /must be a number/],
    [{ cvssScore: 8.75 }, 'cvssScore', /at most one decimal/],
    [{ cvssScore: 11 }, 'cvssScore', /from 0.1 to 10.0/],
    [{ cvssScore: 6.9 }, 'cvssScore', /6\.9 is in the "medium" bucket, but severity is "high"/],
    [{ cvssScore: 0 }, 'cvssScore', /0\.0 means no impact/],
    [
      { severity: 'critical' },
      'cvssScore',
      /8\.7 is in the "high" bucket, but severity is "critical"/,
    ],
    [{ vulnerableVersionRange: '' }, 'vulnerableVersionRange', /is empty/],
    [
      { vulnerableVersionRange: 'before 0.71.1' },
      'vulnerableVersionRange',
      /not a valid version range/,
    ],
    [
      { vulnerableVersionRange: '< 0.72.0' },
      'vulnerableVersionRange',
      /includes the patched version 0\.71\.1.*"< 0\.71\.1"/,
    ],
    [{ vulnerableVersionRange: '*' }, 'vulnerableVersionRange', /includes the patched version/],
    [{ patchedVersion: 'next' }, 'patchedVersion', /not a valid semantic version/],
    [{ patchedVersion: '0.72.0' }, 'patchedVersion', /patch number 0/],
    [{ patchedVersion: '0.71.1-rc.1' }, 'patchedVersion', /pre-release/],
  ])('%j → %s', (change, field, message) => {
    expect(problemsOf({ ...VALID, ...change })).toEqual([
      { field, message: expect.stringMatching(message) },
    ]);
  });

  it.each([
    ['< 0.71.1', '0.71.1', '0.71.0', []],
    ['>= 0.60.0, < 0.71.1', '0.71.1', '0.71.0', []],
    ['< 0.71.1', '0.72.0', '0.71.0', ['patchedVersion']],
    ['< 0.71.0', '0.71.1', '0.71.0', ['vulnerableVersionRange']],
    ['<= 0.71.1', '0.71.1', '0.71.0', ['vulnerableVersionRange']],
    ['< 0.71.2', '0.71.2', '0.71.1', []],
  ])('range %s, patched %s after %s → problems in %j', (range, patched, previous, fields) => {
    const problems = problemsOf(
      { ...VALID, vulnerableVersionRange: range, patchedVersion: patched },
      previous,
    );
    expect(problems.map((p) => p.field)).toEqual(fields);
  });

  it('explains a patched version that is not a patch bump of the previous release', () => {
    expect(
      problemsOf(
        { ...VALID, vulnerableVersionRange: '< 0.72.0', patchedVersion: '0.72.0' },
        '0.71.0',
      ),
    ).toEqual([
      {
        field: 'patchedVersion',
        message: expect.stringContaining('0.72.0 is not a patch bump of 0.71.0 (expected 0.71.1)'),
      },
    ]);
  });

  it('reports problems in several fields at once', () => {
    const fields = problemsOf({
      ...VALID,
      summary: '',
      severity: 'urgent',
      patchedVersion: 'x',
    }).map((p) => p.field);
    expect(fields).toEqual(['summary', 'severity', 'patchedVersion']);
  });
});

describe('description sections', () => {
  it('the template has the five headings, in order, each with a hint', () => {
    const headings = [...ADVISORY_DESCRIPTION_TEMPLATE.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Summary', 'Impact', 'Patches', 'Workarounds', 'References']);
    for (const { guidance } of ADVISORY_DESCRIPTION_SECTIONS) {
      expect(ADVISORY_DESCRIPTION_TEMPLATE).toContain(guidance);
    }
  });

  it('the untouched template counts as five empty sections', () => {
    expect(problemsOf({ ...VALID, description: ADVISORY_DESCRIPTION_TEMPLATE })).toEqual(
      ['Summary', 'Impact', 'Patches', 'Workarounds', 'References'].map((heading) => ({
        field: 'description',
        message: expect.stringMatching(new RegExp(`^section "## ${heading}" is empty \\(write: `)),
      })),
    );
  });

  it('a hint left in place as plain text counts as not filled in', () => {
    const patches = ADVISORY_DESCRIPTION_SECTIONS[2];
    const description = DESCRIPTION.replace(
      'Fixed in 0.71.1. Upgrade with `npm i activepieces@0.71.1`.',
      patches.guidance,
    );
    expect(problemsOf({ ...VALID, description })).toEqual([
      {
        field: 'description',
        message: expect.stringMatching(/^section "## Patches" still holds the template's hint/),
      },
    ]);
  });

  it.each([
    [
      'a missing section',
      DESCRIPTION.replace(/## Workarounds\n.*\n\n/, ''),
      /"## Workarounds" is missing/,
    ],
    [
      'an empty section',
      DESCRIPTION.replace('None; upgrading is the only fix.', ''),
      /"## Workarounds" is empty/,
    ],
    [
      'a section holding only a comment',
      DESCRIPTION.replace('None; upgrading is the only fix.', '<!-- TODO -->'),
      /"## Workarounds" is empty/,
    ],
    [
      'a level-3 heading in place of a level-2 one',
      DESCRIPTION.replace('## Workarounds', '### Workarounds'),
      /"## Workarounds" is missing/,
    ],
    [
      'a heading inside a code fence',
      DESCRIPTION.replace(/## Workarounds\n.*\n/, '```\n## Workarounds\nnone\n```\n'),
      /"## Workarounds" is missing/,
    ],
  ])('refuses %s', (_what, description, message) => {
    expect(problemsOf({ ...VALID, description })).toEqual([
      { field: 'description', message: expect.stringMatching(message) },
    ]);
  });

  it('accepts headings in another case, closing hashes and sub-headings inside a section', () => {
    const description = DESCRIPTION.replace('## Impact', '## IMPACT ##').replace(
      'None; upgrading',
      '### Self-hosted\nNone; upgrading',
    );
    expect(problemsOf({ ...VALID, description })).toEqual([]);
  });

  it('descriptionSections splits on level-1 and level-2 headings only', () => {
    const sections = descriptionSections('intro\n# Title\n## A\none\n### A.1\ntwo\n## B\n\n');
    expect([...sections]).toEqual([
      ['A', 'one\n### A.1\ntwo'],
      ['B', '\n'],
    ]);
  });
});
