import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Case } from '../../src/domain/case.js';
import { embargoOf, plannedDisclosure } from '../../src/domain/embargo.js';
import { fold } from '../../src/domain/fold.js';
import { publishGates } from '../../src/domain/publish-gates.js';
import { openedRecord } from './fixtures.js';

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({ timeZone: 'Europe/Berlin', ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

// Reported Friday 2026-11-20 15:30 Berlin: the default embargo (60 days) ends 2027-01-19.
const base: Case = fold([openedRecord()]).case!;
const done = (at: string) => ({ status: 'done' as const, at, by: 'maintainer-max' });
const set = (date: string) => ({ embargo: { date, timeZone: 'Europe/Berlin', history: [] } });
const sentOn = (at: string) => ({
  items: { 'notice-sent': done(at) },
  milestones: { ...base.milestones, notified: at },
});

describe('embargoOf', () => {
  it.each<[string, Partial<Case>, Record<string, unknown>, ReturnType<typeof embargoOf>]>([
    [
      'the default end',
      {},
      {},
      { end: '2027-01-19', set: false, holdUntil: '2027-01-19', sooner: undefined },
    ],
    [
      'a set date',
      set('2027-01-05'),
      {},
      { end: '2027-01-05', set: true, holdUntil: '2027-01-05', sooner: undefined },
    ],
    [
      'an exploited case',
      { exploited: true },
      {},
      { end: '2027-01-19', set: false, holdUntil: undefined, sooner: 'actively exploited' },
    ],
    [
      "the reporter's earlier date",
      { reporterDate: '2026-12-10' },
      {},
      {
        end: '2027-01-19',
        set: false,
        holdUntil: '2026-12-10',
        sooner: "the reporter's date 2026-12-10",
      },
    ],
    [
      'a profile with no default embargo',
      {},
      { sla: { embargoDays: 0 } },
      { end: undefined, set: false, holdUntil: undefined, sooner: undefined },
    ],
    [
      'a date agreed in a profile with no default',
      set('2026-12-15'),
      { sla: { embargoDays: 0 } },
      { end: '2026-12-15', set: true, holdUntil: '2026-12-15', sooner: undefined },
    ],
  ])('%s', (_label, change, input, expected) => {
    expect(embargoOf({ ...base, ...change }, config(input))).toEqual(expected);
  });
});

describe('plannedDisclosure', () => {
  it.each<[string, Partial<Case>, string, { date: string; overrun: number }]>([
    [
      'drafted, nothing earlier agreed: the embargo end',
      {},
      '2026-11-23',
      { date: '2027-01-19', overrun: 0 },
    ],
    [
      "the reporter's date after the lead time",
      { reporterDate: '2026-12-10' },
      '2026-11-23',
      { date: '2026-12-10', overrun: 0 },
    ],
    [
      'drafted on day 0: the lead time from today',
      { reporterDate: '2026-11-24' },
      '2026-11-23',
      { date: '2026-11-30', overrun: 0 },
    ],
    [
      'sent on day 3: the lead time from the sending, not the draft',
      { reporterDate: '2026-11-24', ...sentOn('2026-11-26T10:00:00.000Z') },
      '2026-11-27',
      { date: '2026-12-03', overrun: 0 },
    ],
    [
      'sent too late for the embargo: the overrun is named',
      { ...set('2026-12-01'), ...sentOn('2026-11-29T10:00:00.000Z') },
      '2026-11-29',
      { date: '2026-12-06', overrun: 5 },
    ],
    ['exploited: today', { exploited: true }, '2026-11-23', { date: '2026-11-23', overrun: 0 }],
  ])('%s', (_label, change, today, expected) => {
    const planned = plannedDisclosure({ ...base, ...change }, config(), today);
    expect({ date: planned.date, overrun: planned.overrun }).toEqual(expected);
  });
});

describe('the embargo and lead-time gates', () => {
  const gates = (state: Case, at: string, input: Record<string, unknown> = {}) =>
    publishGates(state, { now: new Date(at), config: config(input) })
      .filter((g) => g.label.startsWith('Embargo') || g.label.startsWith('Customer'))
      .map((g) => `${g.ok ? 'ok' : 'no'} ${g.label}: ${g.detail}`);

  it('holds publication until the default end, naming the ways to go sooner', () => {
    const notified = { ...base, ...sentOn('2026-11-23T10:00:00.000Z') };
    expect(gates(notified, '2026-12-10T09:00:00Z')).toEqual([
      'no Embargo: ends 2027-01-19 (default), in 40 days; sooner only with `/exploited`, the reporter’s earlier date (`/confirm-date DATE`) or `/embargo DATE <reason>`',
      'ok Customer lead time (7 days from the notice): notice sent 2026-11-23; elapsed 2026-11-30',
    ]);
    expect(gates(notified, '2027-01-19T09:00:00Z')[0]).toBe(
      'ok Embargo: ends 2027-01-19 (default)',
    );
  });

  it("lets the reporter's earlier date and an exploited case go sooner", () => {
    const asked = { ...base, reporterDate: '2026-12-10', ...sentOn('2026-11-23T10:00:00.000Z') };
    expect(gates(asked, '2026-12-10T09:00:00Z')[0]).toBe(
      "ok Embargo: the reporter's date 2026-12-10 (the embargo ends 2027-01-19)",
    );
    expect(gates({ ...base, exploited: true }, '2026-11-23T09:00:00Z')).toEqual([
      'ok Embargo: not holding: actively exploited (ends 2027-01-19)',
      'ok Customer lead time (7 days from the notice): not required: actively exploited',
    ]);
  });

  it('counts the lead time from the day the notice was sent: drafted day 0, sent day 3', () => {
    const sent = { ...base, reporterDate: '2026-11-24', ...sentOn('2026-11-26T10:00:00.000Z') };
    expect(gates(sent, '2026-12-02T09:00:00Z')[1]).toBe(
      'no Customer lead time (7 days from the notice): notice sent 2026-11-26; ends 2026-12-03, in 1 day',
    );
    expect(gates(sent, '2026-12-03T09:00:00Z')[1]).toBe(
      'ok Customer lead time (7 days from the notice): notice sent 2026-11-26; elapsed 2026-12-03',
    );
  });

  it('sets no embargo in a profile without one (the runbook publishes once released)', () => {
    expect(gates(base, '2026-11-23T09:00:00Z', { preset: 'changesets' })).toEqual([
      'ok Embargo: none set',
    ]);
  });
});
