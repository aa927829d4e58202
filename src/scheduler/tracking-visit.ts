import type { AdvisoryPilotConfig } from '../config/schema.js';
import { summarize, type CaseSummary } from '../domain/case-summary.js';
import { caseDeadlines, isOpenCase } from '../domain/dashboard.js';
import type { InstallationAccess } from './app-port.js';
import { changedComments, commentsByIssue } from './change-feeds.js';
import { ensureDashboard } from './dashboard-issue.js';
import { rebuild, refresh, type RepoVisit } from './index-refresh.js';
import {
  openManualReports,
  openMissing,
  pollAdvisories,
  type TrackingGroup,
} from './missing-cases.js';
import type { TickContext } from './tick-scope.js';
import { digestOf, TrackingIndex } from './tracking-index.js';

export type { ProductRepo, TrackingGroup } from './missing-cases.js';

function tally(ctx: TickContext, states: readonly CaseSummary[], config: AdvisoryPilotConfig) {
  for (const state of states.filter(isOpenCase)) {
    ctx.summary.phases[state.phase] = (ctx.summary.phases[state.phase] ?? 0) + 1;
    for (const deadline of caseDeadlines(state, { now: ctx.now(), config })) {
      if (deadline.overdue)
        ctx.summary.overdue[deadline.kind] = (ctx.summary.overdue[deadline.kind] ?? 0) + 1;
    }
  }
}

/**
 * Visits one tracking repository: polls its product repositories' advisories, learns which
 * cases changed from two repository-wide listings (issues and comments), loads those and the
 * ones with something due, opens missing cases, then refreshes the dashboard. When a case could
 * not be visited the dashboard is left as it was, and the feeds start again where they did.
 */
export async function visitTrackingRepo(
  ctx: TickContext,
  access: InstallationAccess,
  group: TrackingGroup,
): Promise<void> {
  const { github } = access;
  const repo = group.trackingRepo;
  const polled = await pollAdvisories(ctx, github, group);
  const comments = await changedComments(ctx, github, repo);
  if (!comments.ok)
    ctx.log.warn(
      { repo, reason: comments.reason },
      "tick: the change feed of comments cannot be trusted; reading each case's comments",
    );
  const configs = new Map<string, string>([['', digestOf(JSON.stringify(group.config))]]);
  for (const product of group.products)
    configs.set(product.repo.toLowerCase(), digestOf(JSON.stringify(product.config)));
  const label = group.config.tracking.label;
  const known = ctx.memory.indexes.get(repo);
  const fresh = !known || known.label !== label;
  const visit: RepoVisit = {
    ctx,
    access,
    group,
    index: fresh ? new TrackingIndex(label) : known,
    polled,
    comments: comments.ok ? commentsByIssue(comments.items, ctx.identity.botLogin) : undefined,
    configs,
    releases: new Map(),
    complete: true,
  };
  let next: { since?: string } = {};
  const warm = fresh ? 'rebuild' : await refresh(visit);
  if (warm === 'rebuild') {
    visit.index = new TrackingIndex(label);
    await rebuild(visit);
    next = { since: visit.index.issuesSince };
    // Only a complete listing makes an index: a half one would skip cases without knowing.
    if (visit.complete) ctx.memory.indexes.set(repo, visit.index);
  } else {
    next = warm;
    // The index grew with new cases: past the budget, older indexes of other repositories go.
    ctx.memory.indexes.trim(visit.index);
  }
  const index = visit.index;
  const tracked = new Set<string>();
  const summaries = new Map<number, CaseSummary>();
  for (const issue of index.issues()) {
    const entry = index.get(issue);
    if (entry?.key.ghsaId) tracked.add(entry.key.ghsaId.toLowerCase());
    if (entry?.summary) summaries.set(issue, entry.summary);
  }
  await openManualReports(ctx, access, group);
  for (const state of await openMissing(ctx, access, group, polled, tracked))
    summaries.set(state.tracking.issue, summarize(state));
  const states = [...summaries.values()];
  tally(ctx, states, group.config);
  if (!visit.complete) return;
  if (next.since) index.issuesSince = next.since;
  if (comments.ok) ctx.memory.commentsSince.set(repo, comments.since);
  index.dashboard = await ensureDashboard(
    ctx,
    github,
    { repo, config: group.config },
    index.dashboard,
    states,
  );
}
