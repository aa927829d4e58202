import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/parse-config.js';
import type { Effect } from '../../src/domain/effects.js';
import { describeLeaks, findEffectLeaks, findLeaks } from '../../src/domain/leak-guard.js';
import { fold } from '../../src/domain/fold.js';
import { openedRecord } from './fixtures.js';

const config = defaultConfig();
const state = { ...fold([openedRecord()]).case!, cve: { id: 'CVE-2026-4242' } };

describe('leak guard', () => {
  it.each([
    ['fix GHSA-2c5f-hj7m-pq9r', 'the GHSA ID'],
    ['see ghsa-2c5f-hj7m-pq9r', 'a GHSA ID'],
    ['another GHSA-wxwx-2345-cfgh', 'a GHSA ID'],
    ['CVE-2026-4242', 'the CVE ID'],
    ['CVE-2025-99999', 'a CVE ID'],
    ['fix: path-traversal in the file_upload endpoint', 'the advisory summary'],
    ['Patch a Vulnerability', 'the configured word "vulnerability"'],
    ['security fix for upload', 'the configured word "security fix"'],
  ])('finds %j', (text, matched) => {
    const leaks = findLeaks([{ field: 'commit message', text }], state, config);
    expect(leaks.map((l) => l.matched)).toContain(matched);
  });

  it.each([
    'chore: release 0.71.1',
    'deploy/cloud/2026-11-23',
    'flow=cloud-hotfix',
    'Fixed an issue in @acme/widget.',
  ])('lets neutral text %j through', (text) => {
    expect(findLeaks([{ field: 'x', text }], state, config)).toEqual([]);
  });

  const branchEffect: Effect = {
    kind: 'create-branch',
    key: 'b',
    repo: 'acme/widget',
    branch: 'security/GHSA-2c5f-hj7m-pq9r',
  };

  it('checks public-write effects on a public repository before publication', () => {
    const leaks = findEffectLeaks([branchEffect], state, config);
    expect(leaks).toEqual([
      { field: 'branch name', matched: 'a GHSA ID' },
      { field: 'branch name', matched: 'the GHSA ID' },
      { field: 'branch name', matched: 'the configured word "GHSA-"' },
    ]);
    expect(describeLeaks(leaks)).toContain('Nothing was written');
  });

  it('does not apply to private repositories or after publication', () => {
    expect(findEffectLeaks([branchEffect], { ...state, repoPrivate: true }, config)).toEqual([]);
    expect(
      findEffectLeaks([branchEffect], { ...state, advisory: { state: 'published' } }, config),
    ).toEqual([]);
  });
});
