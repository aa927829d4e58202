import { toObservedAdvisory, type RestAdvisory } from './advisory-mapping.js';
import { PER_PAGE, statusOf, type ConditionalGet, type Octokit } from './conditional-get.js';
import { PreviewUnavailableError, repoRef, type AdvisoryPoll, type GitHubPort } from './port.js';
import type { AdvisoryWrite } from '../domain/effects.js';

/** The port's repository-advisory operations. */
export type AdvisoryOperations = Pick<
  GitHubPort,
  | 'getAdvisory'
  | 'listAdvisories'
  | 'createAdvisory'
  | 'updateAdvisory'
  | 'getAdvisoryLists'
  | 'getGlobalAdvisory'
  | 'requestCve'
  | 'createFork'
  | 'commentOnAdvisory'
  | 'pollAdvisories'
>;

// The route's response shape, as Octokit's types describe it for `octokit.rest`.
const rawAdvisories = (data: unknown) => data as (RestAdvisory & { updated_at?: string | null })[];

/**
 * Advisory operations over an installation's Octokit. `isPrivate` tells whether a repository is
 * private: an observed advisory carries it, since a public repository's advisory may leak.
 */
export function advisoryOperations(
  octokit: Octokit,
  get: ConditionalGet,
  isPrivate: (repo: string) => Promise<boolean>,
): AdvisoryOperations {
  return {
    async getAdvisory(repo, ghsaId) {
      const { data } = await octokit.rest.securityAdvisories.getRepositoryAdvisory({
        ...repoRef(repo),
        ghsa_id: ghsaId,
      });
      return toObservedAdvisory(data, repo, await isPrivate(repo));
    },
    async listAdvisories(repo) {
      // Shares its cache entry with pollAdvisories (same request), so both keep the raw list.
      const data = await get(
        `advisories:${repo}`,
        'GET /repos/{owner}/{repo}/security-advisories',
        {
          ...repoRef(repo),
          sort: 'updated',
          direction: 'desc',
          per_page: PER_PAGE,
        },
        rawAdvisories,
      );
      const repoPrivate = await isPrivate(repo);
      return data.map((a) => toObservedAdvisory(a, repo, repoPrivate));
    },
    async createAdvisory(repo, fields) {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/security-advisories', {
        ...repoRef(repo),
        summary: fields.summary ?? '',
        description: fields.description ?? fields.summary ?? '',
        vulnerabilities: (fields.vulnerabilities ?? []).map((v) => ({
          package: v.package,
          vulnerable_version_range: v.vulnerable_version_range ?? null,
          patched_versions: v.patched_versions ?? null,
        })),
        ...(fields.cvss_vector_string
          ? { cvss_vector_string: fields.cvss_vector_string }
          : fields.severity
            ? { severity: fields.severity }
            : {}),
      } as never);
      const advisory = data as unknown as RestAdvisory;
      return { ghsaId: advisory.ghsa_id, url: advisory.html_url ?? '' };
    },
    async updateAdvisory(repo, ghsaId, fields: AdvisoryWrite) {
      await octokit.request('PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
        ...repoRef(repo),
        ghsa_id: ghsaId,
        ...fields,
      } as never);
    },
    async getGlobalAdvisory(ghsaId) {
      try {
        const { data } = await octokit.request('GET /advisories/{ghsa_id}', { ghsa_id: ghsaId });
        return {
          ...(data.cve_id ? { cveId: data.cve_id } : {}),
          patched: (data.vulnerabilities ?? []).flatMap((v) =>
            v.package?.name
              ? [
                  {
                    name: v.package.name,
                    ...(v.first_patched_version ? { version: v.first_patched_version } : {}),
                  },
                ]
              : [],
          ),
        };
      } catch (error) {
        // Not listed (yet): GitHub answers 404 until the database has the advisory.
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async getAdvisoryLists(repo, ghsaId) {
      const { data } = await octokit.rest.securityAdvisories.getRepositoryAdvisory({
        ...repoRef(repo),
        ghsa_id: ghsaId,
      });
      return {
        credits: (data.credits ?? []).flatMap((c) =>
          c.login ? [{ login: c.login, type: c.type ?? 'other' }] : [],
        ),
        users: (data.collaborating_users ?? []).map((u) => u.login),
        teams: (data.collaborating_teams ?? []).map((t) => t.slug),
      };
    },
    async requestCve(repo, ghsaId) {
      await octokit.request('POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/cve', {
        ...repoRef(repo),
        ghsa_id: ghsaId,
      });
    },
    async createFork(repo, ghsaId) {
      const { data } = await octokit.request(
        'POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/forks',
        { ...repoRef(repo), ghsa_id: ghsaId },
      );
      const fork = data as { full_name: string; html_url: string };
      return { name: fork.full_name, url: fork.html_url };
    },
    async commentOnAdvisory(repo, ghsaId, body) {
      try {
        await octokit.request('POST /repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments', {
          ...repoRef(repo),
          ghsa_id: ghsaId,
          body,
        });
      } catch (error) {
        const status = statusOf(error);
        // A rate limit is a 403 too, but it passes: it must be retried, not read as "no API".
        const limited = error instanceof Error && /rate limit/i.test(error.message);
        if ((status === 403 && !limited) || status === 404 || status === 410)
          throw new PreviewUnavailableError(status);
        throw error;
      }
    },
    async pollAdvisories(repo, repoPrivate) {
      const data = await get(
        `advisories:${repo}`,
        'GET /repos/{owner}/{repo}/security-advisories',
        { ...repoRef(repo), sort: 'updated', direction: 'desc', per_page: PER_PAGE },
        rawAdvisories,
      );
      // One advisory that does not fit the domain's shape must not hide the others.
      const poll: AdvisoryPoll = { polled: [], unreadable: [] };
      for (const a of data) {
        try {
          const advisory = toObservedAdvisory(a, repo, repoPrivate);
          poll.polled.push({ advisory, updatedAt: a.updated_at ?? advisory.createdAt });
        } catch (error) {
          poll.unreadable.push({
            ghsaId: typeof a.ghsa_id === 'string' ? a.ghsa_id : '(no GHSA ID)',
            reason: error instanceof Error ? error.message : String(error),
          });
        }
      }
      return poll;
    },
  };
}
