/**
 * What one step of the pure core yields before `decide` stamps it into records. It lives apart
 * from `decide.ts` because every sub-step (`observe`, `runCommand`, `toggleItem`, `tickStep`, …)
 * returns a `Step` and `decide` imports those sub-steps: kept in `decide.ts`, each was an import
 * cycle.
 */

import type { CasePatch } from './case.js';
import type { Effect } from './effects.js';
import type { CaseRecord } from './records.js';

/** A change decided now, with the timeline line that explains it. */
export interface Change {
  patch: CasePatch;
  /** Timeline line; bookkeeping changes (a comment marked handled) have none. */
  note?: string;
}

/** The outcome of a step before records are stamped: changes, effects and the reply text. */
export interface Step {
  changes: Change[];
  effects: Effect[];
  reply?: string;
  /**
   * Something a person must act on now, from an event nobody typed (a failed release workflow):
   * posted as a notice, where a reply to a non-human input only reaches the case log.
   */
  notice?: string;
  /** Present only when the step opens a case. */
  opened?: Extract<CaseRecord, { type: 'case-opened' }>['opened'];
  /** Who the records are attributed to (defaults to the App). */
  by?: string;
}

/** The step that changes nothing, runs nothing and says nothing. */
export const EMPTY_STEP: Step = { changes: [], effects: [] };
