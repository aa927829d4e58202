import { z } from 'zod';
import { AdvisoryPackage } from './advisory-package.js';

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
  /** Who created a draft in GitHub's UI (no private report behind it). */
  draftBy: z.string().optional(),
  ecosystem: z.string().optional(),
  packageName: z.string().optional(),
  vulnerableVersionRange: z.string().optional(),
  patchedVersions: z.string().optional(),
  /** Every affected product (the fields above repeat the first, for older readers). */
  packages: z.array(AdvisoryPackage).max(100).optional(),
  cweIds: z.array(z.string().max(20)).max(100).optional(),
  /** A CVSS 3.x vector set in GitHub's UI (the playbook scores with 4.0: `cvssVector`). */
  cvssV3Vector: z.string().max(200).optional(),
});
export type ObservedAdvisory = z.infer<typeof ObservedAdvisory>;

const Tracking = z.strictObject({ repo: z.string(), issue: z.int().positive() });

/** GitHub's limit on an issue, pull request or comment body. */
export const PUBLIC_BODY_LIMIT = 65_536;

/**
 * Something people wrote in a product repository (a pull request or issue opened, edited or
 * reopened, a comment created or edited): public when the repository is, so the leak watch reads
 * it like the App's own public writes.
 */
export const PublicActivity = z.strictObject({
  type: z.literal('public-activity'),
  delivery: z.string(),
  kind: z.enum(['pull-request', 'issue', 'issue-comment']),
  /** The webhook action (`opened`, `edited`, `reopened`, `created`). */
  action: z.string().max(50),
  /** The issue or pull request (a comment's: the one it is on). */
  number: z.int().positive(),
  /** A comment's id (`issue-comment` only). */
  commentId: z.int().positive().optional(),
  /** Where it can be seen (`html_url`). */
  url: z.string().max(500),
  /** Who opened or edited it (the webhook's sender, so a human's edit of a bot's PR counts). */
  author: z.string().max(100),
  /** The issue or pull request title (shown for context with a comment, but not checked there). */
  title: z.string().max(1024),
  /** The issue, pull request or comment body. */
  body: z.string().max(PUBLIC_BODY_LIMIT),
  /** A pull request's head branch (its name is public too). */
  branch: z.string().max(255).optional(),
  /** The repository's visibility when it happened (it may have changed since the case opened). */
  repoPrivate: z.boolean(),
});
export type PublicActivity = z.infer<typeof PublicActivity>;

/** A push to a branch or tag of the product repository (GitHub's `push` event). */
export const Push = z.strictObject({
  type: z.literal('push'),
  delivery: z.string(),
  /** `refs/heads/main`, `refs/tags/v1.2.3`. */
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  /** The ref is the repository's default branch. */
  defaultBranch: z.boolean(),
  commits: z
    .array(z.strictObject({ sha: z.string(), message: z.string().max(65_536), url: z.string() }))
    .max(2048),
  pusher: z.string(),
});
export type Push = z.infer<typeof Push>;

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
    /**
     * What `GET /advisories/{ghsa_id}` returned when the event arrived (the shell reads it: the
     * payload is not proof); undefined when the database does not list the advisory.
     */
    listed: z
      .strictObject({
        cveId: z.string().max(50).optional(),
        patched: z
          .array(
            z.strictObject({ name: z.string().max(214), version: z.string().max(256).optional() }),
          )
          .max(100),
      })
      .optional(),
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
  PublicActivity,
  Push,
  z.strictObject({
    /** Another open case looks like the same vulnerability (the shell compared the two). */
    type: z.literal('duplicate-suspected'),
    delivery: z.string(),
    other: z.strictObject({
      issue: z.int().positive(),
      summary: z.string().max(300),
      /** Whether the other case is the newer one (then it is the one to close). */
      newer: z.boolean(),
      /** Why they look alike: `same package @acme/widget, similar summary`. */
      why: z.string().max(300),
    }),
  }),
  z.strictObject({ type: z.literal('tick'), delivery: z.string() }),
]);
export type Input = z.infer<typeof Input>;
