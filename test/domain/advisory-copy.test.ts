import { describe, expect, it } from 'vitest';
import {
  copyOf,
  fingerprintOf,
  mergePackages,
  packageProblems,
  plannedProducts,
} from '../../src/domain/advisory-copy.js';
import type { AdvisoryPackage } from '../../src/domain/advisory-package.js';
import { advisoryEdits } from '../../src/domain/advisory-edits.js';
import { publishGates } from '../../src/domain/publish-gates.js';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Case } from '../../src/domain/case.js';
import { fold } from '../../src/domain/fold.js';
import type { ObservedAdvisory } from '../../src/domain/inputs.js';
import { NOW, openedRecord } from './fixtures.js';

const widget: AdvisoryPackage = {
  ecosystem: 'npm',
  name: '@acme/widget',
  vulnerableVersionRange: '< 0.71.1',
  patchedVersions: '0.71.1',
};
const plugin: AdvisoryPackage = {
  ecosystem: 'npm',
  name: '@acme/widget-plugin',
  vulnerableVersionRange: '< 1.4.2',
  patchedVersions: '1.4.2',
  vulnerableFunctions: ['render'],
};

const observed = (change: Partial<ObservedAdvisory> = {}): ObservedAdvisory => ({
  ghsaId: 'GHSA-2c5f-hj7m-pq9r',
  repo: 'acme/widget',
  repoPrivate: false,
  state: 'draft',
  summary: 'Path traversal in the file upload endpoint',
  createdAt: '2026-11-20T14:30:00.000Z',
  packages: [widget],
  cweIds: [],
  ...change,
});

describe('mergePackages', () => {
  it.each<[string, AdvisoryPackage[], AdvisoryPackage[], AdvisoryPackage[]]>([
    ['adds a product to an empty list', [], [widget], [widget]],
    ['keeps the products it does not name', [widget, plugin], [widget], [widget, plugin]],
    [
      'changes only the fields it sets, keeping vulnerable functions',
      [plugin],
      [{ ecosystem: 'npm', name: '@acme/widget-plugin', patchedVersions: '1.4.3' }],
      [{ ...plugin, patchedVersions: '1.4.3' }],
    ],
    ['adds a second product at the end', [widget], [plugin], [widget, plugin]],
    [
      'matches names case-insensitively within one ecosystem',
      [{ ...widget, name: '@Acme/Widget' }],
      [{ ecosystem: 'npm', name: '@acme/widget', patchedVersions: '0.71.2' }],
      [{ ...widget, name: '@acme/widget', patchedVersions: '0.71.2' }],
    ],
  ])('%s', (_label, current, writes, expected) => {
    expect(mergePackages(current, writes)).toEqual(expected);
  });
});

describe('packageProblems', () => {
  it.each<[string, AdvisoryPackage[], string[]]>([
    ['two valid products', [widget, plugin], []],
    [
      'a GitHub-style range with a comma',
      [{ ...widget, vulnerableVersionRange: '>= 0.70.0, < 0.71.1' }],
      [],
    ],
    [
      'no products',
      [],
      ['it lists no affected product (`/advisory range "<range>" patched <version>`)'],
    ],
    [
      'an unknown ecosystem',
      [{ ...widget, ecosystem: 'cargo' }],
      ['`@acme/widget` (cargo): "cargo" is not an ecosystem GitHub knows'],
    ],
    [
      'a patched version inside the vulnerable range',
      [{ ...widget, vulnerableVersionRange: '<= 0.71.1' }],
      [
        '`@acme/widget` (npm): the patched version 0.71.1 is inside the vulnerable range "<= 0.71.1"',
      ],
    ],
    [
      'no package name',
      [{ ecosystem: 'npm', vulnerableVersionRange: '< 1.0.0' }],
      ['`(no name)` (npm): the product has no package name'],
    ],
  ])('%s', (_label, packages, expected) => {
    expect(packageProblems(packages)).toEqual(expected);
  });
});

describe("GitHub's copy", () => {
  it('binds the fingerprint to what is published, not to the state', () => {
    expect(fingerprintOf(observed({ state: 'published' }))).toBe(fingerprintOf(observed()));
    expect(fingerprintOf(observed({ cweIds: ['CWE-22'] }))).not.toBe(fingerprintOf(observed()));
    expect(fingerprintOf(observed({ packages: [widget, plugin] }))).not.toBe(
      fingerprintOf(observed()),
    );
    expect(fingerprintOf(observed({ severity: 'critical' }))).not.toBe(fingerprintOf(observed()));
  });

  it("plans the products as GitHub lists them, filling only the case's empty fields", () => {
    const base = fold([openedRecord()]).case!;
    const state: Case = {
      ...base,
      advisory: {
        ...base.advisory,
        packageName: '@acme/widget',
        ecosystem: 'npm',
        vulnerableVersionRange: '< 0.71.1',
        patchedVersion: '0.71.1',
        seen: copyOf(observed({ packages: [{ ecosystem: 'npm', name: '@acme/widget' }, plugin] })),
      },
    };
    expect(plannedProducts(state)).toEqual({
      packages: [widget, plugin],
      filled: [
        'the vulnerable range of `@acme/widget` (< 0.71.1)',
        'the patched version of `@acme/widget` (0.71.1)',
      ],
    });
    const edited = {
      ...state,
      advisory: {
        ...state.advisory,
        seen: copyOf(observed({ packages: [{ ...widget, patchedVersions: '0.71.2' }, plugin] })),
      },
    };
    expect(plannedProducts(edited)).toEqual({
      packages: [{ ...widget, patchedVersions: '0.71.2' }, plugin],
      filled: [],
    });
  });
});

describe('advisoryEdits: edits in GitHub UI are facts', () => {
  const ctx = { now: NOW, appLogin: 'advisory-pilot[bot]' };
  const base = fold([openedRecord()]).case!;
  const V4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N';
  const V3 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

  it('scores the case from a CVSS 4.0 vector set on GitHub', () => {
    const [change] = advisoryEdits(base, observed({ cvssVector: V4, severity: 'high' }), ctx);
    expect(change?.patch.set).toMatchObject({
      cvss: { vector: V4, score: 8.8, nomenclature: 'CVSS-B' },
      severity: 'high',
      items: { 'cvss-scored': { evidence: `${V4} (set on GitHub)` } },
    });
    expect(change?.note).toContain('Scored on GitHub: 8.8 high (CVSS 4.0)');
  });

  it('takes the severity of a CVSS 3.1 vector, saying the playbook asks for 4.0', () => {
    const [change] = advisoryEdits(base, observed({ cvssV3Vector: V3, severity: 'critical' }), ctx);
    expect(change?.patch.set?.severity).toBe('critical');
    expect(change?.patch.set?.cvss).toBeUndefined();
    expect(change?.note).toContain(
      `Severity critical from the CVSS 3.x vector set on GitHub (${V3}); the playbook scores with CVSS 4.0: \`/cvss <vector>\``,
    );
  });

  it('takes a bare severity set on GitHub', () => {
    const [change] = advisoryEdits(base, observed({ severity: 'medium' }), ctx);
    expect(change?.patch.set?.severity).toBe('medium');
    expect(change?.patch.set?.items?.['cvss-scored']?.evidence).toContain(
      'set on GitHub without a vector',
    );
  });

  it('never turns the case back to what GitHub shows before it applied the App’s own write', () => {
    const scored: Case = {
      ...base,
      severity: 'high',
      cvss: { vector: V4, score: 8.8, nomenclature: 'CVSS-B' },
      advisory: { ...base.advisory, seen: copyOf(observed({ severity: 'low' })) },
    };
    // GitHub still shows the old severity (the App's write failed): nothing changed there.
    expect(advisoryEdits(scored, observed({ severity: 'low' }), ctx)).toEqual([]);
    // Now GitHub shows the App's vector: recorded, no re-scoring.
    const [change] = advisoryEdits(scored, observed({ cvssVector: V4, severity: 'high' }), ctx);
    expect(change?.patch.set).toEqual({
      advisory: { seen: copyOf(observed({ cvssVector: V4, severity: 'high' })) },
    });
  });

  it('notes a second product and a CWE added on GitHub, and refuses a vector that does not score', () => {
    const seen: Case = { ...base, advisory: { ...base.advisory, seen: copyOf(observed()) } };
    const [change] = advisoryEdits(
      seen,
      observed({ packages: [widget, plugin], cweIds: ['CWE-22'], cvssVector: 'CVSS:4.0/AV:X' }),
      ctx,
    );
    expect(change?.note).toMatch(
      /^GitHub now lists the affected products: .*@acme\/widget-plugin.*; GitHub now lists the CWEs: CWE-22; The CVSS 4.0 vector set on GitHub does not score/,
    );
    expect(change?.patch.set?.cvss).toBeUndefined();
  });
});

describe('the publish gate on the products GitHub would publish', () => {
  it('refuses an advisory edited on GitHub into a state it cannot publish, saying what to fix', () => {
    const parsed = parseConfig({});
    if (!parsed.ok) throw new Error('config');
    const base = fold([openedRecord()]).case!;
    const edited: Case = {
      ...base,
      advisory: {
        ...base.advisory,
        packageName: '@acme/widget',
        patchedVersion: '0.71.1',
        seen: copyOf(
          observed({
            packages: [
              { ...widget, vulnerableVersionRange: '<= 0.71.1' },
              { ecosystem: 'cargo', name: 'acme-widget', vulnerableVersionRange: '< 1.0.0' },
            ],
          }),
        ),
      },
    };
    const gate = publishGates(edited, { now: NOW, config: parsed.config }).find(
      (g) => g.label === 'Affected products publishable',
    );
    expect(gate).toEqual({
      label: 'Affected products publishable',
      ok: false,
      detail:
        '`@acme/widget` (npm): the patched version 0.71.1 is inside the vulnerable range "<= 0.71.1"; `acme-widget` (cargo): "cargo" is not an ecosystem GitHub knows (fix it on GitHub or with `/advisory range`)',
    });
  });
});
