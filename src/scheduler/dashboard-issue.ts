import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { CaseSummary } from '../domain/case-summary.js';
import { DASHBOARD_TITLE, isOpenCase, renderDashboard } from '../domain/dashboard.js';
import type { GitHubPort } from '../github/port.js';
import { assertPrivate } from '../store/tracking-guard.js';
import { abortOn } from './faults.js';
import type { TickContext } from './tick-scope.js';
import { digestOf } from './tracking-index.js';

/** The dashboard issue as the tick knows it: its number and the digest of its body. */
export interface KnownDashboard {
  number: number;
  digest: string;
}

/**
 * Keeps the tracking repository's dashboard issue up to date: written only when its text
 * changed (compared with the digest of the body the listings last showed), created and pinned
 * the first time there is an open case. It carries the tracking label so the same listings
 * find it; its marker is not a case marker, so no case code mistakes it. Returns the dashboard
 * as it now stands.
 */
export async function ensureDashboard(
  ctx: TickContext,
  github: GitHubPort,
  where: { repo: string; config: AdvisoryPilotConfig },
  existing: KnownDashboard | undefined,
  states: readonly CaseSummary[],
): Promise<KnownDashboard | undefined> {
  const open = states.filter(isOpenCase);
  if (!existing && open.length === 0) return undefined;
  const body = renderDashboard(open, { now: ctx.now(), config: where.config });
  const digest = digestOf(body);
  if (existing?.digest === digest) return existing;
  if (ctx.state.options.dryRun) {
    ctx.log.info({ repo: where.repo, chars: body.length }, 'dry run: would write the dashboard');
    return existing;
  }
  await assertPrivate(github, ctx.state.privacy, where.repo);
  ctx.summary.dashboards++;
  if (existing) {
    await github.updateIssue(where.repo, existing.number, { body });
    return { number: existing.number, digest };
  }
  const created = await github.createIssue(where.repo, {
    title: DASHBOARD_TITLE,
    body,
    labels: [where.config.tracking.label],
  });
  try {
    await github.pinIssue(where.repo, created.number, created.nodeId);
  } catch (error) {
    // A repository pins three issues at most; an unpinned dashboard still works.
    abortOn(error, ctx.now().getTime());
    ctx.log.warn(
      { repo: where.repo, issue: created.number, error: String(error) },
      'could not pin the dashboard',
    );
  }
  return { number: created.number, digest };
}
