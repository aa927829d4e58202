import { z } from 'zod';
import { ReportChannel } from './report-channel.js';

const Repo = z.string().regex(/^[^/\s]+\/[^/\s]+$/);
const FileWrite = z.strictObject({ path: z.string(), content: z.string() });
const Sha = z.string().regex(/^[0-9a-f]{40}$/);

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
        vulnerable_functions: z.array(z.string()).optional(),
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
    /** `--new`: create it even when drafts of the repository look like the same report. */
    force: z.boolean().optional(),
  }),
  z.strictObject({
    ...Owner,
    /** `/advisory adopt`: an existing draft becomes the case's advisory. */
    kind: z.literal('adopt-advisory'),
    key: z.string(),
    repo: Repo,
    ghsaId: z.string(),
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
    kind: z.literal('cut-release-branch'),
    key: z.string(),
    repo: Repo,
    branch: z.string(),
    /** The last release of the line: a tag, branch or SHA. */
    from: z.string(),
    version: z.string(),
    /**
     * The merged fixes: each head is brought onto the branch with the merges API; their commits
     * are the only ones allowed there besides merges and the release commit.
     */
    fixes: z.array(z.strictObject({ head: Sha, commits: z.array(Sha).max(250) })).max(50),
    /** Paths the fixes change: a version file's package is bumped only when the fix touched it. */
    fixFiles: z.array(z.string()).max(1000),
    /** JSON files patch-bumped within their own line; the first always, the others when touched. */
    versionFiles: z.array(z.string()).max(50),
    /** Files the release commit adds besides the bumps (a changeset). */
    files: z.array(FileWrite).max(10),
    /** The release commit's message (public: checked by the leak guard). */
    message: z.string(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('check-release-tag'),
    key: z.string(),
    repo: Repo,
    /** The published release's tag (a release-line tag such as `v1.34.1`, or the version's). */
    tag: z.string(),
    /** For a release-line tag: the package's package.json, which must hold `version` there. */
    path: z.string().optional(),
    version: z.string(),
    /** Commits the tag must contain to be this release: the proven branch head, or the fix. */
    contains: z
      .array(z.string().regex(/^[0-9a-f]{7,40}$/))
      .max(250)
      .optional(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('find-merged-fixes'),
    key: z.string(),
    repo: Repo,
    /** The push: the default branch before and after it. */
    before: Sha,
    after: Sha,
    /** The fixes still recorded as in the fork (`Fix.sha`). */
    fixes: z.array(z.string()).max(50),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('verify-merged'),
    key: z.string(),
    repo: Repo,
    /** The commit on the default branch that carries the fix (a squash or rebase merge). */
    sha: z.string(),
    /** The recorded fix it carries (`Fix.sha`). */
    fix: z.string(),
    /**
     * Asked by `/fixed` of a fix that may already be on the default branch: a commit GitHub does
     * not know (it lives in the private fork) or that is not merged is an answer, not an error.
     */
    quiet: z.boolean().optional(),
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
    /** The branch the PR targets (default: the repository's default branch). */
    base: z.string().optional(),
    /** Where to cut `base` from when it does not exist yet (a maintenance branch from a tag). */
    baseFrom: z.string().optional(),
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
    /** The pull request's body (public: the leak guard reads it); older intents have none. */
    body: z.string().optional(),
    /** Entry prepended to the package's CHANGELOG.md (public before publication: kept neutral). */
    changelogEntry: z.string(),
    changesetDirectory: z.string(),
    /** The release tag pattern, to find the package's last release. */
    tag: z.string().optional(),
    /** The fix commits: the only unreleased commits allowed to touch the package. */
    fixCommits: z.array(Sha).max(1000).optional(),
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('publish-advisory'),
    key: z.string(),
    repo: Repo,
    ghsaId: z.string(),
    /** The products as they will be published (GitHub's list with the patched versions filled). */
    vulnerabilities: AdvisoryWrite.shape.vulnerabilities,
    /** GitHub's copy the publication was confirmed on: a recovered intent re-reads and compares. */
    fingerprint: z.string().max(64).optional(),
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
  z.strictObject({
    ...Owner,
    kind: z.literal('remove-collaborators'),
    key: z.string(),
    repo: Repo,
    ghsaId: z.string(),
    /** Who `/invite` added: only they are removed, whoever else collaborates stays. */
    users: z.array(z.string()).max(100),
    teams: z.array(z.string()).max(100),
  }),
  z.strictObject({
    ...Owner,
    /** `/reported-at`: the product repository must have existed when the report arrived. */
    kind: z.literal('check-report-arrival'),
    key: z.string(),
    repo: Repo,
    at: z.iso.datetime({ offset: true }),
    channel: ReportChannel,
  }),
  z.strictObject({
    ...Owner,
    kind: z.literal('check-global-advisory'),
    key: z.string(),
    ghsaId: z.string(),
  }),
]);
export type Effect = z.infer<typeof Effect>;
export type EffectKind = Effect['kind'];

/** Effects that write to the product repository, which may be public: the leak guard checks them. */
export const PUBLIC_WRITE_KINDS: readonly EffectKind[] = [
  'create-branch',
  'cut-release-branch',
  'bump-versions',
  'dispatch-workflow',
  'open-pull-request',
  'quick-release',
];
