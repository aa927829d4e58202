import { z } from 'zod';

/**
 * One affected product of an advisory as GitHub holds it (`vulnerabilities[]`, camel-cased). A
 * monorepo advisory lists several; the App never drops one and never rewrites a field it did not
 * set, so every write of the list is read-modify-write.
 */
export const AdvisoryPackage = z.strictObject({
  ecosystem: z.string().max(50),
  /** GitHub allows an entry without a package name (then it cannot be published). */
  name: z.string().max(214).optional(),
  vulnerableVersionRange: z.string().max(256).optional(),
  patchedVersions: z.string().max(256).optional(),
  vulnerableFunctions: z.array(z.string().max(500)).max(100).optional(),
});
export type AdvisoryPackage = z.infer<typeof AdvisoryPackage>;

/**
 * The advisory as GitHub showed it when the App last read it: what a person may have edited in
 * GitHub's UI, and the fingerprint a confirmation is bound to.
 */
export const AdvisoryCopy = z.strictObject({
  /** A digest of every field publication makes public (see `fingerprintOf`). */
  fingerprint: z.string().max(64),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  /** The CVSS 4.0 vector (`cvss_severities.cvss_v4`). */
  cvssVector: z.string().max(200).optional(),
  /** The CVSS 3.x vector (`cvss_severities.cvss_v3`), which the playbook does not use. */
  cvssV3Vector: z.string().max(200).optional(),
  cweIds: z.array(z.string().max(20)).max(100),
  packages: z.array(AdvisoryPackage).max(100),
});
export type AdvisoryCopy = z.infer<typeof AdvisoryCopy>;
