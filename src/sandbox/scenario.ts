import { z } from 'zod';

const Login = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/, 'a GitHub login such as "alice"');
const Permission = z.enum(['read', 'triage', 'write', 'maintain', 'admin']);
/** A duration such as "72h", "3d", "15m" or a number of milliseconds. */
const Duration = z.union([z.string(), z.number()]);
/** A time: an ISO timestamp, or an age before `now` such as "5d". */
const When = z.string();

export const ScenarioComment = z.strictObject({
  author: Login,
  body: z.string().min(1),
  at: When.optional(),
});
export type ScenarioComment = z.infer<typeof ScenarioComment>;

export const ScenarioIssue = z.strictObject({
  title: z.string().min(1),
  body: z.string().optional(),
  author: Login,
  labels: z.array(z.string()).default([]),
  at: When.optional(),
  state: z.enum(['open', 'closed']).default('open'),
  comments: z.array(ScenarioComment).default([]),
});
export type ScenarioIssue = z.infer<typeof ScenarioIssue>;

export const ScenarioAdvisory = z.strictObject({
  state: z.enum(['triage', 'draft', 'published', 'closed']).default('triage'),
  summary: z.string().min(1),
  description: z.string().default(''),
  /** The reporter (for triage) or the maintainer who drafted it. */
  author: Login,
  at: When.optional(),
  severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
  cvssVectorString: z.string().optional(),
  cveId: z.string().optional(),
  cweIds: z.array(z.string()).default([]),
  vulnerabilities: z
    .array(
      z.strictObject({
        ecosystem: z.string(),
        name: z.string(),
        vulnerableVersionRange: z.string().optional(),
        patchedVersions: z.string().optional(),
      }),
    )
    .default([]),
  collaborators: z.array(Login).default([]),
  /** Send `repository_advisory.reported` now (default: no — it was reported in the past). */
  notify: z.boolean().default(false),
});
export type ScenarioAdvisory = z.infer<typeof ScenarioAdvisory>;

export const ScenarioWorkflow = z.strictObject({
  path: z
    .string()
    .regex(/^\.github\/workflows\/[^/]+\.ya?ml$/, 'a path such as ".github/workflows/release.yml"'),
  name: z.string().optional(),
  conclusion: z.enum(['success', 'failure', 'cancelled']).default('success'),
  duration: Duration.optional(),
  /**
   * Environments a successful run deploys to: when a dispatched run succeeds, github-actions[bot]
   * creates a deployment for each at the run's head SHA (ref: the run's branch) with a `success`
   * status. A run that fails deploys nothing.
   */
  deploys: z.array(z.string().min(1, 'an environment name such as "production"')).default([]),
});
export type ScenarioWorkflow = z.infer<typeof ScenarioWorkflow>;

export const ScenarioRepo = z.strictObject({
  /** `owner/name`. */
  name: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'a full name such as "acme/widget"'),
  visibility: z.enum(['public', 'private']),
  description: z.string().optional(),
  defaultBranch: z.string().default('main'),
  /** When the repository was created (GitHub's `created_at`); default: the scenario's start. */
  createdAt: z.iso.datetime().optional(),
  /** path → file contents, committed on the default branch. */
  files: z.record(z.string(), z.string()).default({}),
  collaborators: z.record(z.string(), Permission).default({}),
  privateVulnerabilityReporting: z.boolean().default(true),
  labels: z.array(z.string()).default([]),
  workflows: z.array(ScenarioWorkflow).default([]),
  issues: z.array(ScenarioIssue).default([]),
  advisories: z.array(ScenarioAdvisory).default([]),
});
export type ScenarioRepo = z.infer<typeof ScenarioRepo>;

export const ScenarioTeam = z.strictObject({
  slug: z.string().regex(/^[a-z0-9-]+$/, 'a team slug such as "security"'),
  name: z.string().optional(),
  members: z.array(Login).default([]),
  maintainers: z.array(Login).default([]),
  /** repo full name → permission the team grants. */
  repos: z.record(z.string(), Permission).default({}),
});
export type ScenarioTeam = z.infer<typeof ScenarioTeam>;

export const DEFAULT_APP_PERMISSIONS: Record<string, string> = {
  repository_advisories: 'write',
  issues: 'write',
  contents: 'write',
  pull_requests: 'write',
  actions: 'write',
  administration: 'write',
  deployments: 'read',
  metadata: 'read',
  members: 'read',
};

/** A whole world for `POST /_sandbox/seed`; seeding replaces everything. */
export const Scenario = z.strictObject({
  now: z.iso.datetime().optional(),
  settings: z
    .strictObject({
      cveDelay: Duration.optional(),
      advisoryDatabaseDelay: Duration.optional(),
      workflowDuration: Duration.optional(),
      advisoryCommentsApi: z.enum(['enabled', 'disabled', 'forbidden-for-apps']).optional(),
      /**
       * Whether GitHub reviews the published advisory for the global Advisory Database
       * (`reviewed`, the default: `security_advisory.published` after `advisoryDatabaseDelay`)
       * or never does (`unreviewed`: no global event, never in the database).
       */
      advisoryDatabaseReview: z.enum(['reviewed', 'unreviewed']).optional(),
    })
    .default({}),
  users: z
    .array(
      z.strictObject({
        login: Login,
        name: z.string().optional(),
        token: z.string().min(8).optional(),
      }),
    )
    .default([]),
  org: z
    .strictObject({
      login: Login,
      owners: z.array(Login).default([]),
      members: z.array(Login).default([]),
      teams: z.array(ScenarioTeam).default([]),
    })
    .optional(),
  repos: z.array(ScenarioRepo).default([]),
  installation: z
    .strictObject({
      id: z.int().positive().optional(),
      account: Login,
      repositories: z.union([z.literal('all'), z.array(z.string())]).default('all'),
      permissions: z.record(z.string(), z.string()).default(DEFAULT_APP_PERMISSIONS),
      events: z.array(z.string()).default([]),
      /** Send `installation.created` (default yes). */
      notify: z.boolean().default(true),
    })
    .optional(),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
