import { applyPatch, Case, type CasePatch } from './case.js';
import type { Effect } from './effects.js';
import type { CaseOpened, CaseRecord } from './records.js';

/** One line of the case's history, for the status section and the postmortem. */
export interface TimelineEntry {
  at: string;
  by: string;
  note: string;
}

/** What the record log says: the case, what is unfinished, and what looked wrong. */
export interface FoldResult {
  case: Case | undefined;
  /** Effects whose intent was recorded without a result: the pipeline completes them. */
  unfinished: Effect[];
  timeline: TimelineEntry[];
  problems: string[];
}

/** The case a `case-opened` record starts (shared by the v1 fold and the v2 case file). */
export function openCase(opened: CaseOpened, at: string): Case {
  return {
    repo: opened.repo,
    repoPrivate: opened.repoPrivate,
    source: opened.source,
    ghsaId: opened.ghsaId,
    tracking: opened.tracking,
    summary: opened.summary,
    reportedAt: opened.reportedAt,
    reporter: opened.reporter,
    ...(opened.channel ? { channel: opened.channel } : {}),
    ...(opened.draftBy ? { draftBy: opened.draftBy } : {}),
    phase: opened.phase ?? 'triage',
    phaseEnteredAt: at,
    items: {},
    severity: opened.severity,
    credits: [],
    collaborators: { users: [], teams: [] },
    cve: {},
    advisory: opened.advisory,
    release: {},
    fixes: [],
    exploited: false,
    pullRequests: {},
    reminders: {},
    milestones: { reported: opened.reportedAt },
    planned: [],
    handledComments: [],
    lastActivityAt: at,
  };
}

/**
 * Folds records, in comment order, into the case. Deterministic and idempotent: a record id seen
 * before is skipped, so a redelivered webhook's records (same ids) change nothing. Records that do
 * not fit (before the case opened, a second opening, a patch that breaks the schema) are reported
 * and skipped, never thrown.
 */
export function fold(records: readonly CaseRecord[]): FoldResult {
  const seen = new Set<string>();
  const intents = new Map<string, Effect>();
  const result: FoldResult = { case: undefined, unfinished: [], timeline: [], problems: [] };
  let state: Case | undefined;
  for (const record of records) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    if (record.type === 'case-opened') {
      if (state) {
        result.problems.push(
          `record ${record.id}: the case is already open; second opening ignored`,
        );
        continue;
      }
      state = openCase(record.opened, record.at);
    } else if (!state) {
      result.problems.push(
        `record ${record.id}: ${record.type} before the case was opened; ignored`,
      );
      continue;
    } else if (record.type === 'update') {
      state = patched(state, record.patch, record.id, result.problems);
    } else if (record.type === 'effect-intent') {
      intents.set(record.effect.key, record.effect);
    } else if (record.type === 'effect-result') {
      intents.delete(record.key);
      if (record.patch) state = patched(state, record.patch, record.id, result.problems);
    } else {
      result.problems.push(`comment ${record.commentId}: ${record.reason}`);
    }
    if (record.note) result.timeline.push({ at: record.at, by: record.by, note: record.note });
  }
  result.case = state;
  result.unfinished = [...intents.values()];
  return result;
}

/**
 * A patch applied and checked against the schema; one that breaks it is reported in `problems`
 * and skipped, so a bad record never corrupts the case.
 */
export function patched(state: Case, patch: CasePatch, id: string, problems: string[]): Case {
  const next = applyPatch(state, patch);
  const valid = Case.safeParse(next);
  if (!valid.success) {
    problems.push(
      `record ${id}: the change does not fit the case (${valid.error.issues[0]?.message ?? 'invalid'}); ignored`,
    );
    return state;
  }
  return valid.data;
}
