import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.js';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Case } from '../../src/domain/case.js';
import { summarize } from '../../src/domain/case-summary.js';
import { caseDeadlines, renderDashboard } from '../../src/domain/dashboard.js';
import { fold } from '../../src/domain/fold.js';
import { reachChecksDue } from '../../src/domain/reach.js';
import { dueReminders } from '../../src/domain/reminders.js';
import { tickStep, tickWouldAct } from '../../src/domain/tick.js';
import { openedRecord } from './fixtures.js';

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({
    timeZone: 'Europe/Berlin',
    holidays: ['2026-11-24', '2026-12-25'],
    publish: { reachCheckUrl: 'https://example.com/security' },
    ...input,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const opened = fold([openedRecord()]).case;
if (!opened) throw new Error('the fixture did not open a case');
const done = (at: string) => ({ status: 'done' as const, at, by: 'maintainer-max' });

/** Cases in the states whose reminders and checks differ, as the fold would leave them. */
const CASES: Record<string, Case> = {
  reported: opened,
  acknowledged: {
    ...opened,
    phase: 'fix',
    phaseEnteredAt: '2026-11-23T10:00:00.000Z',
    lastActivityAt: '2026-11-23T10:00:00.000Z',
    severity: 'high',
    items: { acknowledged: done('2026-11-23T10:00:00.000Z') },
    reminders: { 'ack-due-soon:2026-11-26': { at: '2026-11-25T15:00:00.000Z', commentId: 9 } },
  },
  embargoed: {
    ...opened,
    phase: 'release',
    items: {
      acknowledged: done('2026-11-21T10:00:00.000Z'),
      'draft-advisory': done('2026-11-23T10:00:00.000Z'),
      'notice-sent': done('2026-11-30T10:00:00.000Z'),
    },
    embargo: { date: '2026-12-14', timeZone: 'Europe/Berlin', history: [] },
    disclosureDate: '2026-12-10',
    cve: { requestedAt: '2026-11-24T10:00:00.000Z' },
    planned: [
      {
        key: 'custom:41.0',
        dueAt: '2026-12-02T08:00:00.000Z',
        text: 'Ask QA',
        by: 'maintainer-max',
      },
    ],
  },
  published: {
    ...opened,
    phase: 'postmortem',
    items: {
      acknowledged: done('2026-11-21T10:00:00.000Z'),
      published: done('2026-12-01T10:00:00.000Z'),
    },
    milestones: { published: '2026-12-01T10:00:00.000Z' },
    reach: { urlChecks: 2, urlCheckedAt: '2026-12-01T11:00:00.000Z' },
  },
};

/** Every 3 hours for six weeks from the report: windows open and close between the samples. */
const INSTANTS = Array.from(
  { length: 6 * 7 * 8 },
  (_, i) => new Date(Date.parse('2026-11-20T15:00:00.000Z') + i * 3 * 3_600_000),
);

describe('the summary the tick keeps of a case', () => {
  it.each(Object.entries(CASES))(
    '%s: the summary says a tick would act exactly when the whole case does',
    (_name, state) => {
      const cfg = config();
      const summary = summarize(state);
      const decided = (of: Case | typeof summary, now: Date) => ({
        at: now.toISOString(),
        reminders: dueReminders(of, now, cfg).map((r) => r.key),
        checks: reachChecksDue(of, now, cfg).effects.map((e) => e.key),
      });
      let acted = 0;
      for (const now of INSTANTS) {
        const step = tickStep(state, { now, config: cfg, appLogin: 'ap[bot]', commands: COMMANDS });
        const acts = step.changes.length > 0 || step.effects.length > 0 || step.reply !== undefined;
        expect(decided(summary, now)).toEqual(decided(state, now));
        expect(tickWouldAct(summary, now, cfg)).toBe(acts);
        if (acts) acted++;
      }
      // Each case has quiet instants and due ones in the six weeks: the table tells them apart.
      expect(acted).toBeGreaterThan(0);
      expect(acted).toBeLessThan(INSTANTS.length);
    },
  );

  it('gives the dashboard and the deadlines what the whole case gives them', () => {
    const cfg = config();
    const now = new Date('2026-12-03T09:00:00.000Z');
    const states = Object.values(CASES);
    expect(renderDashboard(states.map(summarize), { now, config: cfg })).toBe(
      renderDashboard(states, { now, config: cfg }),
    );
    for (const state of states)
      expect(caseDeadlines(summarize(state), { now, config: cfg })).toEqual(
        caseDeadlines(state, { now, config: cfg }),
      );
  });

  it('keeps no report text, evidence, advisory copy or history', () => {
    const state: Case = {
      ...CASES.embargoed!,
      advisory: {
        ...opened.advisory,
        description: 'x'.repeat(20_000),
        url: 'https://github.com/acme/widget/security/advisories/GHSA-2c5f-hj7m-pq9r',
      },
      items: {
        acknowledged: { ...done('2026-11-21T10:00:00.000Z'), evidence: 'y'.repeat(2_000) },
      },
      handledComments: Array.from({ length: 200 }, (_, i) => `${String(i)}.0`),
      credits: [{ login: 'reporter-jane', type: 'reporter' }],
    };
    const kept = JSON.stringify(summarize(state));
    expect(kept).not.toMatch(/xxxx|yyyy|handledComments|credits|seen|history/);
    expect(kept.length).toBeLessThan(1_500);
    expect(summarize(state).items).toEqual({ acknowledged: { at: '2026-11-21T10:00:00.000Z' } });
  });
});
