import { z } from 'zod';
import { Input, ObservedAdvisory } from '../domain/inputs.js';
import { TickVisitFields } from './tick-visit-job.js';

const Tracking = z.strictObject({ repo: z.string(), issue: z.int().positive() });
const Repository = z.strictObject({ fullName: z.string(), private: z.boolean() });
const Envelope = {
  /** The webhook delivery GUID (`X-GitHub-Delivery`). */
  delivery: z.string().min(1).max(200),
  /** `event.action`, for logs and metrics. */
  event: z.string().max(100),
  installationId: z.int().positive(),
};

/** A command line read from a comment: its position, name and arguments. */
export const CommandLine = z.strictObject({
  index: z.int().nonnegative(),
  name: z.string().max(100),
  argsText: z.string(),
});

const PRODUCT_INPUTS = [
  'workflow-run-completed',
  'release-published',
  'pull-request-merged',
  'deployment-status',
  'public-activity',
  'push',
];

/**
 * A unit of work, as plain JSON-serialisable data: what a webhook handler (or the tick) hands to
 * the queue. Handlers only read the payload into one of these; everything that talks to GitHub
 * happens when the job runs.
 */
export const Job = z.discriminatedUnion('kind', [
  z.strictObject({
    ...Envelope,
    kind: z.literal('command-comment'),
    tracking: Tracking,
    /** The product repository from the case marker (its configuration governs the case). */
    caseRepo: z.string().optional(),
    sender: z.string(),
    commentId: z.int(),
    commands: z.array(CommandLine),
    truncated: z.boolean(),
    /** The tracking issue's body in the webhook (the job's read when it is current). */
    issueBody: z.string().max(65_536).optional(),
  }),
  z.strictObject({
    ...Envelope,
    kind: z.literal('checkbox-toggled'),
    tracking: Tracking,
    caseRepo: z.string().optional(),
    sender: z.string(),
    toggles: z.array(z.strictObject({ item: z.string(), checked: z.boolean() })),
    issueBody: z.string().max(65_536).optional(),
  }),
  z.strictObject({
    ...Envelope,
    kind: z.literal('app-comment-changed'),
    tracking: Tracking,
    caseRepo: z.string().optional(),
    /** The comment's author as GitHub names it: only the App's own comments are flagged. */
    author: z.string(),
    commentId: z.int(),
    action: z.enum(['edited', 'deleted']),
    /** Who edited or deleted it. */
    sender: z.string(),
    /** The body as it was before (an edit's `changes.body.from`, a deleted comment's body). */
    original: z.string().max(65_536).optional(),
  }),
  z.strictObject({
    ...Envelope,
    kind: z.literal('manual-report'),
    tracking: Tracking,
    title: z.string(),
    createdAt: z.string(),
    sender: z.string(),
    labels: z.array(z.string()),
  }),
  z.strictObject({
    ...Envelope,
    kind: z.literal('advisory-event'),
    action: z.enum(['reported', 'published']),
    repository: Repository,
    advisory: ObservedAdvisory,
  }),
  z.strictObject({
    ...Envelope,
    kind: z.literal('product-event'),
    repository: Repository,
    input: Input.refine((i) => PRODUCT_INPUTS.includes(i.type), {
      message: 'not an observation of a product repository',
    }),
  }),
  z.strictObject({
    ...Envelope,
    kind: z.literal('database-published'),
    tracking: Tracking,
    productRepo: z.string(),
    ghsaId: z.string(),
  }),
  /** A tick's visit of one case, run in the case's turn (queue mode fans the tick out so). */
  z.strictObject({ ...Envelope, ...TickVisitFields }),
]);
export type Job = z.infer<typeof Job>;
/** A tick's visit of one case, as a job. */
export type TickVisitJob = Extract<Job, { kind: 'tick-visit' }>;

/**
 * The key a job is serialised on: one job at a time per tracking issue, per product repository's
 * advisories (two reports never race to create the tracking issue), or per product repository.
 */
export function jobKey(job: Job): string {
  switch (job.kind) {
    case 'command-comment':
    case 'checkbox-toggled':
    case 'app-comment-changed':
    case 'manual-report':
    case 'database-published':
    case 'tick-visit':
      return `${job.tracking.repo}#${String(job.tracking.issue)}`;
    case 'advisory-event':
      return `advisories:${job.repository.fullName}`;
    case 'product-event':
      return `product:${job.repository.fullName}`;
  }
}
