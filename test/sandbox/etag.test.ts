import { describe, expect, it } from 'vitest';
import { etagFor, ifNoneMatchHits } from '../../src/sandbox/etag.js';

describe('etagFor', () => {
  it('is a weak tag that changes with the body and only with it', () => {
    expect(etagFor('{"a":1}')).toMatch(/^W\/"[0-9a-f]{64}"$/);
    expect(etagFor('{"a":1}')).toBe(etagFor('{"a":1}'));
    expect(etagFor('{"a":1}')).not.toBe(etagFor('{"a":2}'));
  });
});

describe('ifNoneMatchHits', () => {
  const etag = 'W/"abc"';

  it.each([
    ['the same tag', 'W/"abc"', true],
    ['the tag without W/ (weak comparison)', '"abc"', true],
    ['one tag of a list', '"zzz", W/"abc"', true],
    ['a list without spaces', 'W/"x",W/"abc"', true],
    ['*', '*', true],
    ['another tag', 'W/"abd"', false],
    ['a tag containing the wanted one', 'W/"abcd"', false],
    ['a list of other tags', '"a,bc", W/"ab"', false],
    ['an unquoted value', 'abc', false],
    ['an empty header', '', false],
  ])('%s: %j → %s', (_what, header, hits) => {
    expect(ifNoneMatchHits(header, etag)).toBe(hits);
  });

  it('is false without the header', () => {
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
  });
});
