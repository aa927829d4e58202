import { PHASE_ORDER, type Case } from '../case.js';
import { Phase, PHASES } from '../phases.js';

/** A phase of the lifecycle proper (not `rejected`), in the order cases go through them. */
export type MainPhase = (typeof PHASE_ORDER)[number];

/** How each phase is named in the status section and the Gantt chart (from the phase table). */
export const PHASE_TITLES: Record<Phase, string> = Object.fromEntries(
  Phase.options.map((phase) => [phase, PHASES[phase].title]),
) as Record<Phase, string>;

/** Where each phase started: the `phase:<name>` milestone, or the report for triage. */
export function phaseStart(state: Case, phase: MainPhase): string | undefined {
  return state.milestones[`phase:${phase}`] ?? (phase === 'triage' ? state.reportedAt : undefined);
}
