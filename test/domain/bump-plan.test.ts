import { describe, expect, it } from 'vitest';
import { packageDirOf, planBumps, readVersionField } from '../../src/domain/bump-plan.js';

describe('planBumps', () => {
  const root = { path: 'package.json', released: '0.85.2', current: '0.85.2' };
  const shared = { path: 'packages/shared/package.json', released: '0.10.72', current: '0.10.72' };

  it('bumps the root to the release and a touched package within its own line', () => {
    expect(planBumps([root, shared], '0.85.3', ['packages/shared/src/paths.ts'])).toEqual([
      { path: 'package.json', action: 'bump', from: '0.85.2', to: '0.85.3' },
      { path: 'packages/shared/package.json', action: 'bump', from: '0.10.72', to: '0.10.73' },
    ]);
  });

  it.each([
    [
      'an untouched package is left alone',
      [root, shared],
      '0.85.3',
      ['packages/server/src/upload.ts'],
      [
        { path: 'package.json', action: 'bump', from: '0.85.2', to: '0.85.3' },
        {
          path: 'packages/shared/package.json',
          action: 'skip',
          why: 'the fix does not touch packages/shared/',
        },
      ],
    ],
    [
      'a rerun finds the bump done',
      [{ ...root, current: '0.85.3' }],
      '0.85.3',
      [],
      [{ path: 'package.json', action: 'already', to: '0.85.3' }],
    ],
    [
      'a root missing at the release is refused',
      [{ ...root, released: undefined }],
      '0.85.3',
      [],
      [
        {
          path: 'package.json',
          action: 'refuse',
          why: 'package.json does not exist at the last release',
        },
      ],
    ],
    [
      'a minor bump is refused',
      [root],
      '0.86.0',
      [],
      [
        {
          path: 'package.json',
          action: 'refuse',
          why: 'package.json is at 0.85.2; 0.86.0 is not a patch bump of it (security releases are patch releases only)',
        },
      ],
    ],
    [
      'a branch that moved the version elsewhere is refused',
      [{ ...root, current: '0.90.0' }],
      '0.85.3',
      [],
      [
        {
          path: 'package.json',
          action: 'refuse',
          why: 'package.json is at 0.90.0 on the release branch, not 0.85.2 as in the last release',
        },
      ],
    ],
  ])('%s', (_name, files, version, fixFiles, expected) => {
    expect(planBumps(files, version, fixFiles)).toEqual(expected);
  });

  it('names the directory of a version file', () => {
    expect(packageDirOf('package.json')).toBe('');
    expect(packageDirOf('plugins/catalog/package.json')).toBe('plugins/catalog/');
  });

  it('reads the version field, or says what is wrong with the file', () => {
    expect(readVersionField('package.json', '{"version":"1.2.3"}')).toEqual({
      ok: true,
      version: '1.2.3',
    });
    expect(readVersionField('package.json', '{ not json')).toEqual({
      ok: false,
      reason: 'package.json is not valid JSON; fix the file or drop it from release.versionFiles',
    });
    expect(readVersionField('package.json', '{"name":"x"}')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no "version" string'),
    });
  });
});
