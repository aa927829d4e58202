import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case } from '../domain/case.js';
import type { GitHubPort, PolledAdvisory } from '../github/port.js';
import { ensureTrackingIssue } from '../handlers/case-routing.js';
import type { Job } from '../jobs/job.js';
import { runManualReport } from '../jobs/report-jobs.js';
import { linkLookalikes } from '../runner/link-lookalikes.js';
import { readCaseMarker } from '../store/case-index.js';
import { runInput } from '../runner/run-input.js';
import { createdBody } from '../runner/seen-body.js';
import type { InstallationAccess } from './app-port.js';
import { abortOn } from './faults.js';
import { pause } from './pace.js';
import { pipelineDeps, servicesOf, type TickContext } from './tick-scope.js';

type ManualReportJob = Extract<Job, { kind: 'manual-report' }>;

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

/**
 * The product repositories' advisories, by lower-cased GHSA ID: one conditional listing per
 * repository (sorted by update, so a change in GitHub's UI comes first).
 */
export async function pollAdvisories(
  ctx: TickContext,
  github: GitHubPort,
  group: TrackingGroup,
): Promise<Map<string, PolledAdvisory>> {
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
 * Opens the case of every triage advisory and draft that has none (`tracked` holds the GHSA
 * IDs of the open cases, lower-cased). Same path as the webhook (find or create the tracking
 * issue, then a `report-received` run), keyed so a second tick, or the webhook arriving late,
 * changes nothing.
 */
export async function openMissing(
  ctx: TickContext,
  access: InstallationAccess,
  group: TrackingGroup,
  polled: ReadonlyMap<string, PolledAdvisory>,
  tracked: ReadonlySet<string>,
): Promise<Case[]> {
  const latest = ctx.now().getTime() - ctx.options.openGraceMs;
  const opened: Case[] = [];
  let lookalikeChecks = 0;
  for (const [ghsa, { advisory }] of polled) {
    if (tracked.has(ghsa) || ctx.state.knownCases.has(ghsa)) continue;
    const product = group.products.find((p) => p.repo === advisory.repo);
    if (!product || !opensCase(advisory, product.config, ctx.identity.botLogin)) continue;
    if (Date.parse(advisory.createdAt) > latest || ctx.stopping()) continue;
    const delivery = `poll:${advisory.ghsaId}:${advisory.state === 'draft' ? 'draft' : 'reported'}`;
    if (ctx.state.jobs.shared) {
      // Queue mode: the job the `reported` webhook would have made, in the same inbox, so the
      // two never race on another replica; the case shows on the dashboard from the next tick.
      await ctx.state.jobs.add({
        kind: 'advisory-event',
        action: 'reported',
        event: 'tick.reconcile',
        delivery,
        installationId: access.id,
        repository: { fullName: product.repo, private: product.private },
        advisory,
      });
      ctx.log.info({ ghsaId: advisory.ghsaId }, 'tick: queued the case of a report with none');
      continue;
    }
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
          delivery,
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

/**
 * Opens the case of every open issue in the tracking repository that carries the report label
 * and has no case yet (its `issues.opened` or `issues.labeled` delivery was lost): one
 * conditional listing per tick, and the same job the webhook would have run, with the issue's
 * author as the person who opened it. An issue younger than the grace period is left to its
 * webhook. Returns how many it opened.
 */
export async function openManualReports(
  ctx: TickContext,
  access: InstallationAccess,
  group: TrackingGroup,
): Promise<number> {
  const label = group.config.tracking.reportLabel;
  const latest = ctx.now().getTime() - ctx.options.openGraceMs;
  const listed = await access.github.listOpenIssuesWithLabel(group.trackingRepo, label);
  let opened = 0;
  for (const issue of listed) {
    if (ctx.stopping()) break;
    const { createdAt, author } = issue;
    if (readCaseMarker(issue.body) || !createdAt || !author) continue;
    if (Date.parse(createdAt) > latest) continue;
    const tracking = { repo: group.trackingRepo, issue: issue.number };
    const job: ManualReportJob = {
      kind: 'manual-report',
      event: 'tick',
      delivery: `poll:manual-report:${group.trackingRepo}#${String(issue.number)}`,
      installationId: access.id,
      tracking,
      title: issue.title,
      createdAt,
      sender: author,
      labels: [label],
    };
    if (ctx.state.jobs.shared) {
      // Queue mode: in the issue's inbox, behind its `issues.labeled` job if that came after all.
      await ctx.state.jobs.add(job);
      continue;
    }
    const run = ctx.state.queue.run(`intake:${group.trackingRepo}#${String(issue.number)}`, () =>
      runManualReport(ctx.state, servicesOf(ctx, access), job, ctx.log),
    );
    if (!(await run)) continue;
    opened++;
    ctx.summary.opened++;
    await pause(ctx.options.pauseMs);
  }
  return opened;
}
