import type { AdvisoryPilotConfig } from '../config/schema.js';
import { awaitedEvents } from '../domain/awaited-events.js';
import type { CaseSummary } from '../domain/case-summary.js';
import type { Input } from '../domain/inputs.js';
import type { IssueComment, PolledAdvisory, RepoComment } from '../github/port.js';
import type { CaseKey } from '../store/case-index.js';
import type { TrackingRef } from '../store/case-file-store.js';
import type { InstallationAccess } from './app-port.js';
import { awaitedInputs, type ReleaseListings } from './awaited-checks.js';
import type { CaseVisit } from './case-visit.js';
import { abortOn } from './faults.js';
import type { TrackingGroup } from './missing-cases.js';
import { pause } from './pace.js';
import type { TickContext } from './tick-scope.js';
import type { TrackingIndex } from './tracking-index.js';
import { parseVisitOutcome, visitHere, visitJobOf, type VisitOutcome } from './visit-job.js';

/*
 * Loading one case of a tracking-repository visit: here, or as a job in the case's inbox (queue
 * mode), told what GitHub shows about the events it waits on, and kept in the index afterwards.
 */

/** A case the visit loads: where it lives, and its body when a listing just carried it. */
export interface Candidate {
  ref: TrackingRef;
  key: CaseKey;
  body?: string;
  /** What GitHub showed about events the case waits on, when already asked. */
  observed?: Input[];
}

/** What one tracking-repository visit shares between its cases. */
export interface RepoVisit {
  ctx: TickContext;
  access: InstallationAccess;
  group: TrackingGroup;
  index: TrackingIndex;
  polled: ReadonlyMap<string, PolledAdvisory>;
  /** Changed comments by issue; undefined when the feed failed (each case's are read). */
  comments: Map<number, RepoComment[]> | undefined;
  /** Digest of each product repository's configuration (lower-cased name). */
  configs: Map<string, string>;
  /** Each product repository's recent releases, listed once for every case that waits on one. */
  releases: ReleaseListings;
  complete: boolean;
}

export function configOf(visit: RepoVisit, key: CaseKey): AdvisoryPilotConfig {
  return visit.group.products.find((p) => p.repo === key.repo)?.config ?? visit.group.config;
}

export function configDigestOf(visit: RepoVisit, key: CaseKey): string {
  return visit.configs.get((key.repo ?? '').toLowerCase()) ?? visit.configs.get('') ?? '';
}

export function seenAdvisory(visit: RepoVisit, key: CaseKey): PolledAdvisory | undefined {
  return key.ghsaId ? visit.polled.get(key.ghsaId.toLowerCase()) : undefined;
}

/** A tracking issue's comments changed since the previous tick, or all of them when the feed failed. */
async function commentsOf(visit: RepoVisit, ref: TrackingRef): Promise<readonly IssueComment[]> {
  if (visit.comments) return visit.comments.get(ref.issue) ?? [];
  return visit.access.github.listComments(ref.repo, ref.issue);
}

/**
 * Visits a case here, or (queue mode) as a job in the case's inbox, run by whichever replica
 * drains it, after the webhook work queued before it: the tick never writes to a case while
 * another replica does. Either way the tick's summary gets the visit's counts.
 */
async function visitAnywhere(ctx: TickContext, visit: CaseVisit): Promise<VisitOutcome> {
  const request = ctx.state.jobs.request?.bind(ctx.state.jobs);
  if (!request) return visitHere(visit);
  const outcome = parseVisitOutcome(await request(visitJobOf(visit)));
  for (const [count, n] of Object.entries(outcome.counts) as [
    keyof VisitOutcome['counts'],
    number,
  ][])
    ctx.summary[count] += n;
  ctx.minimizeBudget.left -= outcome.counts.minimized;
  return outcome;
}

/** What GitHub shows about the events a case waits on, that the tick has not fed it yet. */
export async function observedFor(
  visit: RepoVisit,
  key: CaseKey,
  summary: CaseSummary,
  fed: readonly string[] | undefined,
): Promise<Input[]> {
  const events = awaitedEvents(summary, configOf(visit, key));
  if (events.length === 0) return [];
  return awaitedInputs(visit.access.github, events, visit.releases, fed);
}

/**
 * Loads one case, runs what is due, and keeps its summary in the index. A case that waits on an
 * event is told what GitHub shows about it; a case the index did not know yet (a cold start) is
 * asked once its summary is known, and visited again only when GitHub shows something.
 */
export async function load(visit: RepoVisit, candidate: Candidate): Promise<void> {
  const { ctx, index } = visit;
  const { ref, key } = candidate;
  if (ctx.stopping()) {
    visit.complete = false;
    markRevisit(index, candidate);
    return;
  }
  try {
    const known = index.get(ref.issue);
    let observed =
      candidate.observed ??
      (known?.summary ? await observedFor(visit, key, known.summary, known.fed) : undefined);
    const caseVisit = async (body: string | undefined, inputs: Input[]) =>
      visitAnywhere(visit.ctx, {
        ctx,
        access: visit.access,
        ref,
        key,
        config: configOf(visit, key),
        polled: visit.polled,
        comments: await commentsOf(visit, ref),
        ...(body === undefined ? {} : { body }),
        ...(inputs.length > 0 ? { observed: inputs } : {}),
      });
    let visited = await caseVisit(candidate.body, observed ?? []);
    if (observed === undefined && visited.summary) {
      observed = await observedFor(visit, key, visited.summary, known?.fed);
      // Read again: the first visit may have written since the listing's body.
      if (observed.length > 0) visited = await caseVisit(undefined, observed);
    }
    ctx.summary.cases++;
    ctx.summary.loaded++;
    const polledAt = seenAdvisory(visit, key)?.updatedAt;
    const fed = [...(known?.fed ?? []), ...(observed ?? []).map((i) => i.delivery)];
    index.set(ref.issue, {
      key,
      digest: visited.digest,
      ...(visited.summary ? { summary: visited.summary } : {}),
      config: configDigestOf(visit, key),
      ...(polledAt === undefined ? {} : { polled: polledAt }),
      revisit: visited.revisit,
      ...(fed.length > 0 ? { fed: fed.slice(-20) } : {}),
    });
    if (visited.wrote) await pause(ctx.options.pauseMs);
  } catch (error) {
    const fault = abortOn(error, ctx.now().getTime());
    visit.complete = false;
    ctx.summary.errors++;
    ctx.log.error(
      { tracking: ref, status: fault.status, error: String(error) },
      'tick: case visit failed',
    );
    markRevisit(index, candidate);
  }
}

/** A case left unvisited is loaded (read again) next tick, whatever the feeds say then. */
function markRevisit(index: TrackingIndex, { ref, key }: Candidate): void {
  const known = index.get(ref.issue);
  index.set(ref.issue, { ...(known ?? { key, digest: '', config: '' }), revisit: true });
}
