import { z } from 'zod';
import { IntakeConfig, SupportedVersions } from './intake-schema.js';

/** IANA zone names are validated by the runtime's own tz database, the one the clock will use. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A calendar date that exists (rejects 2026-02-30), so a holiday list cannot silently skip a typo. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

const Severity = z.enum(['low', 'medium', 'high', 'critical']);

const RepositoryName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/, 'expected "owner/name"');

const TeamSlug = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/, 'expected "org/team-slug"');

const RelativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
    message: 'expected a path relative to the repository root, without ".."',
  });

/** Counts of days are bounded so a typo (600 instead of 60) is caught, not obeyed for two years. */
const days = (min: number, max: number) => z.int().min(min).max(max);

/** Where tracking issues live and who the security team is. */
export const TrackingConfig = z
  .strictObject({
    /** Private repository ("owner/name") holding one tracking issue per case. Defaults to the
     * advisory's own repository when that repository is private; a public one is always refused. */
    repository: RepositoryName.optional().describe(
      'Private repository ("owner/name") that holds the tracking issues. Default: the advisory\'s own repository when it is private.',
    ),
    /** Team ("org/slug") whose members may run maintainer commands and get mentioned by reminders. */
    team: TeamSlug.optional().describe(
      'Security team ("org/team-slug"): its members may run maintainer commands and are mentioned by reminders.',
    ),
    /** Label put on every tracking issue. */
    label: z
      .string()
      .min(1)
      .max(50)
      .default('security-advisory')
      .describe('Label put on every tracking issue.'),
    /** Label that turns an issue in the tracking repository into a manually reported case. */
    reportLabel: z
      .string()
      .min(1)
      .max(50)
      .default('security-report')
      .describe(
        'Label that marks an issue in the tracking repository as a report that arrived by another channel.',
      ),
  })
  .describe('Where tracking issues live and who the security team is.');

/** The service-level agreements the clock enforces. */
export const SlaConfig = z
  .strictObject({
    /** Business days from the report timestamp to the reporter's acknowledgement. */
    ackBusinessDays: days(1, 30)
      .default(3)
      .describe(
        'Business days from the report timestamp (advisory created_at) to the acknowledgement.',
      ),
    /** Hours after a CVE request before the App asks someone to follow up. */
    cveFollowUpHours: z
      .int()
      .min(1)
      .max(24 * 30)
      .default(72)
      .describe('Hours after a CVE request before a follow-up reminder.'),
    /** Calendar days from the report to the default embargo end; 0: no embargo unless set. */
    embargoDays: days(0, 365)
      .default(60)
      .describe(
        'Calendar days from the report to the default end of the embargo (the planned publication date). 0: no default embargo; publication goes once the patch is released, unless `/embargo DATE` sets one.',
      ),
    /** The latest embargo end `/embargo` accepts, in calendar days from the report. */
    embargoMaxDays: days(1, 730)
      .default(90)
      .describe('The latest embargo end /embargo accepts, in calendar days from the report.'),
    /** Calendar days between the customer notice and public publication. */
    disclosureLeadDays: days(0, 90)
      .default(7)
      .describe('Calendar days between the customer notice and public publication.'),
    /** Minutes to wait after publication before checking that the advisory reached its feeds. */
    reachCheckMinutes: z
      .int()
      .min(1)
      .max(24 * 60)
      .default(15)
      .describe(
        'Minutes after publication before checking that the advisory reached the database / health feed (feeds cache for 15 minutes).',
      ),
    /** Business days without progress before a stalled phase is reminded, per severity. */
    stalledBusinessDays: z
      .strictObject({
        critical: days(1, 60).default(1).describe('Reminder cadence for a critical case.'),
        high: days(1, 60).default(2).describe('Reminder cadence for a high case.'),
        medium: days(1, 60).default(5).describe('Reminder cadence for a medium case.'),
        low: days(1, 60).default(10).describe('Reminder cadence for a low case.'),
      })
      .prefault({})
      .describe('Business days without progress before a stalled phase is reminded, by severity.'),
    /** Business days before a deadline at which the "due soon" reminder fires. */
    warnBusinessDays: days(0, 10)
      .default(1)
      .describe('Business days before a deadline at which the "due soon" reminder fires.'),
  })
  .describe('Service-level agreements the clock enforces.');

/** How CVE identifiers are handled. */
export const CveConfig = z
  .strictObject({
    /** `required`: publication waits for an assigned CVE unless `/cve waive`; `optional`: never blocks. */
    policy: z
      .enum(['required', 'optional'])
      .default('optional')
      .describe(
        '"required": publishing waits for an assigned CVE (or /cve waive). "optional": a missing CVE never blocks.',
      ),
    /** Ask for the CVE as soon as the draft advisory exists (the open-source runbook's "request early"). */
    requestEarly: z
      .boolean()
      .default(false)
      .describe('Remind to request the CVE as soon as the draft advisory exists.'),
  })
  .describe('CVE identifier policy.');

/** How the patch release is cut. */
export const ReleaseConfig = z
  .strictObject({
    /** `hotfix`: branch + version bump + workflow dispatch; `changesets`: a PR adding a changeset;
     * `quick`: bump the package and prepend its CHANGELOG.md. */
    strategy: z
      .enum(['hotfix', 'changesets', 'quick'])
      .default('hotfix')
      .describe(
        '"hotfix": release branch from the last release tag with the fix, patch bump, proof and workflow dispatch. "changesets": the same branch with a changeset, as a PR to the line\'s maintenance branch. "quick": bump the package and prepend its CHANGELOG.md on the default branch. /release --strategy overrides it per case.',
      ),
    /** Hotfix branch name; `{date}` is the release date (YYYY-MM-DD) in the configured time zone. */
    branch: z
      .string()
      .min(1)
      .max(200)
      .refine((b) => b.includes('{date}'), { message: 'must contain the {date} placeholder' })
      .refine((b) => !/[\s~^:?*[\\]|\.\.|@\{|\/\/|\.lock$|^\/|\/$/.test(b), {
        message: 'is not a valid git branch name',
      })
      .default('deploy/cloud/{date}')
      .describe('Hotfix branch pattern; {date} is the release date (YYYY-MM-DD) in timeZone.'),
    /** Workflow file dispatched by the hotfix strategy. */
    workflow: z
      .string()
      .regex(/^[A-Za-z0-9._-]+\.ya?ml$/, 'expected a workflow file name such as "release.yml"')
      .default('continuous-delivery-cloud.yml')
      .describe('Workflow file (in .github/workflows) dispatched by the hotfix strategy.'),
    /** Inputs passed to the dispatched workflow. They are public: the leak guard checks them. */
    workflowInputs: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/), z.string().max(1000))
      .default({ flow: 'cloud-hotfix' })
      .describe('Inputs passed to the dispatched workflow (public: checked by the leak guard).'),
    /** JSON files whose "version" field is patch-bumped; the first is the root package.json. */
    versionFiles: z
      .array(RelativePath)
      .min(1)
      .default(['package.json', 'packages/shared/package.json'])
      .describe(
        'JSON files whose "version" is patch-bumped within its own line; the first (the root package.json) always is, the others only when the fix changed files in their directory.',
      ),
    /** Packages bumped by the changesets/quick strategies when the advisory names none (the
     * advisory's own `vulnerabilities[].package.name` list wins, since it is per case). */
    packages: z
      .array(z.string().min(1).max(214))
      .default([])
      .describe(
        "Fallback packages bumped by the changesets and quick strategies when the advisory's affected products name none.",
      ),
    /**
     * How the repository tags a release: `{version}` is the version, `{package}` the package
     * name (`v{version}`, `{package}@{version}`). The last release of the line being patched is
     * the tag the release branch is cut from; a published release with a matching tag is
     * production.
     */
    tag: z
      .string()
      .min(1)
      .max(200)
      .refine((t) => t.includes('{version}'), { message: 'must contain the {version} placeholder' })
      .default('v{version}')
      .describe(
        'Release tag pattern: {version} is the version, {package} the package name ("v{version}", "{package}@{version}").',
      ),
    /**
     * The maintenance branch of a release line that the changesets strategy's pull request
     * targets; `{line}` is MAJOR.MINOR (0.71). Cut from the line's last release tag when missing.
     */
    lineBranch: z
      .string()
      .min(1)
      .max(200)
      .refine((b) => b.includes('{line}'), { message: 'must contain the {line} placeholder' })
      .refine((b) => !/[\s~^:?*[\\]|\.\.|@\{|\/\/|\.lock$|^\/|\/$/.test(b), {
        message: 'is not a valid git branch name',
      })
      .default('release/{line}.x')
      .describe(
        'Maintenance branch of a release line ({line} = MAJOR.MINOR) that the changesets pull request targets; cut from the last release tag when missing.',
      ),
    /**
     * Deployment environments whose successful deployment status of the release is the evidence
     * for canary and production (GitHub `deployment_status` events).
     */
    environments: z
      .strictObject({
        canary: z.string().min(1).max(100).default('canary').describe('Canary environment.'),
        production: z
          .string()
          .min(1)
          .max(100)
          .default('production')
          .describe('Production environment.'),
      })
      .prefault({})
      .describe(
        'Deployment environments whose successful deployment of the release proves canary and production.',
      ),
    /** Directory holding pending changesets. */
    changesetDirectory: RelativePath.default('.changeset').describe(
      'Directory holding pending changesets.',
    ),
  })
  .describe('How the patch release is cut.');

/** Where the changelog entry goes once the advisory is public. */
export const ChangelogConfig = z
  .strictObject({
    /** File the changelog PR adds the entry to. */
    path: RelativePath.default('docs/about/changelog.mdx').describe(
      'File that the post-publication changelog PR adds the entry to.',
    ),
    /** `update-component`: MDX `<Update>` block; `markdown`: a `## version` section. */
    format: z
      .enum(['update-component', 'markdown'])
      .default('update-component')
      .describe('"update-component": an MDX <Update> block. "markdown": a "## version" section.'),
    /** Open the changelog PR after publication; off when a release tool writes the changelog. */
    post: z
      .boolean()
      .default(true)
      .describe(
        'Open a PR adding the entry after publication (off when a release tool such as changesets writes the changelog).',
      ),
  })
  .describe('The changelog entry posted after publication.');

/** When a postmortem is required and where it is written. */
export const PostmortemConfig = z
  .strictObject({
    /** Severities for which `/close` waits for a merged postmortem PR. */
    requiredFor: z
      .array(Severity)
      .default(['critical', 'high'])
      .describe('Severities whose case cannot close before the postmortem PR is merged.'),
    /** Severities for which the postmortem is offered but not required. */
    optionalFor: z
      .array(Severity)
      .default(['medium'])
      .describe('Severities for which a postmortem is offered but not required.'),
    /** Path template; `{date}` is the publication date, `{slug}` comes from the summary. */
    path: RelativePath.refine((p) => p.includes('{slug}'), {
      message: 'must contain the {slug} placeholder',
    })
      .default('docs/handbook/engineering/postmortems/{date}-{slug}.mdx')
      .describe('Postmortem file path; {date} = YYYY-MM-DD, {slug} from the advisory summary.'),
  })
  .describe('Postmortem rules.');

/** Publication rules. */
export const PublishConfig = z
  .strictObject({
    /** Require `/publish confirm` from a different maintainer than the one who ran `/publish`. */
    twoPerson: z
      .boolean()
      .default(false)
      .describe('The /publish confirmation must come from a different maintainer.'),
    /** Moving an embargo that is set (`/embargo DATE <reason>`) waits for `/confirm`. */
    confirmEmbargoChange: z
      .boolean()
      .default(true)
      .describe(
        'Moving an embargo that is already set (/embargo DATE <reason>) waits for /confirm.',
      ),
    /** After publication, take the people `/invite` added off the advisory's collaborators. */
    revokeCollaborators: z
      .boolean()
      .default(true)
      .describe(
        'After publication, remove the collaborators /invite added to the advisory (the fix is done; they keep what is public).',
      ),
    /** Hours after publication to remind a person when the reach check has not seen the GHSA. */
    reachReminderHours: z
      .int()
      .min(1)
      .max(24 * 14)
      .default(2)
      .describe(
        'Hours after publication before a person is reminded that the reach-check URL does not show the advisory yet.',
      ),
    /** Days after publication to remind when the global Advisory Database still lacks it. */
    databaseReminderDays: z
      .int()
      .min(1)
      .max(60)
      .default(3)
      .describe(
        'Days after publication before a person is reminded that the GitHub Advisory Database does not list the advisory (GitHub can take up to 72 hours).',
      ),
    /** A URL that must mention the GHSA ID after publication (e.g. a health page); optional. */
    reachCheckUrl: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .optional()
      .describe(
        'URL polled after publication (from sla.reachCheckMinutes on, backing off); the advisory has reached admins when its GHSA ID appears there. Without it, the advisory reaches them through the GitHub Advisory Database.',
      ),
  })
  .describe('Publication rules.');

/** Texts that override the built-in templates; `{placeholders}` are filled by the renderer. */
export const TemplatesConfig = z
  .strictObject({
    acknowledgement: z.string().max(20_000).optional().describe('Reporter acknowledgement.'),
    advisoryDescription: z
      .string()
      .max(20_000)
      .optional()
      .describe('Advisory description (must keep the five sections).'),
    changelogEntry: z.string().max(20_000).optional().describe('Changelog entry.'),
    disclosureEmail: z.string().max(20_000).optional().describe('Customer disclosure email.'),
    postmortem: z.string().max(50_000).optional().describe('Postmortem skeleton.'),
  })
  .describe('Template overrides; placeholders such as {cve}, {severity} are filled in.');

/** The whole `.github/advisory-pilot.yml`. */
export const AdvisoryPilotConfig = z
  .strictObject({
    /** Base profile: `default` (product playbook) or `changesets` (open-source runbook). */
    preset: z
      .enum(['default', 'changesets'])
      .default('default')
      .describe(
        'Base profile: "default" (product playbook: hotfix branch, customer notice) or "changesets" (open-source runbook: early CVE, private fork, changesets release).',
      ),
    /** Product name used in texts (email subject, acknowledgement). */
    productName: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Product name used in texts. Default: the repository name.'),
    tracking: TrackingConfig.prefault({}),
    intake: IntakeConfig.prefault({}),
    /** Supported versions (a semver range); reports against other versions say so in the scope check. */
    supportedVersions: SupportedVersions,
    /** IANA time zone for business days, dates in branch names and deadlines. */
    timeZone: z
      .string()
      .refine(isTimeZone, { message: 'is not an IANA time zone (e.g. "Europe/Berlin", "UTC")' })
      .default('UTC')
      .describe('IANA time zone for business days, deadlines and dates in names.'),
    /** Non-working days (YYYY-MM-DD) skipped by business-day deadlines. */
    holidays: z
      .array(z.string().refine(isCalendarDate, { message: 'is not a date in YYYY-MM-DD form' }))
      .max(1000)
      .default([])
      .describe('Non-working days (YYYY-MM-DD) skipped by business-day deadlines.'),
    sla: SlaConfig.prefault({}),
    cve: CveConfig.prefault({}),
    release: ReleaseConfig.prefault({}),
    /** Commands a maintainer runs locally before `/validated` (the private fork has no CI). */
    validationCommands: z
      .array(z.string().min(1).max(200))
      .max(20)
      .default(['npm run lint-dev', 'npm run test-unit', 'npm run test-api'])
      .describe('Local validation commands listed by /validated (the private fork runs no CI).'),
    /** Whether the disclosure phase (customer notice, date re-confirmation) applies. */
    customerNotice: z
      .boolean()
      .default(true)
      .describe('Whether the disclosure phase (customer notice) applies.'),
    changelog: ChangelogConfig.prefault({}),
    postmortem: PostmortemConfig.prefault({}),
    publish: PublishConfig.prefault({}),
    /**
     * Extra words that must never appear in a public write before publication. The leak watch
     * reads public activity for them too, but alerts on them only in text by people on the case.
     */
    leakWords: z
      .array(z.string().min(3).max(100))
      .max(200)
      .default(['vulnerability', 'security fix', 'exploit', 'GHSA-', 'CVE-'])
      .describe(
        'Words that must not appear in any public write before publication (checked case-insensitively, besides the GHSA/CVE IDs and the advisory summary). The leak watch alerts on them in public activity only when someone on the case wrote it.',
      ),
    templates: TemplatesConfig.prefault({}),
  })
  .superRefine((config, ctx) => {
    if (config.sla.embargoMaxDays < config.sla.embargoDays)
      ctx.addIssue({
        code: 'custom',
        path: ['sla', 'embargoMaxDays'],
        message: `is ${String(config.sla.embargoMaxDays)}, shorter than sla.embargoDays (${String(config.sla.embargoDays)})`,
      });
    const overlap = config.postmortem.requiredFor.filter((s) =>
      config.postmortem.optionalFor.includes(s),
    );
    if (overlap.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['postmortem', 'optionalFor'],
        message: `lists ${overlap.join(', ')}, already in postmortem.requiredFor`,
      });
    }
  });

/** The validated configuration with every default applied. */
export type AdvisoryPilotConfig = z.infer<typeof AdvisoryPilotConfig>;
/** The configuration as a user writes it (everything optional). */
export type AdvisoryPilotConfigInput = z.input<typeof AdvisoryPilotConfig>;
export type Severity = z.infer<typeof Severity>;
