import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/case.js';
import { checklistOf } from '../../../src/domain/checklist.js';
import type { TimelineEntry } from '../../../src/domain/fold.js';
import {
  renderStatusSection,
  STATUS_BUDGET,
  STATUS_END,
  STATUS_START,
} from '../../../src/domain/render/status-section.js';
import {
  changesetsCase,
  changesetsTimeline,
  ctxOf,
  manualTimeline,
  manualTriageCase,
  NOW,
  openSourceConfig,
  productConfig,
  publishedCase,
  publishedTimeline,
  releaseCase,
  releaseTimeline,
} from './fixtures.js';

/** The shell's own pattern for a checklist box (src/handlers/checkbox-changes.ts). */
const BOX = /^\s*[-*] \[([ xX])\] .*<!-- item:([a-z0-9-]+) -->/gm;

function manyEntries(n: number, note: (i: number) => string): TimelineEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.parse('2026-11-02T08:00:00.000Z') + i * 60_000).toISOString(),
    by: `maintainer-${String(i % 7)}`,
    note: note(i),
  }));
}

describe('renderStatusSection', () => {
  it('renders a high-severity default-profile case in the release phase', async () => {
    const text = renderStatusSection(releaseCase(), releaseTimeline(), ctxOf(productConfig));
    await expect(text).toMatchFileSnapshot('./__golden__/status-release.md');
  });

  it('renders a changesets-preset case waiting for its CVE in the draft phase', async () => {
    const text = renderStatusSection(
      changesetsCase(),
      changesetsTimeline(),
      ctxOf(openSourceConfig),
    );
    await expect(text).toMatchFileSnapshot('./__golden__/status-changesets-draft.md');
  });

  it('renders a manual report in triage whose acknowledgement is due today', async () => {
    const text = renderStatusSection(manualTriageCase(), manualTimeline(), ctxOf(productConfig));
    await expect(text).toMatchFileSnapshot('./__golden__/status-manual-triage.md');
  });

  it('renders a published case in the postmortem phase', async () => {
    const ctx = ctxOf(productConfig, new Date('2026-12-01T10:00:00.000Z'));
    const text = renderStatusSection(publishedCase(), publishedTimeline(), ctx);
    await expect(text).toMatchFileSnapshot('./__golden__/status-postmortem.md');
  });

  it('starts and ends with the markers the store replaces between', () => {
    const text = renderStatusSection(releaseCase(), releaseTimeline(), ctxOf(productConfig));
    expect(text.startsWith(`${STATUS_START}\n`)).toBe(true);
    expect(text.endsWith(`\n${STATUS_END}`)).toBe(true);
    expect(text.split(STATUS_START)).toHaveLength(2);
    expect(text.split(STATUS_END)).toHaveLength(2);
  });

  it.each([
    ['release', releaseCase, productConfig],
    ['changesets draft', changesetsCase, openSourceConfig],
    ['manual triage', manualTriageCase, productConfig],
  ] as const)(
    'gives every tickable item of past and current phases a box the shell can map back (%s)',
    (_name, make, config) => {
      const state = make();
      const text = renderStatusSection(state, [], ctxOf(config));
      const boxes = new Map([...text.matchAll(BOX)].map((m) => [m[2], m[1] !== ' ']));
      const items = checklistOf(config, state);
      const phases = new Set(
        items.filter((i) => i.phase === state.phase || state.items[i.id]).map((i) => i.phase),
      );
      for (const item of items.filter((i) => phases.has(i.phase))) {
        if (item.tickable) {
          expect(boxes.get(item.id), item.id).toBe(Boolean(state.items[item.id]));
        } else {
          expect(boxes.has(item.id), item.id).toBe(false);
          expect(text).toContain(`<!-- item:${item.id} -->`);
        }
      }
    },
  );

  it('counts the ack deadline in business days and skips the configured holiday', () => {
    const text = renderStatusSection(manualTriageCase(), [], ctxOf(productConfig));
    // Tuesday 15:30 + 3 business days, Wednesday 18 November being a holiday → Monday 15:30.
    expect(text).toContain(
      '| Acknowledge the reporter (3 business days) | 2026-11-23 15:30 CET | 🟠 due today — `/ack` |',
    );
  });

  it.each([
    ['2026-11-20T10:00:00.000Z', '🟠 due in 1 business day'],
    ['2026-11-19T10:00:00.000Z', '⏳ due in 2 business days'],
    ['2026-11-23T15:00:00.000Z', '🔴 overdue (was due today)'],
    ['2026-11-24T09:00:00.000Z', '🔴 overdue by 1 business day'],
    ['2026-11-26T09:00:00.000Z', '🔴 overdue by 3 business days'],
  ])('shows the ack countdown at %s as "%s"', (now, expected) => {
    const text = renderStatusSection(manualTriageCase(), [], ctxOf(productConfig, new Date(now)));
    expect(text).toContain(`| ${expected} — \`/ack\` |`);
  });

  it('says when an acknowledgement was late', () => {
    const state: Case = {
      ...manualTriageCase(),
      items: {
        acknowledged: { status: 'done', at: '2026-11-24T08:00:00.000Z', by: 'maintainer-ana' },
      },
      milestones: {
        reported: '2026-11-17T14:30:00.000Z',
        acknowledged: '2026-11-24T08:00:00.000Z',
      },
    };
    const text = renderStatusSection(
      state,
      [],
      ctxOf(productConfig, new Date('2026-11-24T10:00:00.000Z')),
    );
    expect(text).toContain('⚠️ met late — acknowledged Tue 2026-11-24');
  });

  it('stays under the budget with 500 timeline entries and summarises the older ones', () => {
    const timeline = manyEntries(500, (i) => `Event ${String(i)}: ${'x'.repeat(400)}`);
    const text = renderStatusSection(releaseCase(), timeline, ctxOf(productConfig));
    expect(text.length).toBeLessThan(STATUS_BUDGET);
    expect(text).toContain('… 492 earlier events before these, kept in the case log.');
    expect(text).toContain('Event 499');
    expect(text).not.toContain('Event 491:');
  });

  it('stays under the budget whatever the case holds (property)', () => {
    const long = fc.string({ minLength: 0, maxLength: 3000 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ by: fc.string({ maxLength: 60 }), note: long }), { maxLength: 600 }),
        long,
        fc.array(
          fc.record({
            login: fc.string({ minLength: 1, maxLength: 39 }),
            type: fc.string({ maxLength: 200 }),
          }),
          { maxLength: 200 },
        ),
        (entries, evidence, credits) => {
          const base = releaseCase();
          const state: Case = {
            ...base,
            summary: evidence.slice(0, 1024) || 'x',
            credits,
            items: Object.fromEntries(
              Object.entries(base.items).map(([k, v]) => [
                k,
                { ...v, evidence: evidence.slice(0, 2000) },
              ]),
            ),
          };
          const timeline = entries.map((e, i) => ({
            ...e,
            at: new Date(Date.parse('2026-11-02T08:00:00Z') + i * 1000).toISOString(),
          }));
          const text = renderStatusSection(state, timeline, ctxOf(productConfig));
          return text.length < STATUS_BUDGET && text.endsWith(STATUS_END);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is deterministic for the same case, timeline and clock', () => {
    const a = renderStatusSection(
      changesetsCase(),
      changesetsTimeline(),
      ctxOf(openSourceConfig, NOW),
    );
    const b = renderStatusSection(
      changesetsCase(),
      changesetsTimeline(),
      ctxOf(openSourceConfig, NOW),
    );
    expect(a).toBe(b);
  });

  it('lists the commands of the missing items of the current phase', () => {
    const text = renderStatusSection(releaseCase(), [], ctxOf(productConfig));
    expect(text).toContain('`/canary ok` · `/production`');
    const manual = renderStatusSection(manualTriageCase(), [], ctxOf(productConfig));
    expect(manual).toContain('`/scope in` · `/cvss <vector>` · `/ack`');
  });

  it('asks for confirmation while a command waits for /confirm', () => {
    const state: Case = {
      ...publishedCase(),
      phase: 'publish',
      pending: {
        action: 'publish',
        argsText: '',
        by: 'maintainer-max',
        at: '2026-11-30T08:55:00.000Z',
      },
    };
    const text = renderStatusSection(state, [], ctxOf(productConfig));
    expect(text).toContain('Waiting for confirmation of **publish** requested by maintainer-max');
    expect(text).toContain('`/confirm` · `/cancel`');
  });

  it('renders a rejected case without pending deadlines or commands', () => {
    const state: Case = {
      ...manualTriageCase(),
      phase: 'rejected',
      phaseEnteredAt: '2026-11-20T10:00:00.000Z',
      milestones: { reported: '2026-11-17T14:30:00.000Z', closed: '2026-11-20T10:00:00.000Z' },
    };
    const text = renderStatusSection(state, [], ctxOf(productConfig));
    expect(text).toContain('**Phase: Rejected**');
    expect(text).not.toContain('#### Commands now');
    expect(text).toContain('— not acknowledged');
  });
});
