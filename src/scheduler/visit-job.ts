import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AdvisoryPilotConfig } from '../config/schema.js';
import { summarize, type CaseSummary } from '../domain/case-summary.js';
import type { Services } from '../handlers/services.js';
import type { TickVisitJob } from '../jobs/job.js';
import type { RunnerLog } from '../runner/runner-deps.js';
import type { InstallationAccess } from './app-port.js';
import { visitCase, type CaseVisit } from './case-visit.js';
import {
  emptySummary,
  type SchedulerMemory,
  type SchedulerOptions,
  type TickSummary,
  type VisitContext,
} from './tick-scope.js';
import { digestOf } from './tracking-index.js';

/** The counts of a tick's summary that a case visit adds to. */
const COUNTED = ['opened', 'commands', 'observed', 'reminders', 'minimized'] as const;
type Counted = (typeof COUNTED)[number];

/** What a case visit tells the tick, wherever it ran: small, plain data. */
export interface VisitOutcome {
  /** The case as it stands afterwards; none when it could not be read. */
  summary?: CaseSummary;
  revisit: boolean;
  /** Digest of the tracking issue's body as the visit read it. */
  digest: string;
  wrote: boolean;
  counts: Record<Counted, number>;
}

/**
 * A visit's outcome as another replica sent it. Only the fields the tick reads are checked: the
 * summary is the draining replica's own `summarize`, from the same release of the App.
 */
const VisitOutcomeSchema = z.strictObject({
  summary: z
    .looseObject({
      tracking: z.strictObject({ repo: z.string(), issue: z.int() }),
      phase: z.string(),
      reportedAt: z.string(),
    })
    .optional(),
  revisit: z.boolean(),
  digest: z.string(),
  wrote: z.boolean(),
  counts: z.strictObject(
    Object.fromEntries(COUNTED.map((k) => [k, z.int().nonnegative()])) as Record<Counted, z.ZodInt>,
  ),
});

/** Reads a reply from Redis into an outcome; throws when it is not one. */
export function parseVisitOutcome(value: unknown): VisitOutcome {
  const parsed = VisitOutcomeSchema.parse(value);
  return {
    ...(parsed.summary ? { summary: parsed.summary as unknown as CaseSummary } : {}),
    revisit: parsed.revisit,
    digest: parsed.digest,
    wrote: parsed.wrote,
    counts: parsed.counts,
  };
}

function countsOf(summary: TickSummary): Record<Counted, number> {
  return Object.fromEntries(COUNTED.map((k) => [k, summary[k]])) as Record<Counted, number>;
}

/** Visits a case in this process and sums up what happened, for the tick. */
export async function visitHere(visit: CaseVisit): Promise<VisitOutcome> {
  const before = countsOf(visit.ctx.summary);
  const visited = await visitCase(visit);
  const after = countsOf(visit.ctx.summary);
  return {
    ...(visited.state ? { summary: summarize(visited.state) } : {}),
    revisit: visited.revisit,
    digest: digestOf(visited.body),
    wrote: visited.wrote,
    counts: Object.fromEntries(COUNTED.map((k) => [k, after[k] - before[k]])) as Record<
      Counted,
      number
    >,
  };
}

/** The job that asks whichever replica drains the case to visit it as this tick would. */
export function visitJobOf(visit: CaseVisit): TickVisitJob {
  const { ctx, ref, key } = visit;
  const seen = key.ghsaId ? visit.polled.get(key.ghsaId.toLowerCase()) : undefined;
  return {
    kind: 'tick-visit',
    // Unique per request: a tick run again after its replica died asks again, and the case
    // file's records keyed by the tick's minute make the second visit repeat nothing.
    delivery: `tick-visit:${randomUUID()}`,
    event: 'tick.visit',
    installationId: visit.access.id,
    tracking: { repo: ref.repo, issue: ref.issue },
    ...(key.repo === undefined ? {} : { caseRepo: key.repo }),
    ...(key.ghsaId === undefined ? {} : { ghsaId: key.ghsaId }),
    minute: ctx.minute,
    config: visit.config,
    ...(seen ? { polled: seen } : {}),
    comments: [...visit.comments],
    ...(visit.body === undefined ? {} : { body: visit.body }),
    ...(visit.observed?.length ? { observed: [...visit.observed] } : {}),
    minimizeBudget: Math.max(0, ctx.minimizeBudget.left),
  };
}

/** What the replica draining a case lends a `tick-visit` job: its scheduler's settings and memory. */
export interface VisitHost {
  options: SchedulerOptions;
  memory: Pick<SchedulerMemory, 'minimized'>;
  log: RunnerLog;
  now(): Date;
}

/**
 * Runs a `tick-visit` job on the replica draining its case, in the case's turn (after the
 * webhook work queued before it), with a context of its own, and returns the outcome the
 * ticking replica waits for.
 */
export async function runVisitJob(
  host: VisitHost,
  state: VisitContext['state'],
  services: Services,
  job: TickVisitJob,
): Promise<VisitOutcome> {
  const ctx: VisitContext = {
    state,
    options: host.options,
    memory: host.memory,
    metrics: state.metrics,
    log: host.log,
    identity: services.identity,
    minute: job.minute,
    summary: emptySummary(host.now()),
    minimizeBudget: { left: job.minimizeBudget },
    now: () => host.now(),
  };
  const access: InstallationAccess = {
    id: job.installationId,
    account: '',
    github: services.github,
    configOf: (repo) => services.configOf(repo),
  };
  const polled = new Map(
    job.polled ? [[job.polled.advisory.ghsaId.toLowerCase(), job.polled] as const] : [],
  );
  return visitHere({
    ctx,
    access,
    ref: job.tracking,
    key: { repo: job.caseRepo, ghsaId: job.ghsaId },
    config: AdvisoryPilotConfig.parse(job.config),
    polled,
    comments: job.comments,
    ...(job.body === undefined ? {} : { body: job.body }),
    ...(job.observed ? { observed: job.observed } : {}),
  });
}
