import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/case.js';
import {
  caseDeadlines,
  DASHBOARD_BUDGET,
  DASHBOARD_MARKER,
  renderDashboard,
} from '../../src/domain/dashboard.js';
import { readCaseMarker } from '../../src/store/case-index.js';
import {
  changesetsCase,
  ctxOf,
  disclosureCase,
  HOSTILE,
  manualTriageCase,
  NOW,
  productConfig,
  publishedCase,
  releaseCase,
} from './render/fixtures.js';

/** A fresh report: triage, nothing done, reported `daysAgo` days before NOW. */
function report(issue: number, daysAgo: number, overrides: Partial<Case> = {}): Case {
  const reportedAt = new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
  return {
    ...manualTriageCase(),
    source: 'advisory',
    repo: 'acme/widget',
    ghsaId: 'GHSA-9x8w-7v6u-5t4s',
    tracking: { repo: 'acme/security-tracking', issue },
    summary: `Report number ${String(issue)} about a flaw in the export endpoint`,
    reportedAt,
    phaseEnteredAt: reportedAt,
    items: {},
    assignee: undefined,
    lastActivityAt: reportedAt,
    ...overrides,
  };
}

function fleet(): Case[] {
  return [
    releaseCase(),
    { ...disclosureCase(), tracking: { repo: 'acme/security-tracking', issue: 43 } },
    { ...publishedCase(), tracking: { repo: 'acme/security-tracking', issue: 44 } },
    { ...changesetsCase(), tracking: { repo: 'acme/security-tracking', issue: 45 } },
    manualTriageCase(),
    report(60, 0.2, {
      advisory: {
        state: 'triage',
        url: 'https://github.com/acme/widget/security/advisories/GHSA-9x8w-7v6u-5t4s',
      },
    }),
    report(61, 9, { severity: 'critical', assignee: 'maintainer-max' }),
    { ...report(62, 30), phase: 'closed' },
    { ...report(63, 40), phase: 'rejected' },
  ];
}

describe('the dashboard', () => {
  it('lists every open case with its next deadline (golden)', async () => {
    const text = renderDashboard(fleet(), ctxOf(productConfig));
    await expect(text).toMatchFileSnapshot('./__golden__/dashboard.md');
  });

  it('starts with its marker, is not a case, and names no closed or rejected case', () => {
    const text = renderDashboard(fleet(), ctxOf(productConfig));
    expect(text.startsWith(DASHBOARD_MARKER)).toBe(true);
    expect(readCaseMarker(text)).toBeUndefined();
    expect(text).not.toContain('#62 ');
    expect(text).not.toContain('#63 ');
    expect(text).toContain('**7 open cases**');
  });

  it('changes with the day, not with every tick', () => {
    const ctx = ctxOf(productConfig);
    const later = ctxOf(productConfig, new Date(NOW.getTime() + 60_000));
    expect(renderDashboard(fleet(), later)).toBe(renderDashboard(fleet(), ctx));
  });

  it('keeps hostile summaries from pinging, forging markers or breaking the table', () => {
    const text = renderDashboard(
      [report(70, 1, { summary: `a | b ${HOSTILE}` })],
      ctxOf(productConfig),
    );
    const row = text.split('\n').find((l) => l.startsWith('| #70 ')) ?? '';
    expect(row.split(/(?<!\\)\|/).length).toBe(9);
    expect(text).not.toContain('@everyone');
    expect(text).not.toContain('<!-- advisory-pilot:record');
    expect(text).not.toContain('](http://evil');
  });

  it('says so when there is no open case', () => {
    expect(renderDashboard([], ctxOf(productConfig))).toContain('No open cases.');
  });

  it('stays under 60,000 characters with 2,000 cases, summarising the oldest and naming the overdue', () => {
    const cases = Array.from({ length: 2_000 }, (_, i) =>
      report(
        1_000 + i,
        i * 0.25,
        i % 2 === 0
          ? { items: { acknowledged: { status: 'done', at: NOW.toISOString(), by: 'x' } } }
          : {},
      ),
    );
    const text = renderDashboard(cases, ctxOf(productConfig));
    expect(text.length).toBeLessThan(DASHBOARD_BUDGET);
    const rows = text.split('\n').filter((l) => l.startsWith('| #'));
    const summary = /\*\*(\d+) older cases not listed\*\*/.exec(text);
    expect(Number(summary?.[1])).toBe(2_000 - rows.length);
    expect(rows.length).toBeGreaterThan(100);
    expect(text).toContain('| #1000 ');
    expect(text).toContain('**2000 open cases**');
  });

  it('stays within any budget it is given', () => {
    const cases = Array.from({ length: 300 }, (_, i) => report(1 + i, i));
    for (const budget of [5_000, 12_000, 30_000]) {
      expect(renderDashboard(cases, ctxOf(productConfig), budget).length).toBeLessThanOrEqual(
        budget,
      );
    }
  });
});

describe('case deadlines', () => {
  it.each([
    { name: 'a report due in 3 business days', state: report(1, 0), kinds: ['ack'], overdue: [] },
    { name: 'a report 9 days old', state: report(2, 9), kinds: ['ack'], overdue: ['ack'] },
    {
      name: 'the release case (acknowledged, CVE assigned)',
      state: releaseCase(),
      kinds: ['embargo'],
      overdue: [],
    },
    { name: 'a published case', state: publishedCase(), kinds: [], overdue: [] },
  ])('$name', ({ state, kinds, overdue }) => {
    const deadlines = caseDeadlines(state, ctxOf(productConfig));
    expect(deadlines.map((d) => d.kind)).toEqual(kinds);
    expect(deadlines.filter((d) => d.overdue).map((d) => d.kind)).toEqual(overdue);
  });
});
