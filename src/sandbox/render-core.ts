import type { SandboxCore } from './core.js';
import { shape, shapeComponent } from './openapi/shape.js';
import type { Json } from './openapi/spec.js';
import { fullName, type Installation, type Repo } from './state.js';

/**
 * Renderers give the fields the sandbox models; `shaped` completes each object to the documented
 * schema (see shape.ts), so responses carry every required field of GitHub's description.
 */
export function shaped(core: SandboxCore, component: string, partial: unknown): unknown {
  return shapeComponent(shapeContext(core), component, partial);
}

/** `shaped` against an inline schema (webhook payloads), dropping keys a closed schema lacks. */
export function shapedTo(core: SandboxCore, schema: Json, partial: unknown): unknown {
  return shape({ ...shapeContext(core), prune: true }, schema, partial);
}

function shapeContext(core: SandboxCore) {
  return { doc: core.validator.github, now: core.clock.iso(), baseUrl: `${core.baseUrl}/` };
}

/** GraphQL-style global ids: a type prefix plus the database id. */
export function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(`sandbox:${id}`).toString('base64url')}`;
}

/** The database id inside a node id, or undefined when it is not one of ours. */
export function idFromNodeId(node: string): number | undefined {
  const encoded = node.split('_')[1];
  if (!encoded) return undefined;
  const match = /^sandbox:(\d+)$/.exec(Buffer.from(encoded, 'base64url').toString('utf8'));
  return match?.[1] ? Number(match[1]) : undefined;
}

export function apiUrl(core: SandboxCore, path: string): string {
  return `${core.baseUrl}${path}`;
}

export function htmlUrl(core: SandboxCore, path: string): string {
  return `${core.htmlBaseUrl}${path}`;
}

/** A `simple-user` for a login (organisations and bots included). */
export function renderUser(core: SandboxCore, login: string): Record<string, unknown> {
  const user = core.state.users.get(login);
  const org = core.state.org?.login === login ? core.state.org : undefined;
  const id = user?.id ?? org?.id ?? 0;
  const type = org ? 'Organization' : (user?.type ?? 'User');
  return shaped(core, 'simple-user', {
    login,
    id,
    node_id: nodeId(type === 'Organization' ? 'O' : type === 'Bot' ? 'BOT' : 'U', id),
    // Only when known: webhook user objects type `name` as a non-null string.
    ...(user?.name ? { name: user.name } : {}),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: apiUrl(core, `/users/${encodeURIComponent(login)}`),
    html_url: htmlUrl(core, `/${encodeURIComponent(login)}`),
    type,
    site_admin: false,
  }) as Record<string, unknown>;
}

/** The fields of a repository common to every repository schema GitHub has. */
export function repositoryFields(core: SandboxCore, repo: Repo): Record<string, unknown> {
  const name = fullName(repo);
  const openIssues = repo.issues.filter((i) => i.state === 'open').length;
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: name,
    owner: renderUser(core, repo.owner),
    private: repo.isPrivate,
    visibility: repo.isPrivate ? 'private' : 'public',
    description: repo.description,
    fork: repo.forkOf !== null,
    url: apiUrl(core, `/repos/${name}`),
    html_url: htmlUrl(core, `/${name}`),
    clone_url: htmlUrl(core, `/${name}.git`),
    git_url: `git://github.com/${name}.git`,
    ssh_url: `git@github.com:${name}.git`,
    svn_url: htmlUrl(core, `/${name}`),
    default_branch: repo.defaultBranch,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    pushed_at: repo.pushedAt,
    open_issues: openIssues,
    open_issues_count: openIssues,
    has_issues: true,
    license: null,
    homepage: null,
    language: null,
    mirror_url: null,
  };
}

/** A repository as `schema` (repository, full-repository, simple-repository...) describes it. */
export function renderRepo(
  core: SandboxCore,
  repo: Repo,
  schema = 'repository',
): Record<string, unknown> {
  return shaped(core, schema, repositoryFields(core, repo)) as Record<string, unknown>;
}

export function renderInstallation(core: SandboxCore, installation: Installation): unknown {
  const path = `/app/installations/${installation.id}`;
  return shaped(core, 'installation', {
    id: installation.id,
    account: renderUser(core, installation.account),
    repository_selection: installation.repositories === 'all' ? 'all' : 'selected',
    access_tokens_url: apiUrl(core, `${path}/access_tokens`),
    repositories_url: apiUrl(core, '/installation/repositories'),
    html_url: htmlUrl(
      core,
      `/organizations/${installation.account}/settings/installations/${installation.id}`,
    ),
    app_id: core.app.id,
    app_slug: core.app.slug,
    target_id: core.state.org?.id ?? 0,
    target_type: 'Organization',
    permissions: installation.permissions,
    events: installation.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  });
}

/** `GET /app`: the App as GitHub describes it (`integration`). */
export function renderApp(core: SandboxCore): unknown {
  const owner = core.state.org?.login ?? core.app.slug;
  return shaped(core, 'integration', {
    id: core.app.id,
    slug: core.app.slug,
    node_id: nodeId('A', core.app.id),
    client_id: `Iv1.sandbox${core.app.id}`,
    owner: renderUser(core, owner),
    name: core.app.name,
    description: 'Registered in the sandbox',
    external_url: htmlUrl(core, `/apps/${core.app.slug}`),
    html_url: htmlUrl(core, `/apps/${core.app.slug}`),
    created_at: core.app.createdAt,
    updated_at: core.app.createdAt,
    permissions: [...core.state.installations.values()][0]?.permissions ?? {},
    events: [...core.state.installations.values()][0]?.events ?? [],
    installations_count: core.state.installations.size,
  });
}
