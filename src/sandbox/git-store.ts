import { createHash } from 'node:crypto';

export interface Signature {
  name: string;
  email: string;
  date: string;
}

export interface TreeEntry {
  name: string;
  mode: string;
  type: 'blob' | 'tree';
  sha: string;
}

export type GitObject =
  | { type: 'blob'; content: Buffer }
  | { type: 'tree'; entries: TreeEntry[] }
  | {
      type: 'commit';
      tree: string;
      parents: string[];
      message: string;
      author: Signature;
      committer: Signature;
    };

/** Objects by SHA and refs (`refs/heads/main` → commit SHA) of one repository. */
export interface GitStore {
  objects: Map<string, GitObject>;
  refs: Map<string, string>;
}

/** A file in a flattened tree. */
export interface FileEntry {
  mode: string;
  sha: string;
}

export function createGitStore(): GitStore {
  return { objects: new Map(), refs: new Map() };
}

/** Stores an object under its real git SHA-1, so SHAs look and behave like GitHub's. */
export function putObject(store: GitStore, object: GitObject): string {
  const body = serialize(object);
  const header = Buffer.from(`${object.type} ${body.length}\0`);
  const sha = createHash('sha1')
    .update(Buffer.concat([header, body]))
    .digest('hex');
  store.objects.set(sha, object);
  return sha;
}

function serialize(object: GitObject): Buffer {
  if (object.type === 'blob') return object.content;
  if (object.type === 'tree') {
    const parts = sortEntries(object.entries).map((e) =>
      Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')]),
    );
    return Buffer.concat(parts);
  }
  const sig = (s: Signature) =>
    `${s.name} <${s.email}> ${Math.floor(Date.parse(s.date) / 1000)} +0000`;
  const lines = [`tree ${object.tree}`, ...object.parents.map((p) => `parent ${p}`)];
  lines.push(
    `author ${sig(object.author)}`,
    `committer ${sig(object.committer)}`,
    '',
    object.message,
  );
  return Buffer.from(lines.join('\n'));
}

/** Git orders tree entries by name, comparing a subtree's name as if it ended in '/'. */
export function sortEntries(entries: readonly TreeEntry[]): TreeEntry[] {
  const key = (e: TreeEntry) => (e.type === 'tree' ? `${e.name}/` : e.name);
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every file under a tree, by full path. */
export function flattenTree(store: GitStore, treeSha: string, prefix = ''): Map<string, FileEntry> {
  const files = new Map<string, FileEntry>();
  const tree = store.objects.get(treeSha);
  if (tree?.type !== 'tree') return files;
  for (const entry of tree.entries) {
    const path = `${prefix}${entry.name}`;
    if (entry.type === 'tree') {
      for (const [sub, file] of flattenTree(store, entry.sha, `${path}/`)) files.set(sub, file);
    } else {
      files.set(path, { mode: entry.mode, sha: entry.sha });
    }
  }
  return files;
}

/** Builds nested trees for a flat path → file map and returns the root tree SHA. */
export function buildTree(store: GitStore, files: ReadonlyMap<string, FileEntry>): string {
  const direct: TreeEntry[] = [];
  const subdirs = new Map<string, Map<string, FileEntry>>();
  for (const [path, file] of files) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      direct.push({ name: path, mode: file.mode, type: 'blob', sha: file.sha });
      continue;
    }
    const dir = path.slice(0, slash);
    const inner = subdirs.get(dir) ?? new Map<string, FileEntry>();
    inner.set(path.slice(slash + 1), file);
    subdirs.set(dir, inner);
  }
  for (const [dir, inner] of subdirs) {
    direct.push({ name: dir, mode: '040000', type: 'tree', sha: buildTree(store, inner) });
  }
  return putObject(store, { type: 'tree', entries: sortEntries(direct) });
}

/** The object at `path` inside a tree (a file or a directory), or undefined. */
export function lookupPath(store: GitStore, treeSha: string, path: string): TreeEntry | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  let current: TreeEntry = { name: '', mode: '040000', type: 'tree', sha: treeSha };
  for (const part of parts) {
    const tree = store.objects.get(current.sha);
    if (tree?.type !== 'tree') return undefined;
    const next = tree.entries.find((e) => e.name === part);
    if (!next) return undefined;
    current = next;
  }
  return current;
}

/** The commit a branch, tag, full ref or SHA names; undefined when it names nothing. */
export function resolveCommit(store: GitStore, name: string): string | undefined {
  for (const ref of [name, `refs/heads/${name}`, `refs/tags/${name}`]) {
    const sha = store.refs.get(ref);
    if (sha) return sha;
  }
  return store.objects.get(name)?.type === 'commit' ? name : undefined;
}

/** The tree of a commit. */
export function commitTree(store: GitStore, commitSha: string): string | undefined {
  const commit = store.objects.get(commitSha);
  return commit?.type === 'commit' ? commit.tree : undefined;
}

/**
 * Commits a change of files (content, or null to delete) on top of `parent` (or as a root commit)
 * and returns the new commit's SHA; the caller moves the ref.
 */
export function commitFiles(
  store: GitStore,
  parent: string | undefined,
  changes: Record<string, string | null>,
  message: string,
  author: Signature,
): string {
  const baseTree = parent ? commitTree(store, parent) : undefined;
  const files = baseTree ? flattenTree(store, baseTree) : new Map<string, FileEntry>();
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) files.delete(path);
    else files.set(path, { mode: '100644', sha: putObject(store, blob(content)) });
  }
  const tree = buildTree(store, files);
  return putObject(store, {
    type: 'commit',
    tree,
    parents: parent ? [parent] : [],
    message,
    author,
    committer: author,
  });
}

function blob(content: string): GitObject {
  return { type: 'blob', content: Buffer.from(content, 'utf8') };
}
