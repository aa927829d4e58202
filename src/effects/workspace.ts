import { parse as parseYaml } from 'yaml';
import type { GitHubPort } from '../github/port.js';
import { EffectRefused } from './errors.js';

/** A package of the repository: where its package.json is and what it says. */
export interface WorkspacePackage {
  /** Directory with a trailing slash (`plugins/catalog/`), empty for the root. */
  dir: string;
  name: string;
  version: string;
  /** Names it depends on (dependencies, peer and optional dependencies). */
  dependsOn: string[];
  text: string;
}

function readPackage(dir: string, text: string): WorkspacePackage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const json = parsed as {
    name?: unknown;
    version?: unknown;
    dependencies?: Record<string, unknown>;
    peerDependencies?: Record<string, unknown>;
    optionalDependencies?: Record<string, unknown>;
  };
  if (typeof json.name !== 'string') return undefined;
  return {
    dir,
    name: json.name,
    version: typeof json.version === 'string' ? json.version : '',
    dependsOn: [
      ...Object.keys(json.dependencies ?? {}),
      ...Object.keys(json.peerDependencies ?? {}),
      ...Object.keys(json.optionalDependencies ?? {}),
    ],
    text,
  };
}

/** The workspace globs: package.json `workspaces` (npm, yarn) or pnpm-workspace.yaml `packages`. */
async function workspaceGlobs(github: GitHubPort, repo: string, ref: string, root: string) {
  const json = JSON.parse(root) as { workspaces?: unknown };
  const workspaces = Array.isArray(json.workspaces)
    ? json.workspaces
    : (json.workspaces as { packages?: unknown } | undefined)?.packages;
  if (Array.isArray(workspaces))
    return workspaces.filter((g): g is string => typeof g === 'string');
  const pnpm = await github.getFile(repo, 'pnpm-workspace.yaml', ref);
  if (!pnpm) return [];
  const packages = (parseYaml(pnpm.content) as { packages?: unknown } | null)?.packages;
  return Array.isArray(packages) ? packages.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * The directories a glob names. Each `*` segment is one directory level; `**` descends up to
 * three levels (workspaces are shallow; a deeper walk would cost a request per directory).
 */
async function expandGlob(
  github: GitHubPort,
  repo: string,
  ref: string,
  glob: string,
): Promise<string[]> {
  let dirs = [''];
  for (const segment of glob.replace(/\/+$/, '').split('/')) {
    const next: string[] = [];
    for (const dir of dirs) {
      if (segment === '**') {
        let level = [dir];
        next.push(dir);
        for (let depth = 0; depth < 3; depth++) {
          const deeper: string[] = [];
          for (const d of level)
            for (const entry of await github.listDirectory(repo, d.replace(/\/$/, '') || '.', ref))
              deeper.push(`${d}${entry}/`);
          next.push(...deeper);
          level = deeper;
        }
      } else if (segment.includes('*')) {
        const pattern = new RegExp(`^${segment.split('*').map(escape).join('[^/]*')}$`);
        for (const entry of await github.listDirectory(repo, dir.replace(/\/$/, '') || '.', ref))
          if (pattern.test(entry)) next.push(`${dir}${entry}/`);
      } else {
        next.push(`${dir}${segment}/`);
      }
    }
    dirs = next;
  }
  return dirs;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The packages of a repository and the workspace globs that named none. */
export interface Workspace {
  packages: WorkspacePackage[];
  globs: string[];
  emptyGlobs: string[];
}

/**
 * Every package of the repository at `ref`: the root and the workspace packages its globs name.
 * Globs that match nothing are reported, so a caller that does not find its package can say
 * which glob to fix instead of "the package does not exist".
 */
export async function findWorkspacePackages(
  github: GitHubPort,
  repo: string,
  ref: string,
): Promise<Workspace> {
  const root = await github.getFile(repo, 'package.json', ref);
  if (!root) return { packages: [], globs: [], emptyGlobs: [] };
  const packages: WorkspacePackage[] = [];
  const own = readPackage('', root.content);
  if (own) packages.push(own);
  let globs: string[];
  try {
    globs = await workspaceGlobs(github, repo, ref, root.content);
  } catch {
    throw new EffectRefused('the root package.json is not valid JSON');
  }
  const emptyGlobs: string[] = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    const found: WorkspacePackage[] = [];
    for (const dir of await expandGlob(github, repo, ref, glob)) {
      const file = await github.getFile(repo, `${dir}package.json`, ref);
      const pkg = file ? readPackage(dir, file.content) : undefined;
      if (pkg) found.push(pkg);
    }
    if (found.length === 0) emptyGlobs.push(glob);
    packages.push(...found.filter((p) => !packages.some((q) => q.dir === p.dir)));
  }
  return { packages, globs, emptyGlobs };
}

/**
 * The workspace packages `pkg` depends on, directly or through other workspace packages: a
 * pending change anywhere in that closure would ship, half-done, with a release of `pkg`.
 * The root package is left out unless something depends on it by name.
 */
export function dependencyClosure(
  pkg: WorkspacePackage,
  workspace: WorkspacePackage[],
): WorkspacePackage[] {
  const byName = new Map(workspace.map((p) => [p.name, p]));
  const seen = new Set([pkg.name]);
  const closure: WorkspacePackage[] = [];
  const queue = [pkg];
  for (let next = queue.shift(); next; next = queue.shift())
    for (const name of next.dependsOn) {
      const dep = byName.get(name);
      if (!dep || seen.has(name)) continue;
      seen.add(name);
      closure.push(dep);
      queue.push(dep);
    }
  return closure;
}
