import { z } from 'zod';

/** GitHub repository permission levels, strongest first. */
export const Permission = z.enum(['admin', 'maintain', 'write', 'triage', 'read', 'none']);
export type Permission = z.infer<typeof Permission>;

/** Who did something, as resolved by the shell from GitHub's permission API. */
export const Actor = z.strictObject({
  login: z.string(),
  permission: Permission,
  /** Member of the configured security team (`tracking.team`). */
  teamMember: z.boolean(),
});
export type Actor = z.infer<typeof Actor>;

/** What the App knows about an advisory from a webhook or a poll (GitHub's fields, camel-cased). */
export const ObservedAdvisory = z.strictObject({
  ghsaId: z.string(),
  repo: z.string(),
  repoPrivate: z.boolean(),
  state: z.enum(['triage', 'draft', 'published', 'closed', 'withdrawn']),
  summary: z.string(),
  description: z.string().optional(),
  htmlUrl: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  /** GitHub's `updated_at`: a poll or refresh with the same value changes nothing. */
  updatedAt: z.iso.datetime({ offset: true }).optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  cveId: z.string().optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  cvssVector: z.string().optional(),
  reporter: z.string().optional(),
  ecosystem: z.string().optional(),
  packageName: z.string().optional(),
  vulnerableVersionRange: z.string().optional(),
  patchedVersions: z.string().optional(),
});
export type ObservedAdvisory = z.infer<typeof ObservedAdvisory>;

const Tracking = z.strictObject({ repo: z.string(), issue: z.int().positive() });

/** Everything that can move a case; `delivery` is the webhook GUID or scheduler key. */
export const Input = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('report-received'),
    delivery: z.string(),
    advisory: ObservedAdvisory,
    tracking: Tracking,
  }),
  z.strictObject({
    type: z.literal('manual-report'),
    delivery: z.string(),
    tracking: Tracking,
    title: z.string(),
    reportedAt: z.iso.datetime({ offset: true }),
    openedBy: z.string(),
  }),
  z.strictObject({
    type: z.literal('command'),
    delivery: z.string(),
    commentId: z.int(),
    /** Position of the command in its comment (several commands run top to bottom). */
    index: z.int().nonnegative(),
    name: z.string(),
    argsText: z.string(),
    actor: Actor,
  }),
  z.strictObject({
    type: z.literal('checkbox-toggled'),
    delivery: z.string(),
    item: z.string(),
    checked: z.boolean(),
    actor: Actor,
  }),
  z.strictObject({
    type: z.literal('advisory-observed'),
    delivery: z.string(),
    advisory: ObservedAdvisory,
  }),
  z.strictObject({
    type: z.literal('advisory-published'),
    delivery: z.string(),
    advisory: ObservedAdvisory,
  }),
  z.strictObject({
    type: z.literal('database-published'),
    delivery: z.string(),
    ghsaId: z.string(),
  }),
  z.strictObject({
    type: z.literal('workflow-run-completed'),
    delivery: z.string(),
    runId: z.int(),
    conclusion: z.string(),
    url: z.string(),
  }),
  z.strictObject({
    type: z.literal('release-published'),
    delivery: z.string(),
    tag: z.string(),
    url: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('pull-request-merged'), delivery: z.string(), number: z.int() }),
  z.strictObject({
    type: z.literal('deployment-status'),
    delivery: z.string(),
    environment: z.string().max(255),
    state: z.string().max(40),
    /** What was deployed: the deployment's ref (branch or tag) and commit. */
    ref: z.string().max(255),
    sha: z.string().max(64),
    url: z.string().max(2000).optional(),
  }),
  z.strictObject({ type: z.literal('tick'), delivery: z.string() }),
]);
export type Input = z.infer<typeof Input>;
