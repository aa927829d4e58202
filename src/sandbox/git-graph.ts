import type { GitStore } from './git-store.js';

/** The parents of a commit ([] for anything that is not a commit). */
function parentsOf(store: GitStore, sha: string): string[] {
  const object = store.objects.get(sha);
  return object?.type === 'commit' ? object.parents : [];
}

/** Every commit reachable from `sha` through parents, `sha` included. */
export function ancestors(store: GitStore, sha: string): Set<string> {
  const seen = new Set<string>();
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.pop() ?? '';
    if (seen.has(next) || store.objects.get(next)?.type !== 'commit') continue;
    seen.add(next);
    queue.push(...parentsOf(store, next));
  }
  return seen;
}

/** True when `ancestor` is reachable from `sha` through parents (fast-forward check). */
export function isAncestor(store: GitStore, ancestor: string, sha: string): boolean {
  return ancestors(store, sha).has(ancestor);
}

/**
 * The best common ancestor of two commits, as `git merge-base` picks it: a common ancestor that
 * no other common ancestor descends from. Undefined for unrelated histories.
 */
export function mergeBase(store: GitStore, a: string, b: string): string | undefined {
  const fromB = ancestors(store, b);
  const common = [...ancestors(store, a)].filter((sha) => fromB.has(sha));
  const covered = new Set<string>();
  for (const sha of common) {
    // Marks everything older than `sha`; a walk stops where an earlier walk already went.
    const queue = [...parentsOf(store, sha)];
    while (queue.length > 0) {
      const older = queue.pop() ?? '';
      if (covered.has(older)) continue;
      covered.add(older);
      queue.push(...parentsOf(store, older));
    }
  }
  return common.find((sha) => !covered.has(sha));
}

/**
 * The commits reachable from `head` but not from any of `exclude`, oldest first: every commit
 * comes after its parents (what `git log --reverse --topo-order exclude..head` lists).
 */
export function commitsBetween(
  store: GitStore,
  exclude: readonly string[],
  head: string,
): string[] {
  const hidden = new Set<string>();
  for (const sha of exclude) for (const old of ancestors(store, sha)) hidden.add(old);
  const ordered: string[] = [];
  const done = new Set<string>();
  const stack: { sha: string; expanded: boolean }[] = [{ sha: head, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top || hidden.has(top.sha) || store.objects.get(top.sha)?.type !== 'commit') continue;
    if (top.expanded) {
      if (!done.has(top.sha)) {
        done.add(top.sha);
        ordered.push(top.sha);
      }
      continue;
    }
    if (done.has(top.sha)) continue;
    stack.push({ sha: top.sha, expanded: true });
    // Pushed in reverse so the first parent's line is listed before a merged branch's.
    for (const parent of [...parentsOf(store, top.sha)].reverse()) {
      if (!done.has(parent)) stack.push({ sha: parent, expanded: false });
    }
  }
  return ordered;
}

/**
 * The commit a revision names, the way GitHub's commit and compare routes read one: a full ref
 * (`refs/heads/x`), `heads/x` or `tags/x`, a branch, a tag, a full SHA, or an abbreviated SHA of
 * at least 7 hex digits that only one commit starts with.
 */
export function resolveRevision(store: GitStore, name: string): string | undefined {
  const candidates = [name, `refs/${name}`, `refs/heads/${name}`, `refs/tags/${name}`];
  for (const ref of candidates) {
    const sha = ref.startsWith('refs/') ? store.refs.get(ref) : undefined;
    if (sha) return sha;
  }
  if (store.objects.get(name)?.type === 'commit') return name;
  if (!/^[0-9a-f]{7,39}$/i.test(name)) return undefined;
  const prefix = name.toLowerCase();
  const matches = [...store.objects]
    .filter(([sha, object]) => object.type === 'commit' && sha.startsWith(prefix))
    .map(([sha]) => sha);
  return matches.length === 1 ? matches[0] : undefined;
}
