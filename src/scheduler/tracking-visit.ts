import type { AdvisoryPilotConfig } from '../config/schema.js';
import { createdBody } from '../runner/seen-body.js';
import type { Case } from '../domain/case.js';
import { caseDeadlines, DASHBOARD_MARKER, isOpenCase } from '../domain/dashboard.js';
import type { GitHubPort, PolledAdvisory, RepoComment } from '../github/port.js';
import { ensureTrackingIssue } from '../handlers/case-routing.js';
import { linkLookalikes } from '../runner/link-lookalikes.js';
import { runInput } from '../runner/run-input.js';
import { readCaseMarker, type CaseKey } from '../store/case-index.js';
import type { TrackingRef } from '../store/case-file-store.js';
import type { InstallationAccess } from './app-port.js';
import { visitCase } from './case-visit.js';
import { ensureDashboard } from './dashboard-issue.js';
import { abortOn } from './faults.js';
import { forEachLimited, pause } from './pace.js';
import { pipelineDeps, servicesOf, type TickContext } from './tick-scope.js';

/** New cases of one tracking-repository visit compared with the open ones, at most. */
const MAX_LOOKALIKE_CHECKS = 5;

/** A product repository whose cases live in the group's tracking repository. */
export interface ProductRepo {
  repo: string;
  private: boolean;
  config: AdvisoryPilotConfig;
}

/** A tracking repository (and label) with the product repositories that send cases to it. */
export interface TrackingGroup {
  trackingRepo: string;
  /** The configuration that governs the tracking repository (its label, the dashboard's clock). */
  config: AdvisoryPilotConfig;
  products: ProductRepo[];
}

interface Entry {
  ref: TrackingRef;
  key: CaseKey;
}

async function poll(ctx: TickContext, github: GitHubPort, group: TrackingGroup) {
  const polled = new Map<string, PolledAdvisory>();
  for (const product of group.products) {
    try {
      const poll = await github.pollAdvisories(product.repo, product.private);
      for (const seen of poll.polled) polled.set(seen.advisory.ghsaId.toLowerCase(), seen);
      for (const { ghsaId, reason } of poll.unreadable)
        ctx.log.warn({ repo: product.repo, ghsaId, reason }, 'could not read an advisory');
    } catch (error) {
      abortOn(error, ctx.now().getTime());
      ctx.log.warn({ repo: product.repo, error: String(error) }, 'could not poll advisories');
    }
  }
  return polled;
}

/**
 * Whether an advisory with no case gets one: a private report in triage (its webhook was lost),
 * or a draft (GitHub sends no webhook for drafts): one a person created in GitHub's UI for a
 * report that came another way, or an accepted report whose case was never opened.
 */
function opensCase(
  advisory: PolledAdvisory['advisory'],
  config: AdvisoryPilotConfig,
  botLogin: string,
): boolean {
  if (advisory.state === 'triage') return true;
  // A draft the App made (`/advisory create`) belongs to the case that asked for it, which
  // adopts it again if its result was lost: never a second case.
  return advisory.state === 'draft' && config.intake.drafts && advisory.draftBy !== botLogin;
}

/**
 * Opens the case of every triage advisory and draft that has none.
 * Same path as the webhook (find or create the tracking issue, then a `report-received` run),
 * keyed so a second tick, or the webhook arriving late, changes nothing.
 */
async function openMissing(
  ctx: TickContext,
  access: InstallationAccess,
  group: TrackingGroup,
  polled: ReadonlyMap<string, PolledAdvisory>,
  entries: readonly Entry[],
): Promise<Case[]> {
  const tracked = new Set(
    entries.flatMap((e) => (e.key.ghsaId ? [e.key.ghsaId.toLowerCase()] : [])),
  );
  const latest = ctx.now().getTime() - ctx.options.openGraceMs;
  const opened: Case[] = [];
  let lookalikeChecks = 0;
  for (const [ghsa, { advisory }] of polled) {
    if (tracked.has(ghsa) || ctx.state.knownCases.has(ghsa)) continue;
    const product = group.products.find((p) => p.repo === advisory.repo);
    if (!product || !opensCase(advisory, product.config, ctx.identity.botLogin)) continue;
    if (Date.parse(advisory.createdAt) > latest || ctx.stopping()) continue;
    // Same key as the `reported` webhook's intake, so the two never race to open the case.
    const result = await ctx.state.queue.run(`intake:advisories:${advisory.repo}`, async () => {
      const ref = await ensureTrackingIssue(
        servicesOf(ctx, access),
        ctx.state.privacy,
        product.config,
        group.trackingRepo,
        advisory,
      );
      const tracking = { repo: ref.repo, issue: ref.issue };
      if (ref.created) ctx.state.caseIndex.forget(ref.repo);
      const deps = pipelineDeps(ctx, access.github, product.config);
      const run = await runInput(
        deps,
        tracking,
        {
          type: 'report-received',
          delivery: `poll:${advisory.ghsaId}:${advisory.state === 'draft' ? 'draft' : 'reported'}`,
          advisory,
          tracking,
        },
        { newIssue: ref.created, seen: createdBody(ref) },
      );
      // Capped per visit: a cold start opening hundreds of lost reports must not read them all
      // against each other (the webhook path checks every report).
      if (ref.created && run.state && lookalikeChecks++ < MAX_LOOKALIKE_CHECKS)
        await linkLookalikes(deps, tracking, run.state, ref.listed);
      return { ...run, ref: tracking };
    });
    const ref = result.ref;
    ctx.state.knownCases.set(ghsa, {
      installationId: access.id,
      ...ref,
      productRepo: advisory.repo,
    });
    if (result.writes > 0) ctx.summary.opened++;
    if (result.state) opened.push(result.state);
    await pause(ctx.options.pauseMs);
  }
  return opened;
}

function tally(ctx: TickContext, states: readonly Case[], config: AdvisoryPilotConfig): void {
  for (const state of states.filter(isOpenCase)) {
    ctx.summary.phases[state.phase] = (ctx.summary.phases[state.phase] ?? 0) + 1;
    for (const deadline of caseDeadlines(state, { now: ctx.now(), config })) {
      if (deadline.overdue)
        ctx.summary.overdue[deadline.kind] = (ctx.summary.overdue[deadline.kind] ?? 0) + 1;
    }
  }
}

/** How far back a first tick looks for commands nobody answered (GitHub redelivers for 3 days). */
const FIRST_LOOK_BACK_MS = 7 * 24 * 3_600_000;
/** Overlap with the previous listing: a comment's `updated_at` may trail the listing's clock. */
const OVERLAP_MS = 10 * 60_000;

/**
 * The tracking repository's comments changed since the previous complete visit: one listing for
 * every case, instead of one read per case. Returns them with the time the next visit starts from.
 */
async function changedComments(
  ctx: TickContext,
  github: GitHubPort,
  repo: string,
): Promise<RepoComment[] & { since: string }> {
  const now = ctx.now().getTime();
  const previous = ctx.memory.commentsSince.get(repo);
  const since = previous ?? new Date(now - FIRST_LOOK_BACK_MS).toISOString();
  const listed = await github.listRepoComments(repo, since);
  const next = new Date(now - ctx.options.commandGraceMs - OVERLAP_MS).toISOString();
  return Object.assign(listed, { since: previous && previous > next ? previous : next });
}

/**
 * Visits one tracking repository: polls its product repositories' advisories, opens missing
 * cases, visits every open case (a few at a time), then refreshes the dashboard. When a case
 * could not be visited the dashboard is left as it was rather than written from half the cases.
 */
export async function visitTrackingRepo(
  ctx: TickContext,
  access: InstallationAccess,
  group: TrackingGroup,
): Promise<void> {
  const { github } = access;
  const issues = await github.listOpenIssuesWithLabel(
    group.trackingRepo,
    group.config.tracking.label,
  );
  const dashboard = issues
    .filter((i) => i.body.includes(DASHBOARD_MARKER))
    .sort((a, b) => a.number - b.number)[0];
  const entries = issues.flatMap((issue) => {
    const key = readCaseMarker(issue.body);
    return key ? [{ ref: { repo: group.trackingRepo, issue: issue.number }, key }] : [];
  });
  for (const { ref, key } of entries) {
    if (key.ghsaId && key.repo)
      ctx.state.knownCases.set(key.ghsaId.toLowerCase(), {
        installationId: access.id,
        ...ref,
        productRepo: key.repo,
      });
  }
  const polled = await poll(ctx, github, group);
  const comments = await changedComments(ctx, github, group.trackingRepo);
  const states = await openMissing(ctx, access, group, polled, entries);
  const outcome = { complete: true };
  // Grouped once: filtering the repository-wide listing per case is quadratic at 10,000 cases.
  const byIssue = new Map<number, RepoComment[]>();
  for (const comment of comments)
    byIssue.set(comment.issue, [...(byIssue.get(comment.issue) ?? []), comment]);
  await forEachLimited(entries, ctx.options.concurrency, async ({ ref, key }) => {
    if (ctx.stopping()) {
      outcome.complete = false;
      return;
    }
    const config = group.products.find((p) => p.repo === key.repo)?.config ?? group.config;
    try {
      const state = await visitCase({
        ctx,
        access,
        ref,
        key,
        config,
        polled,
        comments: byIssue.get(ref.issue) ?? [],
      });
      ctx.summary.cases++;
      if (state) states.push(state);
    } catch (error) {
      const fault = abortOn(error, ctx.now().getTime());
      outcome.complete = false;
      ctx.summary.errors++;
      ctx.log.error(
        { tracking: ref, status: fault.status, error: String(error) },
        'tick: case visit failed',
      );
    }
  });
  tally(ctx, states, group.config);
  if (outcome.complete) ctx.memory.commentsSince.set(group.trackingRepo, comments.since);
  if (outcome.complete)
    await ensureDashboard(
      ctx,
      github,
      { repo: group.trackingRepo, config: group.config },
      dashboard,
      states,
    );
}
