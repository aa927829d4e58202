import { createHash } from 'node:crypto';
import type { SandboxCore } from './core.js';
import { apiUrl, htmlUrl, nodeId, renderRepo, renderUser, shaped } from './render-core.js';
import { fullName, type Advisory, type Comment, type Repo } from './state.js';

const GHSA_ALPHABET = '23456789cfghjmpqrvwx';

/** A GHSA id in GitHub's alphabet, derived from a number so runs are reproducible. */
export function ghsaIdFor(seed: number): string {
  const digest = createHash('sha256').update(`ghsa:${seed}`).digest();
  const chars = [...digest.subarray(0, 12)].map((b) => GHSA_ALPHABET[b % GHSA_ALPHABET.length]);
  const group = (i: number) => chars.slice(i, i + 4).join('');
  return `GHSA-${group(0)}-${group(4)}-${group(8)}`;
}

/** A few CWE names, so `cwes[].name` reads like GitHub's; others get a generic name. */
const CWE_NAMES: Record<string, string> = {
  'CWE-79': "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
  'CWE-89': "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
  'CWE-22': "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
  'CWE-200': 'Exposure of Sensitive Information to an Unauthorized Actor',
  'CWE-287': 'Improper Authentication',
  'CWE-352': 'Cross-Site Request Forgery (CSRF)',
  'CWE-862': 'Missing Authorization',
  'CWE-918': 'Server-Side Request Forgery (SSRF)',
};

function cvssPair(advisory: Advisory, version: 'v3' | 'v4') {
  const matches =
    advisory.cvssVector?.startsWith(version === 'v4' ? 'CVSS:4.0/' : 'CVSS:3') ?? false;
  return matches
    ? { vector_string: advisory.cvssVector, score: advisory.cvssScore }
    : { vector_string: null, score: null };
}

function renderTeam(core: SandboxCore, slug: string): unknown {
  const org = core.state.org;
  const team = org?.teams.get(slug);
  const base = `/orgs/${org?.login ?? ''}/teams/${slug}`;
  return shaped(core, 'team', {
    id: team?.id ?? 0,
    node_id: nodeId('T', team?.id ?? 0),
    url: apiUrl(core, base),
    html_url: htmlUrl(core, `/orgs/${org?.login ?? ''}/teams/${slug}`),
    name: team?.name ?? slug,
    slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: apiUrl(core, `${base}/members{/member}`),
    repositories_url: apiUrl(core, `${base}/repos`),
    parent: null,
    type: 'organization',
  });
}

/** A repository advisory exactly as `repository-advisory` (a closed schema) describes it. */
export function renderAdvisory(core: SandboxCore, repo: Repo, advisory: Advisory): unknown {
  const identifiers = [{ type: 'GHSA', value: advisory.ghsaId }];
  if (advisory.cveId) identifiers.push({ type: 'CVE', value: advisory.cveId });
  const fork = advisory.privateFork ? core.state.repos.get(advisory.privateFork) : undefined;
  return shaped(core, 'repository-advisory', {
    ghsa_id: advisory.ghsaId,
    cve_id: advisory.cveId,
    url: apiUrl(core, `/repos/${fullName(repo)}/security-advisories/${advisory.ghsaId}`),
    html_url: htmlUrl(core, `/${fullName(repo)}/security/advisories/${advisory.ghsaId}`),
    summary: advisory.summary,
    description: advisory.description,
    severity: advisory.severity,
    author: renderUser(core, advisory.author),
    publisher: advisory.publisher ? renderUser(core, advisory.publisher) : null,
    identifiers,
    state: advisory.state,
    created_at: advisory.createdAt,
    updated_at: advisory.updatedAt,
    published_at: advisory.publishedAt,
    closed_at: advisory.closedAt,
    withdrawn_at: null,
    submission: advisory.submission,
    vulnerabilities: advisory.vulnerabilities,
    cvss: advisory.cvssVector
      ? { vector_string: advisory.cvssVector, score: advisory.cvssScore }
      : null,
    cvss_severities: { cvss_v3: cvssPair(advisory, 'v3'), cvss_v4: cvssPair(advisory, 'v4') },
    cwes: advisory.cweIds.map((id) => ({ cwe_id: id, name: CWE_NAMES[id] ?? `Weakness ${id}` })),
    cwe_ids: advisory.cweIds,
    credits: advisory.credits.map((c) => ({ login: c.login, type: c.type })),
    credits_detailed: advisory.credits.map((c) => ({
      user: renderUser(core, c.login),
      type: c.type,
      state: c.state,
    })),
    collaborating_users: advisory.collaboratingUsers.map((login) => renderUser(core, login)),
    collaborating_teams: advisory.collaboratingTeams.map((slug) => renderTeam(core, slug)),
    private_fork: fork ? renderRepo(core, fork, 'simple-repository') : null,
  });
}

/** The global-database view of a published advisory, for `security_advisory` webhooks. */
export function renderGlobalAdvisory(
  core: SandboxCore,
  advisory: Advisory,
): Record<string, unknown> {
  const identifiers = [{ type: 'GHSA', value: advisory.ghsaId }];
  if (advisory.cveId) identifiers.push({ type: 'CVE', value: advisory.cveId });
  return {
    ghsa_id: advisory.ghsaId,
    cve_id: advisory.cveId,
    summary: advisory.summary,
    description: advisory.description ?? '',
    severity: advisory.severity ?? 'low',
    identifiers,
    references: [{ url: htmlUrl(core, `/advisories/${advisory.ghsaId}`) }],
    published_at: advisory.publishedAt ?? core.clock.iso(),
    updated_at: advisory.updatedAt,
    withdrawn_at: null,
    vulnerabilities: advisory.vulnerabilities.map((v) => ({
      package: { ecosystem: v.package?.ecosystem ?? 'other', name: v.package?.name ?? '' },
      severity: advisory.severity ?? 'low',
      vulnerable_version_range: v.vulnerable_version_range ?? '',
      first_patched_version: v.patched_versions ? { identifier: v.patched_versions } : null,
    })),
    cvss: { vector_string: advisory.cvssVector, score: advisory.cvssScore ?? 0 },
    cvss_severities: { cvss_v3: cvssPair(advisory, 'v3'), cvss_v4: cvssPair(advisory, 'v4') },
    cwes: advisory.cweIds.map((id) => ({ cwe_id: id, name: CWE_NAMES[id] ?? `Weakness ${id}` })),
  };
}

export function renderAdvisoryComment(
  core: SandboxCore,
  repo: Repo,
  advisory: Advisory,
  comment: Comment,
): unknown {
  const base = `/repos/${fullName(repo)}/security-advisories/${advisory.ghsaId}`;
  return {
    id: comment.id,
    node_id: nodeId('RAC', comment.id),
    url: apiUrl(core, `${base}/comments/${comment.id}`),
    html_url: htmlUrl(
      core,
      `/${fullName(repo)}/security/advisories/${advisory.ghsaId}#comment-${comment.id}`,
    ),
    body: comment.body,
    user: renderUser(core, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
  };
}

/** `GET /advisories/{ghsa_id}`: the global advisory as the REST API shows it (reviewed). */
export function renderGlobalAdvisoryRest(
  core: SandboxCore,
  repo: Repo,
  advisory: Advisory,
): Record<string, unknown> {
  const identifiers = [{ type: 'GHSA', value: advisory.ghsaId }];
  if (advisory.cveId) identifiers.push({ type: 'CVE', value: advisory.cveId });
  return {
    ghsa_id: advisory.ghsaId,
    cve_id: advisory.cveId,
    url: apiUrl(core, `/advisories/${advisory.ghsaId}`),
    html_url: htmlUrl(core, `/advisories/${advisory.ghsaId}`),
    repository_advisory_url: apiUrl(
      core,
      `/repos/${fullName(repo)}/security-advisories/${advisory.ghsaId}`,
    ),
    summary: advisory.summary,
    description: advisory.description ?? '',
    type: 'reviewed',
    severity: advisory.severity ?? 'unknown',
    source_code_location: htmlUrl(core, `/${fullName(repo)}`),
    identifiers,
    references: [htmlUrl(core, `/${fullName(repo)}/security/advisories/${advisory.ghsaId}`)],
    published_at: advisory.publishedAt ?? core.clock.iso(),
    updated_at: advisory.updatedAt,
    github_reviewed_at: advisory.updatedAt,
    nvd_published_at: null,
    withdrawn_at: null,
    vulnerabilities: advisory.vulnerabilities.map((v) => ({
      package: { ecosystem: v.package?.ecosystem ?? 'other', name: v.package?.name ?? null },
      vulnerable_version_range: v.vulnerable_version_range,
      first_patched_version: v.patched_versions,
      vulnerable_functions: v.vulnerable_functions ?? [],
    })),
    cvss: { vector_string: advisory.cvssVector, score: advisory.cvssScore },
    cvss_severities: { cvss_v3: cvssPair(advisory, 'v3'), cvss_v4: cvssPair(advisory, 'v4') },
    cwes: advisory.cweIds.map((id) => ({ cwe_id: id, name: CWE_NAMES[id] ?? `Weakness ${id}` })),
    credits: [],
  };
}
