import { describe, expect, it } from 'vitest';
import { publishGates } from '../../src/domain/publish-gates.js';
import { AFTER_PUBLICATION, disclosureCase, productConfig } from './render/fixtures.js';

const FIX_GATE = 'Fix merged into the default branch';
const ctx = { now: new Date(AFTER_PUBLICATION), config: productConfig };

describe('the publication gate on the fix', () => {
  it('holds while a fork pull request has not reached the default branch, naming GitHub’s rule', () => {
    const state = disclosureCase();
    const [merged] = state.fixes;
    if (!merged) throw new Error('fixture has a fix');
    const open = { sha: '9d4e0aa', pullRequest: 2, testPath: 't.ts', at: merged.at, by: merged.by };
    const gate = publishGates({ ...state, fixes: [merged, open] }, ctx).find(
      (g) => g.label === FIX_GATE,
    );
    expect(gate?.ok).toBe(false);
    expect(gate?.detail).toContain('fork PR #2 (`9d4e0aa`) has not reached the default branch');
    expect(gate?.detail).toContain('GitHub refuses to publish an advisory while a pull request');
  });

  it('passes once every fix is on the default branch', () => {
    const gate = publishGates(disclosureCase(), ctx).find((g) => g.label === FIX_GATE);
    expect(gate).toMatchObject({ ok: true, detail: '1 fix(es) on the default branch' });
  });
});
