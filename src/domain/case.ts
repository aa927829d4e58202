import { z } from 'zod';

import { AdvisoryCopy } from './advisory-package.js';
import { ItemId } from './item-ids.js';
import { LeakAlerts } from './leak-alerts.js';
import { ReportChannel } from './report-channel.js';
import { Phase, PHASE_ORDER } from './phases.js';

export { Phase, PHASE_ORDER };

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

const Iso = z.iso.datetime({ offset: true });
const LocalDate = z.iso.date();
const Login = z.string().min(1).max(39);

/** How one checklist item stands: who completed it, when, and the evidence (or why it was waived). */
export const ItemState = z.strictObject({
  status: z.enum(['done', 'waived']),
  at: Iso,
  by: z.string(),
  evidence: z.string().max(2000).optional(),
});
export type ItemState = z.infer<typeof ItemState>;

/** One change of the embargo date, kept forever so the postmortem can explain every slip. */
export const EmbargoChange = z.strictObject({
  date: LocalDate,
  reason: z.string().max(500),
  by: z.string(),
  at: Iso,
});
export type EmbargoChange = z.infer<typeof EmbargoChange>;

/** The advisory fields the App tracks (GitHub's names, camel-cased). */
export const AdvisoryFields = z.strictObject({
  state: z.enum(['triage', 'draft', 'published', 'closed', 'withdrawn']).optional(),
  url: z.string().optional(),
  summary: z.string().max(1024).optional(),
  description: z.string().max(65_536).optional(),
  ecosystem: z.string().optional(),
  packageName: z.string().optional(),
  vulnerableVersionRange: z.string().max(256).optional(),
  patchedVersion: z.string().max(256).optional(),
  previousVersion: z.string().max(256).optional(),
  /** GitHub's copy as last read (UI edits are facts; publication is bound to this copy). */
  seen: AdvisoryCopy.optional(),
});
export type AdvisoryFields = z.infer<typeof AdvisoryFields>;

/**
 * One fix of the case: the head commit of a pull request in the temporary private fork (the App
 * cannot read the fork, so the commit is what a maintainer names), and, once it reached the
 * product repository's default branch (through the advisory's merge button, or `/merged` for a
 * squash), the commits that carry it there and the files they change.
 */
export const Fix = z.strictObject({
  /** The commit as the maintainer typed it (7 to 40 hex digits). */
  sha: z.string().regex(/^[0-9a-f]{7,40}$/),
  /** The fix's pull request inside the temporary private fork, when there is one. */
  pullRequest: z.int().positive().optional(),
  testPath: z.string().max(500),
  at: Iso,
  by: z.string(),
  merged: z
    .strictObject({
      at: Iso,
      /** `push`: seen reaching the default branch; `command`: `/merged`. */
      via: z.enum(['push', 'command']),
      /** Full SHAs of the fix's commits as the default branch holds them, oldest first. */
      commits: z.array(z.string().regex(/^[0-9a-f]{40}$/)).max(250),
      /** Paths the fix changes (what decides which version files are bumped). */
      files: z.array(z.string().max(500)).max(1000),
    })
    .optional(),
});
export type Fix = z.infer<typeof Fix>;

/** How a stage of the release is known: trust goes from deployment to the person's word. */
export const ReleaseEvidence = z.enum(['deployment', 'workflow', 'release', 'command']);
export type ReleaseEvidence = z.infer<typeof ReleaseEvidence>;

/** How a reply, the status section or the postmortem names each kind of evidence. */
export const EVIDENCE_LABEL: Record<ReleaseEvidence, string> = {
  deployment: 'deployment status',
  workflow: 'release workflow run',
  release: 'published release',
  command: 'confirmed by hand',
};

/** Everything the release phase learns: what was cut, where, and how far it got. */
export const ReleaseState = z.strictObject({
  strategy: z.enum(['hotfix', 'changesets', 'quick']).optional(),
  version: z.string().optional(),
  branch: z.string().optional(),
  pullRequest: z.int().optional(),
  runId: z.int().optional(),
  runUrl: z.string().optional(),
  canaryAt: Iso.optional(),
  productionAt: Iso.optional(),
  /** What showed canary and production (status section, postmortem). */
  canaryEvidence: ReleaseEvidence.optional(),
  productionEvidence: ReleaseEvidence.optional(),
  migration: z.boolean().optional(),
  /** The last release the branch was cut from (tag, branch or SHA) and its commit. */
  from: z.string().max(250).optional(),
  fromSha: z.string().optional(),
  /** The release branch's head after the fix and the bump, as proved before dispatching. */
  headSha: z.string().optional(),
  /** The released package's directory (quick release), for release-line tags. */
  packagePath: z.string().max(500).optional(),
  /** Version files bumped, as `path@version`. */
  bumped: z.array(z.string().max(300)).max(50).optional(),
});
export type ReleaseState = z.infer<typeof ReleaseState>;

/** A command that waits for `/confirm` (publish, notify sent, scope out, force, an embargo move). */
export const PendingConfirmation = z.strictObject({
  action: z.enum(['publish', 'notify-sent', 'scope-out', 'force-phase', 'embargo', 'duplicate']),
  argsText: z.string().max(2000),
  by: z.string(),
  at: Iso,
  /** The advisory's fingerprint the confirmation was asked about (publication only). */
  fingerprint: z.string().max(64).optional(),
});
export type PendingConfirmation = z.infer<typeof PendingConfirmation>;

/**
 * The checks after publication that the advisory reached people: the reach-check URL (the
 * playbook's health page) and the global GitHub Advisory Database. Counted so the tick backs off.
 */
export const ReachChecks = z.strictObject({
  urlChecks: z.int().min(0).optional(),
  urlCheckedAt: Iso.optional(),
  /** Why the last URL check could not read the page, when it could not. */
  urlError: z.string().max(300).optional(),
  databaseChecks: z.int().min(0).optional(),
  databaseCheckedAt: Iso.optional(),
  /** What the database lists that differs from the case (a missing CVE alias, another patch). */
  databaseProblem: z.string().max(500).optional(),
});
export type ReachChecks = z.infer<typeof ReachChecks>;

/** The state of one advisory case: the fold of its records, never stored by itself. */
export const Case = z.strictObject({
  /** Product repository ("owner/name"); unknown for a manual report until `/advisory create`. */
  repo: z.string().optional(),
  repoPrivate: z.boolean(),
  source: z.enum(['advisory', 'manual']),
  ghsaId: z.string().optional(),
  tracking: z.strictObject({ repo: z.string(), issue: z.int().positive() }),
  summary: z.string().max(1024),
  reportedAt: Iso,
  reporter: Login.optional(),
  /** Where the report arrived, when it was not GitHub's private reporting (`/reported-at`). */
  channel: ReportChannel.optional(),
  /** Who created the draft advisory in GitHub's UI, for a case the tick opened from it. */
  draftBy: Login.optional(),
  phase: Phase,
  phaseEnteredAt: Iso,
  items: z.partialRecord(ItemId, ItemState),
  severity: Severity.optional(),
  cvss: z
    .strictObject({ vector: z.string(), score: z.number(), nomenclature: z.string() })
    .optional(),
  assignee: Login.optional(),
  credits: z.array(z.strictObject({ login: Login, type: z.string() })),
  collaborators: z.strictObject({ users: z.array(z.string()), teams: z.array(z.string()) }),
  embargo: z
    .strictObject({ date: LocalDate, timeZone: z.string(), history: z.array(EmbargoChange) })
    .optional(),
  /** The public disclosure date promised to customers (set by `/notify`). */
  disclosureDate: LocalDate.optional(),
  /** A date the reporter asked for that is earlier than the embargo. */
  reporterDate: LocalDate.optional(),
  resolveBy: LocalDate.optional(),
  cve: z.strictObject({
    requestedAt: Iso.optional(),
    id: z.string().optional(),
    waived: z.string().optional(),
  }),
  advisory: AdvisoryFields,
  release: ReleaseState,
  fork: z.strictObject({ name: z.string(), url: z.string() }).optional(),
  /** Every fix recorded with `/fixed`, in order. */
  fixes: z.array(Fix).max(50),
  exploited: z.boolean(),
  pending: PendingConfirmation.optional(),
  /** Pull requests the App opened after publication, by purpose. */
  pullRequests: z.partialRecord(
    z.enum(['changelog', 'postmortem', 'changeset', 'quick-release']),
    z.int(),
  ),
  /** Keys of reminders already sent (date-keyed), with the comment that carried them. */
  reminders: z.record(z.string(), z.strictObject({ at: Iso, commentId: z.int().optional() })),
  /** ISO instants of milestones: reported, acknowledged, fixed, released, notified, published, closed. */
  milestones: z.record(z.string(), Iso),
  /** Reminders people asked for with `/remind`. */
  planned: z.array(
    z.strictObject({
      /** `custom:<comment id>.<position>` of the `/remind` that planned it. */
      key: z.templateLiteral(['custom:', z.string()]),
      dueAt: Iso,
      text: z.string().max(1000),
      by: z.string(),
    }),
  ),
  /** Commands already answered, as `<comment id>.<position>` (exactly-once processing). */
  handledComments: z.array(z.string()),
  /** Last time a human moved the case (reminders measure stalls from here). */
  lastActivityAt: Iso,
  /** What the leak watch alerted on; absent until its first alert (older case files read as before). */
  leakAlerts: LeakAlerts.optional(),
  reach: ReachChecks.optional(),
});
export type Case = z.infer<typeof Case>;

/**
 * A change to a case, as stored in a record. Objects merge one level deep (so `{ cve: { id } }`
 * keeps `requestedAt`); `append` adds to lists; `unset` removes optional top-level fields.
 */
export const CasePatch = z.strictObject({
  set: z
    .strictObject({
      phase: Phase.optional(),
      phaseEnteredAt: Iso.optional(),
      items: z.partialRecord(ItemId, ItemState).optional(),
      severity: Severity.optional(),
      cvss: Case.shape.cvss,
      assignee: Login.optional(),
      embargo: Case.shape.embargo,
      disclosureDate: LocalDate.optional(),
      reporterDate: LocalDate.optional(),
      resolveBy: LocalDate.optional(),
      cve: Case.shape.cve.partial().optional(),
      advisory: AdvisoryFields.optional(),
      release: ReleaseState.optional(),
      fork: Case.shape.fork,
      /** Legacy (state v1 records): one fix, read as the first of `fixes`. */
      fix: z.strictObject({ ref: z.string(), testPath: z.string() }).optional(),
      fixes: Case.shape.fixes.optional(),
      exploited: z.boolean().optional(),
      pending: PendingConfirmation.optional(),
      pullRequests: Case.shape.pullRequests.optional(),
      reminders: Case.shape.reminders.optional(),
      leakAlerts: Case.shape.leakAlerts,
      reach: ReachChecks.optional(),
      milestones: z.record(z.string(), Iso).optional(),
      summary: z.string().max(1024).optional(),
      reportedAt: Iso.optional(),
      channel: ReportChannel.optional(),
      ghsaId: z.string().optional(),
      repo: z.string().optional(),
      repoPrivate: z.boolean().optional(),
      lastActivityAt: Iso.optional(),
    })
    .optional(),
  append: z
    .strictObject({
      credits: Case.shape.credits.optional(),
      users: z.array(z.string()).optional(),
      teams: z.array(z.string()).optional(),
      handledComments: z.array(z.string()).optional(),
      planned: Case.shape.planned.optional(),
    })
    .optional(),
  unset: z.array(z.enum(['pending', 'assignee', 'items', 'release'])).optional(),
  /** Item ids to reopen (e.g. canary verification after a failed rerun). */
  reopen: z.array(ItemId).optional(),
});
export type CasePatch = z.infer<typeof CasePatch>;

const MERGED_OBJECTS = [
  'items',
  'cve',
  'advisory',
  'release',
  'pullRequests',
  'reminders',
  'milestones',
  'leakAlerts',
  'reach',
] as const;

/** Applies a patch without mutating the case (fold stays deterministic and replayable). */
export function applyPatch(state: Case, patch: CasePatch): Case {
  const next: Case = { ...state };
  const set = patch.set ?? {};
  for (const [key, value] of Object.entries(set)) {
    if (key === 'fix') {
      next.fixes = legacyFixes(value as { ref: string; testPath: string }, state);
      continue;
    }
    if ((MERGED_OBJECTS as readonly string[]).includes(key)) {
      const current = (state as Record<string, unknown>)[key] as Record<string, unknown>;
      (next as Record<string, unknown>)[key] = { ...current, ...(value as object) };
    } else {
      (next as Record<string, unknown>)[key] = value;
    }
  }
  const append = patch.append;
  if (append?.credits) {
    const known = new Set(next.credits.map((c) => c.login.toLowerCase()));
    next.credits = [
      ...next.credits,
      ...append.credits.filter((c) => !known.has(c.login.toLowerCase())),
    ];
  }
  if (append?.users || append?.teams) {
    next.collaborators = {
      users: unique([...next.collaborators.users, ...(append.users ?? [])]),
      teams: unique([...next.collaborators.teams, ...(append.teams ?? [])]),
    };
  }
  if (append?.planned) {
    const keys = new Set(next.planned.map((p) => p.key));
    next.planned = [...next.planned, ...append.planned.filter((p) => !keys.has(p.key))];
  }
  if (append?.handledComments) {
    next.handledComments = unique([...next.handledComments, ...append.handledComments]);
  }
  for (const key of patch.unset ?? []) {
    if (key === 'items') next.items = {};
    else if (key === 'pending') delete next.pending;
    else if (key === 'release') next.release = {};
    else delete next.assignee;
  }
  const reopen = patch.reopen ?? [];
  if (reopen.length > 0) {
    next.items = Object.fromEntries(
      Object.entries(next.items).filter(([id]) => !(reopen as readonly string[]).includes(id)),
    );
  }
  return next;
}

/**
 * A v1 `fix` record named a ref that may not be a commit (`#12`, a URL): it is kept as a fix only
 * when it is one, and never counts as merged, so the case asks for `/merged` (or `/fixed <sha>`)
 * before it publishes.
 */
export function legacyFixes(
  fix: { ref: string; testPath: string },
  state: Pick<Case, 'lastActivityAt'>,
): Fix[] {
  const sha = fix.ref.trim().toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(sha)) return [];
  return [{ sha, testPath: fix.testPath.slice(0, 500), at: state.lastActivityAt, by: 'unknown' }];
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
