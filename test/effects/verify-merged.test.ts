import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/domain/effects.js';
import { EffectRefused } from '../../src/effects/errors.js';
import { verifyMerged } from '../../src/effects/verify-merged.js';
import { FakeGitHub } from '../helpers/fake-github.js';

const FIX = 'a'.repeat(40);
type Verify = Extract<Effect, { kind: 'verify-merged' }>;
const asked: Verify = {
  kind: 'verify-merged',
  key: 'merged:1',
  repo: 'acme/widget',
  sha: FIX.slice(0, 10),
  fix: FIX.slice(0, 10),
};

function github(onDefault: 'ahead' | 'diverged' | 'unknown'): FakeGitHub {
  const fake = new FakeGitHub().addRepo('acme/widget', { private: false, files: {} });
  if (onDefault === 'unknown') return fake;
  fake.history.commits.set(FIX.slice(0, 10), {
    sha: FIX,
    message: 'fix: upload path',
    parents: ['1'.repeat(40)],
    files: ['src/upload.ts'],
  });
  fake.history.comparisons.set(`${FIX}...main`, {
    status: onDefault,
    aheadBy: 1,
    behindBy: onDefault === 'diverged' ? 1 : 0,
    commits: [],
    files: [],
  });
  return fake;
}

describe('verifyMerged', () => {
  it('confirms a commit the default branch holds, with its files', async () => {
    await expect(verifyMerged(github('ahead'), asked)).resolves.toEqual({
      sha: FIX,
      commits: [FIX],
      files: ['src/upload.ts'],
    });
  });

  it.each(['unknown', 'diverged'] as const)(
    'refuses a commit that is %s for /merged',
    async (where) => {
      await expect(verifyMerged(github(where), asked)).rejects.toBeInstanceOf(EffectRefused);
    },
  );

  it.each(['unknown', 'diverged'] as const)(
    'answers “not there” for a commit that is %s when /fixed asks quietly',
    async (where) => {
      await expect(verifyMerged(github(where), { ...asked, quiet: true })).resolves.toEqual({
        found: false,
      });
    },
  );
});
