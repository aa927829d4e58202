import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case } from '../domain/case.js';
import { DASHBOARD_TITLE, isOpenCase, renderDashboard } from '../domain/dashboard.js';
import type { GitHubPort, TrackingIssue } from '../github/port.js';
import { assertPrivate } from '../store/tracking-guard.js';
import { abortOn } from './faults.js';
import type { TickContext } from './tick-scope.js';

/** What happened to a tracking repository's dashboard in this tick. */
export type DashboardOutcome = 'unchanged' | 'updated' | 'created' | 'none';

/**
 * Keeps the tracking repository's dashboard issue up to date: written only when its text
 * changed (the body is compared with what the issue list, read anyway, already holds), created
 * and pinned the first time there is an open case. It carries the tracking label so the same
 * conditional list finds it; its marker is not a case marker, so no case code mistakes it.
 */
export async function ensureDashboard(
  ctx: TickContext,
  github: GitHubPort,
  where: { repo: string; config: AdvisoryPilotConfig },
  existing: TrackingIssue | undefined,
  states: readonly Case[],
): Promise<DashboardOutcome> {
  const open = states.filter(isOpenCase);
  if (!existing && open.length === 0) return 'none';
  const body = renderDashboard(open, { now: ctx.now(), config: where.config });
  if (existing?.body === body) return 'unchanged';
  if (ctx.state.options.dryRun) {
    ctx.log.info({ repo: where.repo, chars: body.length }, 'dry run: would write the dashboard');
    return existing ? 'updated' : 'created';
  }
  await assertPrivate(github, ctx.state.privacy, where.repo);
  ctx.summary.dashboards++;
  if (existing) {
    await github.updateIssue(where.repo, existing.number, { body });
    return 'updated';
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
  return 'created';
}
