import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Case } from '../../src/domain/case.js';
import { fold } from '../../src/domain/fold.js';
import { ackDeadline, dueReminders } from '../../src/domain/reminders.js';
import { openedRecord } from './fixtures.js';

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({ timeZone: 'Europe/Berlin', holidays: ['2026-11-24'], ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

// Reported Friday 2026-11-20 15:30 Berlin; Tuesday 24 is a holiday.
const base: Case = {
  ...fold([openedRecord()]).case!,
  lastActivityAt: '2026-11-20T14:30:00.000Z',
  phaseEnteredAt: '2026-11-20T14:30:00.000Z',
};
const keys = (state: Case, at: string, cfg = config()) =>
  dueReminders(state, new Date(at), cfg).map((r) => r.key);
const done = { status: 'done' as const, at: '2026-11-20T15:00:00.000Z', by: 'm' };

describe('dueReminders', () => {
  it('computes the ack deadline from the report timestamp, skipping the weekend and the holiday', () => {
    expect(ackDeadline(base, config()).toISOString()).toBe('2026-11-26T14:30:00.000Z');
  });

  it.each([
    ['2026-11-23T09:00:00Z', []],
    ['2026-11-25T14:30:00Z', ['ack-due-soon:2026-11-26']],
    ['2026-11-26T14:29:00Z', ['ack-due-soon:2026-11-26']],
    ['2026-11-26T14:30:00Z', ['ack-overdue:2026-11-26']],
    ['2026-12-01T09:00:00Z', ['ack-overdue:2026-11-26']],
  ])('at %s the acknowledgement reminders due are %j', (at, expected) => {
    expect(keys(base, at).filter((k) => k.startsWith('ack'))).toEqual(expected);
  });

  it('fires each window once: a sent key is not due again', () => {
    const sent = {
      ...base,
      reminders: { 'ack-due-soon:2026-11-26': { at: '2026-11-25T15:00:00.000Z' } },
    };
    expect(keys(sent, '2026-11-25T16:00:00Z')).toEqual([]);
    expect(keys(sent, '2026-11-26T15:00:00Z')).toEqual(['ack-overdue:2026-11-26']);
  });

  it('stops ack reminders once acknowledged', () => {
    expect(
      keys({ ...base, items: { acknowledged: done } }, '2026-11-27T09:00:00Z').filter((k) =>
        k.startsWith('ack'),
      ),
    ).toEqual([]);
  });

  it('follows up a CVE request after 72 hours until it is assigned or waived', () => {
    const requested = {
      ...base,
      items: { acknowledged: done },
      cve: { requestedAt: '2026-11-23T08:00:00.000Z' },
    };
    expect(keys(requested, '2026-11-26T07:59:00Z')).not.toContain('cve-pending:2026-11-26');
    expect(keys(requested, '2026-11-26T08:00:00Z')).toContain('cve-pending:2026-11-26');
    expect(
      keys({ ...requested, cve: { ...requested.cve, id: 'CVE-2026-1' } }, '2026-11-27T08:00:00Z'),
    ).not.toContain('cve-pending:2026-11-26');
  });

  it('warns 7 days and 1 day before the embargo ends, while unpublished', () => {
    const embargoed = {
      ...base,
      items: { acknowledged: done },
      embargo: { date: '2027-01-19', timeZone: 'Europe/Berlin', history: [] },
    };
    expect(keys(embargoed, '2027-01-11T22:59:00Z').filter((k) => k.startsWith('embargo'))).toEqual(
      [],
    );
    expect(keys(embargoed, '2027-01-12T00:00:00Z').filter((k) => k.startsWith('embargo'))).toEqual([
      'embargo-ending-7:2027-01-19',
    ]);
    expect(keys(embargoed, '2027-01-18T12:00:00Z').filter((k) => k.startsWith('embargo'))).toEqual([
      'embargo-ending-7:2027-01-19',
      'embargo-ending-1:2027-01-19',
    ]);
  });

  it.each([
    ['the day the embargo ends', '2027-01-19T12:00:00Z', {}, []],
    ['the day after', '2027-01-20T09:00:00Z', {}, [['embargo-overrun:2027-01-20', false, '1']]],
    ['three days after', '2027-01-22T09:00:00Z', {}, [['embargo-overrun:2027-01-22', true, '3']]],
    ['an exploited case', '2027-01-22T09:00:00Z', { exploited: true }, []],
    [
      'a published case',
      '2027-01-22T09:00:00Z',
      { items: { acknowledged: done, published: done } },
      [],
    ],
  ])('an embargo overrun on %s reminds %j', (_label, at, change, expected) => {
    const embargoed: Case = {
      ...base,
      items: { acknowledged: done },
      embargo: { date: '2027-01-19', timeZone: 'Europe/Berlin', history: [] },
      ...change,
    };
    const overrun = dueReminders(embargoed, new Date(at), config())
      .filter((r) => r.kind === 'embargo-overrun')
      .map((r) => [r.key, r.escalation, r.detail]);
    expect(overrun).toEqual(expected);
  });

  it('keeps the default embargo (report + 60 days) and none when the profile sets 0 days', () => {
    const at = '2027-01-21T09:00:00Z';
    const acknowledged = { ...base, items: { acknowledged: done } };
    expect(keys(acknowledged, at)).toContain('embargo-overrun:2027-01-21');
    expect(
      keys(acknowledged, at, config({ sla: { embargoDays: 0 } })).filter((k) =>
        k.startsWith('embargo'),
      ),
    ).toEqual([]);
  });

  it('reminds a stalled phase by severity cadence, once per window', () => {
    const high = {
      ...base,
      severity: 'high' as const,
      items: { acknowledged: done },
      lastActivityAt: '2026-11-23T09:00:00.000Z',
      phaseEnteredAt: '2026-11-20T14:30:00.000Z',
    };
    expect(keys(high, '2026-11-25T08:59:00Z')).toEqual([]);
    expect(keys(high, '2026-11-26T09:00:00Z')).toEqual(['phase-stalled:triage:2026-11-26']);
    expect(keys(high, '2026-11-30T09:00:00Z')).toEqual(['phase-stalled:triage:2026-11-30']);
  });

  it('prompts to publish when the disclosure date arrives and checks reach after publication', () => {
    const notified = {
      ...base,
      items: { acknowledged: done, 'notice-sent': done },
      disclosureDate: '2026-11-30',
    };
    expect(keys(notified, '2026-11-29T22:59:00Z')).not.toContain('disclosure-reached:2026-11-30');
    expect(keys(notified, '2026-11-29T23:00:00Z')).toContain('disclosure-reached:2026-11-30');
    const published = {
      ...notified,
      items: { ...notified.items, published: done },
      milestones: { ...notified.milestones, published: '2026-11-30T10:00:00.000Z' },
    };
    // No reach-check page configured: no page reminder; the database one after 3 days.
    expect(keys(published, '2026-11-30T12:00:00Z')).not.toContain('reach-check:2026-11-30');
    expect(keys(published, '2026-12-03T09:59:00Z')).not.toContain('database-missing:2026-11-30');
    expect(keys(published, '2026-12-03T10:00:00Z')).toContain('database-missing:2026-11-30');
    const listed = {
      ...published,
      milestones: { ...published.milestones, database: '2026-11-30T11:00:00.000Z' },
    };
    expect(keys(listed, '2026-12-04T10:00:00Z')).not.toContain('database-missing:2026-11-30');
    // With a page: a person is asked after `publish.reachReminderHours` (2) without it showing.
    const withPage = config({ publish: { reachCheckUrl: 'https://status.acme.test/health' } });
    expect(keys(published, '2026-11-30T11:59:00Z', withPage)).not.toContain(
      'reach-check:2026-11-30',
    );
    expect(keys(published, '2026-11-30T12:00:00Z', withPage)).toContain('reach-check:2026-11-30');
    const reached = { ...published, items: { ...published.items, reached: done } };
    expect(keys(reached, '2026-11-30T13:00:00Z', withPage)).not.toContain('reach-check:2026-11-30');
  });

  it('sends /remind reminders when due and nothing for closed cases', () => {
    const planned = {
      ...base,
      items: { acknowledged: done },
      planned: [
        {
          key: 'custom:9.0' as const,
          dueAt: '2026-11-24T09:00:00.000Z',
          text: 'check canary',
          by: 'm',
        },
      ],
    };
    expect(keys(planned, '2026-11-24T08:59:00Z')).not.toContain('custom:9.0');
    expect(keys(planned, '2026-11-24T09:00:00Z')).toContain('custom:9.0');
    expect(keys({ ...planned, phase: 'closed' }, '2026-12-24T09:00:00Z')).toEqual([]);
  });
});

describe('early CVE request (changesets preset)', () => {
  it('asks for the CVE as soon as the draft advisory exists, once', () => {
    const drafted = { ...base, items: { acknowledged: done, 'draft-advisory': done } };
    const cfg = config({ preset: 'changesets' });
    expect(keys(drafted, '2026-11-20T16:00:00Z', cfg)).toEqual(['cve-request:2026-11-20']);
    expect(keys(drafted, '2026-11-20T16:00:00Z', config())).toEqual([]);
    expect(
      keys(
        { ...drafted, cve: { requestedAt: '2026-11-20T16:00:00.000Z' } },
        '2026-11-20T17:00:00Z',
        cfg,
      ),
    ).toEqual([]);
  });
});
