import { describe, expect, it } from 'vitest';
import {
  isAnotherRelease,
  listCommits,
  pickedFrom,
  proveRelease,
} from '../../src/domain/release-proof.js';

const sha = (c: string) => c.repeat(40);
const commit = (c: string, message = `commit ${c}`, parents = 1) => ({
  sha: sha(c),
  message,
  parents: Array.from({ length: parents }, (_, i) => sha(String(i))),
});

describe('proveRelease', () => {
  it.each([
    ['fix only', [commit('a')], [sha('a')], [], { ok: true, missing: [], extra: [] }],
    [
      'fix, merge of it and the release commit',
      [commit('a'), commit('m', 'Merge', 2), commit('r', 'chore: release 0.71.1')],
      [sha('a')],
      [sha('r')],
      { ok: true, missing: [], extra: [] },
    ],
    [
      'a feature commit rides along',
      [commit('f', 'feat: new dashboard'), commit('a')],
      [sha('a')],
      [],
      { ok: false, missing: [], extra: [commit('f', 'feat: new dashboard')] },
    ],
    [
      'the fix is missing',
      [commit('r')],
      [sha('a')],
      [sha('r')],
      { ok: false, missing: [sha('a')], extra: [] },
    ],
    [
      'a cherry-pick -x of the fix counts as the fix',
      [commit('c', `fix upload\n\n(cherry picked from commit ${sha('a')})`)],
      [sha('a')],
      [],
      { ok: true, missing: [], extra: [] },
    ],
  ])('%s', (_name, commits, fixes, own, expected) => {
    expect(proveRelease(commits, fixes, own)).toEqual(expected);
  });

  it('reads every cherry-pick trailer of a message', () => {
    expect(
      pickedFrom(
        `x\n(cherry picked from commit ${sha('a')})\n(cherry picked from commit ${sha('b')})`,
      ),
    ).toEqual([sha('a'), sha('b')]);
    expect(pickedFrom('(cherry picked from commit abc)')).toEqual([]);
  });

  it('lists commits by short SHA and first line, neutralised and bounded', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      commit(String(i % 10), `@everyone line ${String(i)}\nbody`),
    );
    const text = listCommits(many, 10);
    expect(text.split('\n')).toHaveLength(11);
    expect(text).toContain(`- \`${sha('0').slice(0, 12)}\``);
    expect(text).not.toContain('@everyone');
    expect(text).not.toContain('body');
    expect(text.split('\n').at(-1)).toBe('- … and 2 more');
  });
});

describe('isAnotherRelease', () => {
  const own = { message: 'chore: release 0.71.1', heads: ['a'.repeat(40)] };
  const commit = (message: string, parents = ['p']) => ({ sha: 's'.repeat(40), message, parents });
  it.each([
    ['nothing on the branch', [], false],
    ['this release’s own commit', [commit('chore: release 0.71.1')], false],
    ['another version’s release commit', [commit('chore: release 0.71.2')], true],
    [
      'the merge of this fix',
      [commit('Merge aaaaaaaaaaaa into deploy/cloud/x', ['p', 'q'])],
      false,
    ],
    [
      'the merge of another fix',
      [commit('Merge bbbbbbbbbbbb into deploy/cloud/x', ['p', 'q'])],
      true,
    ],
    ['a person’s commit with a merge-like title', [commit('Merge bbbbbbbbbbbb into x')], false],
    ['a person’s fix', [commit('fix: upload path')], false],
  ])('%s', (_name, commits, expected) => {
    expect(isAnotherRelease(commits, own)).toBe(expected);
  });
});
