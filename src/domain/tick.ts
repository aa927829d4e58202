import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { CaseSummary } from './case-summary.js';
import type { Case } from './case.js';
import type { DecideContext } from './decide-context.js';
import { reachChecksDue } from './reach.js';
import { dueReminders } from './reminders.js';
import { renderReminder } from './render/reminder.js';
import { EMPTY_STEP, type Step } from './step.js';

/** Who a reminder mentions: the assignee, and the team too when it escalates (or nobody owns it). */
export function mentionFor(state: Case, team: string | undefined, escalation: boolean): string {
  const people = [
    ...(state.assignee ? [`@${state.assignee}`] : []),
    ...(team && (escalation || !state.assignee) ? [`@${team}`] : []),
  ];
  return people.join(' ');
}

/**
 * A scheduler tick: sends every due reminder once, in one comment, and records their keys so
 * the next tick (or a restart) does not send them again. The App's own comments are not activity.
 */
export function tickStep(state: Case, ctx: DecideContext): Step {
  const reminded = reminderStep(state, ctx);
  // After publication the tick also checks that the advisory reached people (backing off).
  const checks = reachChecksDue(state, ctx.now, ctx.config);
  if (!checks.patch) return reminded;
  return {
    ...reminded,
    changes: [...reminded.changes, { patch: checks.patch }],
    effects: [...reminded.effects, ...checks.effects],
  };
}

function reminderStep(state: Case, ctx: DecideContext): Step {
  const due = dueReminders(state, ctx.now, ctx.config);
  if (due.length === 0) return EMPTY_STEP;
  const at = ctx.now.toISOString();
  const texts = due.map((reminder) =>
    renderReminder(
      {
        kind: reminder.kind,
        state,
        dueAt: reminder.dueAt,
        mention: mentionFor(state, ctx.config.tracking.team, reminder.escalation),
        escalation: reminder.escalation,
        ...(reminder.detail === undefined ? {} : { detail: reminder.detail }),
      },
      { now: ctx.now, config: ctx.config },
    ),
  );
  return {
    changes: [
      {
        patch: { set: { reminders: Object.fromEntries(due.map((r) => [r.key, { at }])) } },
        note: `Reminder${due.length > 1 ? 's' : ''}: ${due.map((r) => r.kind).join(', ')}`,
      },
    ],
    effects: [],
    reply: texts.join('\n\n---\n\n'),
  };
}

/**
 * Whether a tick would do anything for the case as it stands (a reminder is due, a reach check
 * is due). The tick's only other work is moving a case whose gate is met, which every write
 * already did under the same configuration: a case nobody touched needs loading only when this
 * says so. Reads the summary only, so the tick decides thousands of cases it does not load.
 */
export function tickWouldAct(
  summary: CaseSummary,
  now: Date,
  config: AdvisoryPilotConfig,
): boolean {
  return (
    dueReminders(summary, now, config).length > 0 ||
    reachChecksDue(summary, now, config).effects.length > 0
  );
}
