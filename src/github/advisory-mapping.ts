import { ObservedAdvisory } from '../domain/inputs.js';

/** The parts of GitHub's repository-advisory object the App reads (REST and webhook alike). */
export interface RestAdvisory {
  ghsa_id: string;
  state: string;
  summary: string;
  description?: string | null;
  html_url?: string;
  created_at?: string | null;
  updated_at?: string | null;
  published_at?: string | null;
  cve_id?: string | null;
  severity?: string | null;
  cvss_severities?: {
    cvss_v3?: { vector_string?: string | null } | null;
    cvss_v4?: { vector_string?: string | null } | null;
  } | null;
  /** The legacy single CVSS field (3.x on older advisories). */
  cvss?: { vector_string?: string | null } | null;
  cwe_ids?: string[] | null;
  author?: { login?: string } | null;
  /** Set for an advisory that came through private vulnerability reporting; `null` for one a person created. */
  submission?: { accepted?: boolean } | null;
  vulnerabilities?:
    | {
        package?: { ecosystem?: string; name?: string | null } | null;
        vulnerable_version_range?: string | null;
        patched_versions?: string | null;
        vulnerable_functions?: string[] | null;
      }[]
    | null;
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/**
 * Maps GitHub's advisory object to the domain's `ObservedAdvisory`, validating it at the
 * boundary: a payload that does not fit throws with the field that is wrong (the handler logs it
 * and answers nothing rather than acting on half a payload).
 */
export function toObservedAdvisory(
  advisory: RestAdvisory,
  repo: string,
  repoPrivate: boolean,
): ObservedAdvisory {
  // A malformed payload may carry no advisory object, or an ID that is not a string: the error
  // names what is wrong instead of failing while it is built.
  if (typeof advisory !== 'object' || (advisory as unknown) === null || Array.isArray(advisory)) {
    throw new Error('advisory (none) does not fit: the payload has no advisory object');
  }
  const label = typeof advisory.ghsa_id === 'string' ? advisory.ghsa_id : '(no GHSA ID)';
  if (advisory.vulnerabilities != null && !Array.isArray(advisory.vulnerabilities))
    throw new Error(`advisory ${label} does not fit: vulnerabilities is not a list`);
  const index = (advisory.vulnerabilities ?? []).findIndex(
    (v) => typeof v !== 'object' || (v as unknown) === null || Array.isArray(v),
  );
  if (index !== -1)
    throw new Error(
      `advisory ${label} does not fit: vulnerabilities.${String(index)} is not an object`,
    );
  const vulnerability = advisory.vulnerabilities?.[0];
  const severity = SEVERITIES.find((s) => s === advisory.severity);
  const packages = (advisory.vulnerabilities ?? []).map((v) => ({
    ecosystem: v.package?.ecosystem ?? 'other',
    ...(v.package?.name ? { name: v.package.name } : {}),
    ...(v.vulnerable_version_range ? { vulnerableVersionRange: v.vulnerable_version_range } : {}),
    ...(v.patched_versions ? { patchedVersions: v.patched_versions } : {}),
    ...(v.vulnerable_functions && v.vulnerable_functions.length > 0
      ? { vulnerableFunctions: v.vulnerable_functions }
      : {}),
  }));
  const legacy = advisory.cvss?.vector_string;
  const v3 =
    advisory.cvss_severities?.cvss_v3?.vector_string ??
    (legacy?.startsWith('CVSS:3') ? legacy : undefined);
  const candidate = {
    ghsaId: advisory.ghsa_id,
    repo,
    repoPrivate,
    state: advisory.state,
    summary: advisory.summary,
    ...(advisory.description ? { description: advisory.description } : {}),
    ...(advisory.html_url ? { htmlUrl: advisory.html_url } : {}),
    createdAt: advisory.created_at ?? new Date(0).toISOString(),
    ...(advisory.updated_at ? { updatedAt: advisory.updated_at } : {}),
    ...(advisory.published_at ? { publishedAt: advisory.published_at } : {}),
    ...(advisory.cve_id ? { cveId: advisory.cve_id } : {}),
    ...(severity ? { severity } : {}),
    ...(advisory.cvss_severities?.cvss_v4?.vector_string
      ? { cvssVector: advisory.cvss_severities.cvss_v4.vector_string }
      : {}),
    // A draft someone created has GitHub's `submission: null`: its author opened it, nobody
    // reported it through GitHub (the report came by a bug-bounty program or e-mail).
    ...(advisory.author?.login
      ? advisory.submission === null && advisory.state !== 'triage'
        ? { draftBy: advisory.author.login }
        : { reporter: advisory.author.login }
      : {}),
    ...(vulnerability?.package?.ecosystem ? { ecosystem: vulnerability.package.ecosystem } : {}),
    ...(vulnerability?.package?.name ? { packageName: vulnerability.package.name } : {}),
    ...(vulnerability?.vulnerable_version_range
      ? { vulnerableVersionRange: vulnerability.vulnerable_version_range }
      : {}),
    ...(vulnerability?.patched_versions ? { patchedVersions: vulnerability.patched_versions } : {}),
    packages,
    cweIds: advisory.cwe_ids ?? [],
    ...(v3 ? { cvssV3Vector: v3 } : {}),
  };
  const parsed = ObservedAdvisory.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `advisory ${label} does not fit: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}
