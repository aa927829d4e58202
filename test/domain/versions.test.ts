import { describe, expect, it } from 'vitest';
import {
  isPatchBump,
  nextPatch,
  patchReleaseProblem,
  vulnerableRangeFor,
} from '../../src/domain/versions.js';

describe('versions', () => {
  it.each([
    ['0.71.0', '0.71.1'],
    ['v1.2.3', '1.2.4'],
    ['not-a-version', undefined],
  ])('nextPatch(%s) = %s', (from, to) => {
    expect(nextPatch(from)).toBe(to);
  });

  it.each([
    ['0.71.0', '0.71.1', true],
    ['0.71.0', '0.71.3', true],
    ['0.71.0', '0.72.0', false],
    ['0.71.0', '1.0.0', false],
    ['0.71.1', '0.71.1', false],
    ['0.71.0', '0.71.1-rc.1', false],
  ])('isPatchBump(%s, %s) = %s', (from, to, expected) => {
    expect(isPatchBump(from, to)).toBe(expected);
  });

  it.each([
    ['0.71.1', undefined, undefined],
    ['0.72.0', undefined, /patch number 0/],
    ['0.72.0', '0.71.0', /not a patch bump of 0.71.0 \(expected 0.71.1\)/],
    ['0.71.1-beta.1', undefined, /pre-release/],
    ['next', undefined, /not a version/],
  ])('patchReleaseProblem(%s, %s)', (version, previous, problem) => {
    const result = patchReleaseProblem(version, previous);
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeUndefined();
  });

  it('derives the vulnerable range', () => {
    expect(vulnerableRangeFor('v0.71.1')).toBe('< 0.71.1');
  });
});
