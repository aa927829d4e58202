import { z } from 'zod';

/** The lifecycle phases in order; `rejected` is terminal and off the main line. */
export const PHASE_ORDER = [
  'triage',
  'fix',
  'draft',
  'release',
  'disclosure',
  'publish',
  'postmortem',
  'closed',
] as const;
export const Phase = z.enum([...PHASE_ORDER, 'rejected']);
export type Phase = z.infer<typeof Phase>;

/**
 * The one phase table: every list of phases (the status section's titles, the dashboard's open
 * cases, the Gantt chart, "before the draft") is read from it.
 */
export const PHASES: Record<Phase, { title: string; open: boolean }> = {
  triage: { title: 'Triage', open: true },
  fix: { title: 'Fix', open: true },
  draft: { title: 'Draft advisory', open: true },
  release: { title: 'Release', open: true },
  disclosure: { title: 'Customer disclosure', open: true },
  publish: { title: 'Publish', open: true },
  postmortem: { title: 'Postmortem', open: true },
  closed: { title: 'Closed', open: false },
  rejected: { title: 'Rejected', open: false },
};

/** Whether a case in this phase is still being worked on. */
export function isOpenPhase(phase: Phase): boolean {
  return PHASES[phase].open;
}

/** Whether `phase` comes before `other` on the main line (`rejected` comes before nothing). */
export function isBefore(phase: Phase, other: (typeof PHASE_ORDER)[number]): boolean {
  const at = (PHASE_ORDER as readonly string[]).indexOf(phase);
  return at >= 0 && at < PHASE_ORDER.indexOf(other);
}
