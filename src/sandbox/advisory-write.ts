import type { SandboxCore } from './core.js';
import { scoreVector } from './cvss.js';
import { unprocessable, text } from './http.js';
import type { Advisory, Credit, Vulnerability } from './state.js';

/**
 * Applies the writable fields of a create/update body to an advisory with GitHub's rules:
 * `severity` and `cvss_vector_string` are mutually exclusive, a vector sets the severity from
 * its score, and list fields (credits, vulnerabilities, collaborators) replace the whole list.
 */
export function applyAdvisoryFields(
  core: SandboxCore,
  advisory: Advisory,
  body: Record<string, unknown>,
): void {
  const severity = body.severity;
  const vector = body.cvss_vector_string;
  if (typeof severity === 'string' && typeof vector === 'string') {
    throw unprocessable('Validation Failed', [
      {
        resource: 'RepositoryAdvisory',
        field: 'severity',
        code: 'invalid',
        message: 'Cannot specify both severity and cvss_vector_string',
      },
    ]);
  }
  if (typeof vector === 'string') {
    const scored = scoreVector(vector);
    if (!scored) {
      throw unprocessable('Validation Failed', [
        {
          resource: 'RepositoryAdvisory',
          field: 'cvss_vector_string',
          code: 'invalid',
          message: `Invalid CVSS vector: ${vector}`,
        },
      ]);
    }
    advisory.cvssVector = scored.vector;
    advisory.cvssScore = scored.score;
    advisory.severity = scored.severity;
  } else if (typeof severity === 'string') {
    advisory.severity = severity as Advisory['severity'];
    advisory.cvssVector = null;
    advisory.cvssScore = null;
  } else if (severity === null || vector === null) {
    if (severity === null) advisory.severity = null;
    if (vector === null) {
      advisory.cvssVector = null;
      advisory.cvssScore = null;
    }
  }
  if (typeof body.summary === 'string') advisory.summary = body.summary;
  if (typeof body.description === 'string') advisory.description = body.description;
  if (typeof body.cve_id === 'string' || body.cve_id === null) advisory.cveId = body.cve_id;
  if (Array.isArray(body.cwe_ids)) advisory.cweIds = body.cwe_ids.map(String);
  if (Array.isArray(body.vulnerabilities))
    advisory.vulnerabilities = body.vulnerabilities.map(toVulnerability);
  if (Array.isArray(body.credits))
    advisory.credits = body.credits.map((c) => toCredit(core, advisory, c));
  if (Array.isArray(body.collaborating_users)) {
    advisory.collaboratingUsers = body.collaborating_users.map((login) => {
      const name = String(login);
      if (!core.state.users.has(name)) {
        throw unprocessable('Validation Failed', [
          {
            resource: 'RepositoryAdvisory',
            field: 'collaborating_users',
            code: 'invalid',
            message: `User ${name} not found`,
          },
        ]);
      }
      return name;
    });
  }
  if (Array.isArray(body.collaborating_teams)) {
    advisory.collaboratingTeams = body.collaborating_teams.map((slug) => {
      const name = String(slug);
      if (!core.state.org?.teams.has(name)) {
        throw unprocessable('Validation Failed', [
          {
            resource: 'RepositoryAdvisory',
            field: 'collaborating_teams',
            code: 'invalid',
            message: `Team ${name} not found`,
          },
        ]);
      }
      return name;
    });
  }
}

function toVulnerability(value: unknown): Vulnerability {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const pkg = (typeof v.package === 'object' && v.package !== null ? v.package : undefined) as
    Record<string, unknown> | undefined;
  return {
    package: pkg
      ? {
          ecosystem: text(pkg.ecosystem, 'other'),
          name: typeof pkg.name === 'string' ? pkg.name : null,
        }
      : null,
    vulnerable_version_range:
      typeof v.vulnerable_version_range === 'string' ? v.vulnerable_version_range : null,
    patched_versions: typeof v.patched_versions === 'string' ? v.patched_versions : null,
    vulnerable_functions: Array.isArray(v.vulnerable_functions)
      ? v.vulnerable_functions.map(String)
      : null,
  };
}

/** New credits start `pending` until the user accepts; a credit kept from before keeps its state. */
function toCredit(core: SandboxCore, advisory: Advisory, value: unknown): Credit {
  const c = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const login = text(c.login, '');
  if (!core.state.users.has(login)) {
    throw unprocessable('Validation Failed', [
      {
        resource: 'RepositoryAdvisory',
        field: 'credits',
        code: 'invalid',
        message: `User ${login} not found`,
      },
    ]);
  }
  const type = text(c.type, 'other');
  const before = advisory.credits.find((k) => k.login === login);
  return { login, type, state: before?.state ?? 'pending' };
}

/** Which state changes GitHub allows; published is final (withdrawal goes through support). */
export function transitionError(from: Advisory['state'], to: string): string | undefined {
  if (from === to) return undefined;
  const allowed: Record<string, string[]> = {
    triage: ['draft', 'closed'],
    draft: ['published', 'closed'],
    closed: ['draft'],
    published: [],
    withdrawn: [],
  };
  if (allowed[from]?.includes(to)) return undefined;
  if (from === 'published')
    return 'Published advisories cannot be changed back to draft or closed.';
  return `Cannot change an advisory from ${from} to ${to}.`;
}
