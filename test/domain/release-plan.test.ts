import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import {
  lineOf,
  previousRelease,
  releaseBase,
  renderTag,
  versionOfTag,
} from '../../src/domain/release-plan.js';

function config(input: object = {}) {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

describe('release plan', () => {
  it.each([
    ['v{version}', '0.71.0', undefined, 'v0.71.0'],
    ['{package}@{version}', '0.71.0', '@acme/widget', '@acme/widget@0.71.0'],
  ])('renders %s', (pattern, version, pkg, tag) => {
    expect(renderTag(pattern, version, pkg)).toBe(tag);
  });

  it.each([
    ['v{version}', 'v0.71.1', undefined, '0.71.1'],
    ['v{version}', 'v1.34.1', undefined, '1.34.1'],
    ['v{version}', 'release-1', undefined, undefined],
    ['{package}@{version}', '@acme/widget@0.71.1', '@acme/widget', '0.71.1'],
    ['{package}@{version}', '@acme/shared@0.71.1', '@acme/widget', undefined],
    ['{package}@{version}', '@acme/widget@next', '@acme/widget', undefined],
  ])('reads %s from %s', (pattern, tag, pkg, version) => {
    expect(versionOfTag(pattern, tag, pkg)).toBe(version);
  });

  it('finds the release being patched', () => {
    expect(previousRelease('0.71.1', { advisory: {} })).toBe('0.71.0');
    expect(previousRelease('0.71.3', { advisory: { previousVersion: 'v0.71.1' } })).toBe('0.71.1');
    expect(previousRelease('0.72.0', { advisory: {} })).toBeUndefined();
    expect(lineOf('0.71.3')).toBe('0.71');
  });

  it('cuts from --from, else from the tag of the last release', () => {
    const state = { advisory: { packageName: '@acme/widget' } };
    expect(releaseBase('0.71.1', state, config(), undefined)).toEqual({
      ok: true,
      from: 'v0.71.0',
    });
    expect(releaseBase('0.71.1', state, config({ preset: 'changesets' }), undefined)).toEqual({
      ok: true,
      from: '@acme/widget@0.71.0',
    });
    expect(releaseBase('0.71.1', state, config(), 'deploy/cloud/2026-11-01')).toEqual({
      ok: true,
      from: 'deploy/cloud/2026-11-01',
    });
    expect(releaseBase('0.72.0', state, config(), undefined)).toMatchObject({ ok: false });
  });
});
