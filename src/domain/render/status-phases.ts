import { PHASE_ORDER, type Case, type Phase } from '../case.js';

/** A phase of the lifecycle proper (not `rejected`), in the order cases go through them. */
export type MainPhase = (typeof PHASE_ORDER)[number];

/** How each phase is named in the status section and the Gantt chart. */
export const PHASE_TITLES: Record<Phase, string> = {
  triage: 'Triage',
  fix: 'Fix',
  draft: 'Draft advisory',
  release: 'Release',
  disclosure: 'Customer disclosure',
  publish: 'Publish',
  postmortem: 'Postmortem',
  closed: 'Closed',
  rejected: 'Rejected',
};

/** Where each phase started: the `phase:<name>` milestone, or the report for triage. */
export function phaseStart(state: Case, phase: MainPhase): string | undefined {
  return state.milestones[`phase:${phase}`] ?? (phase === 'triage' ? state.reportedAt : undefined);
}
