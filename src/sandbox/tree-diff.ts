import { commitTree, flattenTree, type FileEntry, type GitStore } from './git-store.js';

/** One path that differs between two trees. */
export interface FileChange {
  path: string;
  status: 'added' | 'removed' | 'modified';
  /** The blob after the change (before it, for a removal). */
  sha: string;
  additions: number;
  deletions: number;
}

function filesOf(store: GitStore, commit: string | undefined): Map<string, FileEntry> {
  const tree = commit ? commitTree(store, commit) : undefined;
  return tree ? flattenTree(store, tree) : new Map<string, FileEntry>();
}

function linesOf(store: GitStore, sha: string | undefined): string[] {
  const blob = sha ? store.objects.get(sha) : undefined;
  if (blob?.type !== 'blob' || blob.content.length === 0) return [];
  const text = blob.content.toString('utf8');
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/**
 * Lines added and removed, counted as multisets: a line present n times before and m times after
 * counts max(0, m - n) additions. Exact for edits that add, drop or replace lines; a moved line
 * counts as unchanged, where `git diff` would show it removed and added.
 */
function lineCounts(before: string[], after: string[]): { additions: number; deletions: number } {
  const counts = new Map<string, number>();
  for (const line of before) counts.set(line, (counts.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of after) {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else additions += 1;
  }
  let deletions = 0;
  for (const left of counts.values()) deletions += left;
  return { additions, deletions };
}

/** The paths that differ from commit `from` (undefined: an empty tree) to commit `to`, by path. */
export function diffCommits(store: GitStore, from: string | undefined, to: string): FileChange[] {
  const before = filesOf(store, from);
  const after = filesOf(store, to);
  const changes: FileChange[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const [old, now] = [before.get(path), after.get(path)];
    if (old?.sha === now?.sha && old?.mode === now?.mode) continue;
    const status = !old ? 'added' : !now ? 'removed' : 'modified';
    const counts = lineCounts(linesOf(store, old?.sha), linesOf(store, now?.sha));
    changes.push({ path, status, sha: (now ?? old)?.sha ?? '', ...counts });
  }
  return changes;
}

/** What one commit changed against its first parent (a root commit adds every file). */
export function commitChanges(store: GitStore, sha: string): FileChange[] {
  const commit = store.objects.get(sha);
  const parent = commit?.type === 'commit' ? commit.parents[0] : undefined;
  return diffCommits(store, parent, sha);
}
