import { describe, expect, it } from 'vitest';
import { commitsBetween, mergeBase, resolveRevision } from '../../src/sandbox/git-graph.js';
import {
  commitFiles,
  commitTree,
  createGitStore,
  flattenTree,
  putObject,
  type GitStore,
} from '../../src/sandbox/git-store.js';
import { diffCommits } from '../../src/sandbox/tree-diff.js';
import { mergeCommits } from '../../src/sandbox/tree-merge.js';

const who = { name: 'a', email: 'a@example.com', date: '2025-01-01T00:00:00Z' };

function history() {
  const store = createGitStore();
  const root = commitFiles(store, undefined, { 'a.txt': 'a\n', 'b.txt': 'b\n' }, 'root', who);
  const ours = commitFiles(store, root, { 'a.txt': 'ours\n', 'c.txt': 'c\n' }, 'ours', who);
  const theirs = commitFiles(store, root, { 'b.txt': null, 'd.txt': 'd\n' }, 'theirs', who);
  return { store, root, ours, theirs };
}

function contents(store: GitStore, tree: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, file] of flattenTree(store, tree)) {
    const blob = store.objects.get(file.sha);
    if (blob?.type === 'blob') out[path] = blob.content.toString('utf8');
  }
  return out;
}

describe('three-way tree merge', () => {
  it('takes each side’s changes since the merge base, deletions included', () => {
    const { store, ours, theirs } = history();
    const merged = mergeCommits(store, ours, theirs);
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(contents(store, merged.tree)).toEqual({
      'a.txt': 'ours\n',
      'c.txt': 'c\n',
      'd.txt': 'd\n',
    });
  });

  it('reports a conflict for a path changed differently on both sides (edit/edit, edit/delete, add/add)', () => {
    const { store, root, ours } = history();
    const theirs = commitFiles(
      store,
      root,
      { 'a.txt': 'theirs\n', 'c.txt': 'other c\n', 'b.txt': 'b\n' },
      'theirs',
      who,
    );
    const deleting = commitFiles(store, root, { 'a.txt': null }, 'delete a', who);
    expect(mergeCommits(store, ours, theirs)).toEqual({ ok: false, conflicts: ['a.txt', 'c.txt'] });
    expect(mergeCommits(store, ours, deleting)).toEqual({ ok: false, conflicts: ['a.txt'] });
  });

  it('accepts the same change made on both sides', () => {
    const { store, root, ours } = history();
    const same = commitFiles(store, root, { 'a.txt': 'ours\n' }, 'same', who);
    expect(mergeCommits(store, ours, same).ok).toBe(true);
  });
});

describe('git graph', () => {
  it('finds the merge base after an earlier merge and lists commits oldest first', () => {
    const { store, root, ours, theirs } = history();
    const tree = commitTree(store, ours) ?? '';
    const merge = putObject(store, {
      type: 'commit',
      tree,
      parents: [ours, theirs],
      message: 'merge',
      author: who,
      committer: who,
    });
    const later = commitFiles(store, theirs, { 'e.txt': 'e\n' }, 'later', who);
    expect(mergeBase(store, merge, later)).toBe(theirs);
    expect(mergeBase(store, ours, theirs)).toBe(root);
    expect(commitsBetween(store, [root], merge)).toEqual([ours, theirs, merge]);
    expect(commitsBetween(store, [later], merge)).toEqual([ours, merge]);
  });

  it('reads heads/x and abbreviated SHAs of at least 7 hex digits', () => {
    const { store, root } = history();
    store.refs.set('refs/heads/main', root);
    expect(resolveRevision(store, root.slice(0, 7))).toBe(root);
    expect(resolveRevision(store, 'heads/main')).toBe(root);
    expect(resolveRevision(store, root.slice(0, 6))).toBeUndefined();
  });
});

describe('tree diff', () => {
  it('counts added and removed lines per file', () => {
    const store = createGitStore();
    const a = commitFiles(store, undefined, { 'f.txt': 'one\ntwo\nthree\n' }, 'a', who);
    const b = commitFiles(store, a, { 'f.txt': 'one\n2\nthree\nfour\n', 'g.txt': 'g' }, 'b', who);
    expect(
      diffCommits(store, a, b).map((c) => [c.path, c.status, c.additions, c.deletions]),
    ).toEqual([
      ['f.txt', 'modified', 2, 1],
      ['g.txt', 'added', 1, 0],
    ]);
  });
});
