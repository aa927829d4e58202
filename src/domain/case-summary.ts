import type { Case, ReachChecks, ReleaseState, Severity } from './case.js';
import type { ItemId } from './item-ids.js';
import type { Phase } from './phases.js';

/**
 * What the tick keeps of a case it does not load again: everything the reminders, the reach
 * checks, the dashboard row and the overdue tally read, and nothing else (no report text, no
 * log, no advisory copy, no evidence). A `Case` is a `CaseSummary`, so the same pure functions
 * serve both; `summarize` makes the small copy the tick holds for thousands of cases.
 */
export interface CaseSummary {
  repo?: string;
  ghsaId?: string;
  tracking: { repo: string; issue: number };
  summary: string;
  reportedAt: string;
  phase: Phase;
  phaseEnteredAt: string;
  lastActivityAt: string;
  severity?: Severity;
  assignee?: string;
  exploited: boolean;
  disclosureDate?: string;
  reporterDate?: string;
  resolveBy?: string;
  embargo?: { date: string };
  cve: { requestedAt?: string; id?: string; waived?: string };
  /** When each completed item was completed (who and why are not needed here). */
  items: Partial<Record<ItemId, { at: string }>>;
  milestones: Readonly<Record<string, string>>;
  planned: readonly { key: `custom:${string}`; dueAt: string; text: string }[];
  /** The keys of the reminders already sent (their values are not read). */
  reminders: Readonly<Record<string, unknown>>;
  reach?: ReachChecks;
  advisory: { url?: string; packageName?: string; patchedVersion?: string };
  /** What the release got to: what `awaitedEvents` asks GitHub about. */
  release: { strategy?: ReleaseState['strategy']; version?: string; runId?: number };
  /** The App's pull requests, by purpose. */
  pullRequests: Case['pullRequests'];
}

const SENT = true;

/** The tick's copy of a case: the fields of `CaseSummary`, copied, and only those. */
export function summarize(state: Case): CaseSummary {
  const items: Partial<Record<ItemId, { at: string }>> = {};
  for (const [id, item] of Object.entries(state.items) as [ItemId, { at: string }][])
    items[id] = { at: item.at };
  return {
    ...(state.repo === undefined ? {} : { repo: state.repo }),
    ...(state.ghsaId === undefined ? {} : { ghsaId: state.ghsaId }),
    tracking: { repo: state.tracking.repo, issue: state.tracking.issue },
    summary: state.summary,
    reportedAt: state.reportedAt,
    phase: state.phase,
    phaseEnteredAt: state.phaseEnteredAt,
    lastActivityAt: state.lastActivityAt,
    ...(state.severity === undefined ? {} : { severity: state.severity }),
    ...(state.assignee === undefined ? {} : { assignee: state.assignee }),
    exploited: state.exploited,
    ...(state.disclosureDate === undefined ? {} : { disclosureDate: state.disclosureDate }),
    ...(state.reporterDate === undefined ? {} : { reporterDate: state.reporterDate }),
    ...(state.resolveBy === undefined ? {} : { resolveBy: state.resolveBy }),
    ...(state.embargo === undefined ? {} : { embargo: { date: state.embargo.date } }),
    cve: { ...state.cve },
    items,
    milestones: { ...state.milestones },
    planned: state.planned.map((p) => ({ key: p.key, dueAt: p.dueAt, text: p.text })),
    reminders: Object.fromEntries(Object.keys(state.reminders).map((key) => [key, SENT])),
    ...(state.reach === undefined ? {} : { reach: { ...state.reach } }),
    advisory: {
      ...(state.advisory.url === undefined ? {} : { url: state.advisory.url }),
      ...(state.advisory.packageName === undefined
        ? {}
        : { packageName: state.advisory.packageName }),
      ...(state.advisory.patchedVersion === undefined
        ? {}
        : { patchedVersion: state.advisory.patchedVersion }),
    },
    release: {
      ...(state.release.strategy === undefined ? {} : { strategy: state.release.strategy }),
      ...(state.release.version === undefined ? {} : { version: state.release.version }),
      ...(state.release.runId === undefined ? {} : { runId: state.release.runId }),
    },
    pullRequests: { ...state.pullRequests },
  };
}
