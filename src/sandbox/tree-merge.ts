import { mergeBase } from './git-graph.js';
import { buildTree, commitTree, flattenTree, type FileEntry, type GitStore } from './git-store.js';

/** A merged tree, or the paths both sides changed differently since the merge base. */
export type TreeMergeOutcome = { ok: true; tree: string } | { ok: false; conflicts: string[] };

const key = (file: FileEntry | undefined): string | undefined =>
  file ? `${file.mode} ${file.sha}` : undefined;

/**
 * Three-way merge of whole files (what GitHub's merge button and merges API do, minus merging
 * inside a file): a path one side left as it was in `base` takes the other side's version
 * (including a deletion); a path both sides changed to different contents is a conflict.
 */
export function mergeFileMaps(
  base: ReadonlyMap<string, FileEntry>,
  ours: ReadonlyMap<string, FileEntry>,
  theirs: ReadonlyMap<string, FileEntry>,
): { files: Map<string, FileEntry>; conflicts: string[] } {
  const files = new Map<string, FileEntry>();
  const conflicts: string[] = [];
  for (const path of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const [b, o, t] = [base.get(path), ours.get(path), theirs.get(path)];
    let chosen: FileEntry | undefined;
    if (key(o) === key(t) || key(t) === key(b)) chosen = o;
    else if (key(o) === key(b)) chosen = t;
    else {
      conflicts.push(path);
      continue;
    }
    if (chosen) files.set(path, chosen);
  }
  return { files, conflicts: conflicts.sort() };
}

function filesOf(store: GitStore, commit: string | undefined): Map<string, FileEntry> {
  const tree = commit ? commitTree(store, commit) : undefined;
  return tree ? flattenTree(store, tree) : new Map<string, FileEntry>();
}

/** Merges `theirs` into `ours` over an explicit base commit (none: every file is new). */
export function mergeOver(
  store: GitStore,
  base: string | undefined,
  ours: string,
  theirs: string,
): TreeMergeOutcome {
  const merged = mergeFileMaps(filesOf(store, base), filesOf(store, ours), filesOf(store, theirs));
  if (merged.conflicts.length > 0) return { ok: false, conflicts: merged.conflicts };
  return { ok: true, tree: buildTree(store, merged.files) };
}

/** Merges commit `theirs` into commit `ours` over their merge base. */
export function mergeCommits(store: GitStore, ours: string, theirs: string): TreeMergeOutcome {
  return mergeOver(store, mergeBase(store, ours, theirs), ours, theirs);
}
