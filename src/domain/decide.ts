import type { AdvisoryPilotConfig } from '../config/schema.js';
import { applyPatch, type Case } from './case.js';
import { describeMissing, missingItems, nextPhase, postmortemRule } from './checklist.js';
import type { DecideContext } from './decide-context.js';
import type { Effect } from './effects.js';
import type { Input } from './inputs.js';
import { observe } from './observed-changes.js';
import { openCaseFrom } from './open-case.js';
import type { CaseRecord } from './records.js';
import { runCommand } from './run-command.js';
import { EMPTY_STEP, type Change, type Step } from './step.js';
import { toggleItem } from './toggle-item.js';
import { postmortemPullRequest } from './published.js';

/** What the shell must do: append these records, carry out these effects, post this reply. */
export interface Decision {
  records: CaseRecord[];
  effects: Effect[];
  reply?: string;
  /** A notice someone must act on (see `Step.notice`). */
  notice?: string;
}

/**
 * The one pure entry point: given the case (undefined before it opens), an input and the
 * context, decides the records to append, the effects to run and the reply to post. It never
 * throws on input data; bad input becomes a reply that changes nothing.
 */
export function decide(state: Case | undefined, input: Input, ctx: DecideContext): Decision {
  const step = stepFor(state, input, ctx);
  const by = step.by ?? ctx.appLogin;
  const at = ctx.now.toISOString();
  const records: CaseRecord[] = [];
  let n = 0;
  const stamp = () => ({
    v: 1 as const,
    id: `${input.delivery}:${n++}`,
    at,
    by,
    delivery: input.delivery,
  });
  let current = state;
  if (step.opened) {
    records.push({ ...stamp(), type: 'case-opened', opened: step.opened, note: 'Case opened' });
    current = undefined;
  }
  const effects = [...step.effects];
  const changes = [...step.changes];
  if (current) {
    let next = changes.reduce((s, c) => applyPatch(s, c.patch), current);
    const advanced = advance(next, ctx);
    changes.push(...advanced.changes);
    effects.push(...advanced.effects);
    next = advanced.state;
  }
  for (const change of changes) {
    records.push({
      ...stamp(),
      type: 'update',
      patch: change.patch,
      ...(change.note === undefined ? {} : { note: change.note }),
    });
  }
  if (current && records.length === 0 && (step.reply ?? step.notice) !== undefined) {
    // A reply alone (a refused checkbox tick) still leaves a record: a redelivery of the same
    // delivery is then known as answered and posts nothing twice.
    records.push({ ...stamp(), type: 'update', patch: {} });
  }
  return {
    records,
    effects,
    ...(step.reply === undefined ? {} : { reply: step.reply }),
    ...(step.notice === undefined ? {} : { notice: step.notice }),
  };
}

function stepFor(state: Case | undefined, input: Input, ctx: DecideContext): Step {
  switch (input.type) {
    case 'report-received':
    case 'manual-report':
      return state ? EMPTY_STEP : openCaseFrom(input, ctx);
    case 'command':
      if (!state)
        return {
          ...EMPTY_STEP,
          reply:
            'This issue is not a tracking issue of an advisory case; commands only work on tracking issues.',
        };
      return runCommand(state, input, ctx);
    case 'checkbox-toggled':
      return state ? toggleItem(state, input, ctx) : EMPTY_STEP;
    default:
      return state ? observe(state, input, ctx) : EMPTY_STEP;
  }
}

/**
 * Moves the case forward while the current phase's gate is met, so finishing the last item of a
 * phase never leaves the case waiting for someone to remember to advance it.
 */
export function advance(
  state: Case,
  ctx: DecideContext,
): { state: Case; changes: Change[]; effects: Effect[] } {
  const changes: Change[] = [];
  const effects: Effect[] = [];
  let current = state;
  for (let guard = 0; guard < 10; guard++) {
    if (current.phase === 'closed' || current.phase === 'rejected') break;
    if (missingItems(ctx.config, current, current.phase).length > 0) break;
    const to = nextPhase(ctx.config, current, current.phase);
    if (!to) break;
    const entered = enterPhase(current, to, ctx);
    changes.push(...entered.changes);
    effects.push(...entered.effects);
    current = entered.changes.reduce((s, c) => applyPatch(s, c.patch), current);
  }
  return { state: current, changes, effects };
}

/** The change of phase and what entering the new phase sets off. */
export function enterPhase(
  state: Case,
  to: Case['phase'],
  ctx: DecideContext,
  reason?: string,
): { changes: Change[]; effects: Effect[] } {
  const at = ctx.now.toISOString();
  const changes: Change[] = [
    {
      patch: { set: { phase: to, phaseEnteredAt: at, milestones: { [`phase:${to}`]: at } } },
      note: `Phase ${state.phase} → ${to}${reason ? ` (forced: ${reason})` : ''}`,
    },
  ];
  const effects: Effect[] = [];
  if (to === 'fix' && state.repo && state.ghsaId && state.advisory.state === 'triage') {
    effects.push({
      kind: 'update-advisory',
      key: 'accept-report',
      repo: state.repo,
      ghsaId: state.ghsaId,
      fields: { state: 'draft' },
    });
  }
  // A required postmortem gets its PR at once; an optional one waits for /postmortem write.
  if (to === 'postmortem' && state.repo && postmortemRule(ctx.config, state) === 'required') {
    effects.push(postmortemPullRequest(state, ctx));
  }
  if (to === 'closed') {
    effects.push({
      kind: 'close-tracking-issue',
      key: 'close-tracking-issue',
      reason: 'completed',
    });
    changes.push({ patch: { set: { milestones: { closed: at } } }, note: 'Case closed' });
  }
  return { changes, effects };
}

/** A refusal naming every missing item of the current phase's gate. */
export function gateRefusal(
  state: Case,
  config: AdvisoryPilotConfig,
  what: string,
): string | undefined {
  const missing = missingItems(config, state, state.phase);
  if (missing.length === 0) return undefined;
  return `${what} needs the **${state.phase}** phase to be complete first. Missing: ${describeMissing(missing)}.`;
}
