import { z } from 'zod';

const Repo = z.string().regex(/^[^/\s]+\/[^/\s]+$/);
const FileWrite = z.strictObject({ path: z.string(), content: z.string() });

/** Fields of a repository advisory write, in GitHub's REST names. */
export const AdvisoryWrite = z.strictObject({
  state: z.enum(['draft', 'published', 'closed']).optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  cvss_vector_string: z.string().optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  cve_id: z.string().optional(),
  vulnerabilities: z
    .array(
      z.strictObject({
        package: z.strictObject({ ecosystem: z.string(), name: z.string() }),
        vulnerable_version_range: z.string().optional(),
        patched_versions: z.string().optional(),
      }),
    )
    .optional(),
  credits: z.array(z.strictObject({ login: z.string(), type: z.string() })).optional(),
  collaborating_users: z.array(z.string()).optional(),
  collaborating_teams: z.array(z.string()).optional(),
});
export type AdvisoryWrite = z.infer<typeof AdvisoryWrite>;

/**
 * Which command set the effect off: its module says what the outcome means (none for effects the
 * lifecycle itself sets off, such as accepting the report when triage ends).
 */
const Owner = { command: z.string().max(40).optional() };

/**
 * A side effect the shell carries out, as plain keyed data. The key is stable across reruns so
 * an effect whose intent was recorded but whose result was not is completed, not repeated.
 */
export const Effect = z.discriminatedUnion('kind', [
  z.strictObject({
    ...Owner,
    kind: z.literal('update-advisory'),
    key: z.string(),
    repo: Repo,
    ghsaId: z.string(),
    fields: AdvisoryWrite,
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('create-advisory'),
    key: z.string(),
    repo: Repo,
    fields: AdvisoryWrite,
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('request-cve'),
    key: z.string(),
    repo: Repo,
    ghsaId: z.string(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('create-fork'),
    key: z.string(),
    repo: Repo,
    ghsaId: z.string(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('advisory-comment'),
    key: z.string(),
    repo: Repo,
    ghsaId: z.string(),
    body: z.string(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('create-branch'),
    key: z.string(),
    repo: Repo,
    branch: z.string(),
    from: z.string().optional(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('bump-versions'),
    key: z.string(),
    repo: Repo,
    branch: z.string(),
    paths: z.array(z.string()),
    version: z.string(),
    message: z.string(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('dispatch-workflow'),
    key: z.string(),
    repo: Repo,
    workflow: z.string(),
    ref: z.string(),
    inputs: z.record(z.string(), z.string()),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('open-pull-request'),
    key: z.string(),
    repo: Repo,
    purpose: z.enum(['changeset', 'quick-release', 'changelog', 'postmortem']),
    branch: z.string(),
    title: z.string(),
    body: z.string(),
    files: z.array(FileWrite),
    /** Prepend to the existing file instead of replacing it (CHANGELOG.md entries). */
    prepend: z.boolean().optional(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('quick-release'),
    key: z.string(),
    repo: Repo,
    packageName: z.string(),
    version: z.string(),
    branch: z.string(),
    title: z.string(),
    /** Entry prepended to the package's CHANGELOG.md (public before publication: kept neutral). */
    changelogEntry: z.string(),
    changesetDirectory: z.string(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('publish-advisory'),
    key: z.string(),
    repo: Repo,
    ghsaId: z.string(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('close-tracking-issue'),
    key: z.string(),
    reason: z.enum(['completed', 'not_planned']),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('minimize-comment'),
    key: z.string(),
    nodeId: z.string(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('check-url'),
    key: z.string(),
    url: z.string(),
    needle: z.string(),
  }),
]);
export type Effect = z.infer<typeof Effect>;
export type EffectKind = Effect['kind'];

/** Effects that write to the product repository, which may be public: the leak guard checks them. */
export const PUBLIC_WRITE_KINDS: readonly EffectKind[] = [
  'create-branch',
  'bump-versions',
  'dispatch-workflow',
  'open-pull-request',
  'quick-release',
];
