import { describe, expect, it } from 'vitest';
import { median, percentile, round } from '../../src/bench/stats.js';

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 50, Number.NaN],
    [[7], 99, 7],
    [[3, 1, 2], 50, 2],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    [Array.from({ length: 100 }, (_, i) => i + 1), 100, 100],
    [[5, 1], 0, 1],
  ])('of %j at %d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('median', () => {
  it.each([
    [[], Number.NaN],
    [[4], 4],
    [[9, 1, 5], 5],
    [[1, 2, 3, 10], 2.5],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('round', () => {
  it.each([
    [1.25, 1, 1.3],
    [1234.5678, 0, 1235],
    [0.123456, 2, 0.12],
  ])('%d to %d digits is %d', (value, digits, expected) => {
    expect(round(value, digits)).toBe(expected);
  });
});
