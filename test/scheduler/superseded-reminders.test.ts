import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/case.js';
import type { AppComment } from '../../src/domain/case-file.js';
import { supersededReminders } from '../../src/scheduler/superseded-reminders.js';
import { releaseCase } from '../domain/render/fixtures.js';

const AT = '2026-11-23T09:00:00.000Z';

/** The case file's App comments 1, 2, …: one reminder comment each, carrying these reminder keys. */
function commentsOf(...comments: string[][]): AppComment[] {
  return comments.map((keys, i) => ({
    id: i + 1,
    nodeId: `IC_${String(i + 1)}`,
    kind: 'reminder',
    key: keys.join(' '),
    digest: '0123456789abcdef',
  }));
}

const open: Case = { ...releaseCase(), items: {}, phase: 'triage', cve: {}, embargo: undefined };

interface Row {
  name: string;
  log: string[][];
  state: Case;
  ids: number[];
}

const ROWS: Row[] = [
  {
    name: 'the latest of a family stays',
    log: [['ack-due-soon:2026-11-26']],
    state: open,
    ids: [],
  },
  {
    name: 'an escalation replaces the "due soon" note',
    log: [['ack-due-soon:2026-11-26'], ['ack-overdue:2026-11-26']],
    state: open,
    ids: [1],
  },
  {
    name: 'a reminder whose matter was done',
    log: [['ack-overdue:2026-11-26']],
    state: { ...open, items: { acknowledged: { status: 'done', at: AT, by: 'max' } } },
    ids: [1],
  },
  {
    name: 'a stalled-phase note once the phase moved on',
    log: [['phase-stalled:triage:2026-11-30']],
    state: { ...open, phase: 'fix' },
    ids: [1],
  },
  {
    name: 'a comment with two matters stays while one is open',
    log: [
      ['ack-overdue:2026-11-26', 'cve-pending:2026-11-25'],
      ['phase-stalled:triage:2026-11-30'],
    ],
    state: {
      ...open,
      items: { acknowledged: { status: 'done', at: AT, by: 'max' } },
      cve: { requestedAt: AT },
    },
    ids: [],
  },
  {
    name: 'a /remind note is never replaced by another reminder',
    log: [['custom:c1.0'], ['custom:c2.0']],
    state: open,
    ids: [],
  },
  {
    name: 'everything once the case is closed',
    log: [['custom:c1.0'], ['ack-overdue:2026-11-26']],
    state: { ...open, phase: 'closed' },
    ids: [1, 2],
  },
];

describe('outdated reminder comments', () => {
  it.each(ROWS)('$name', ({ log, state, ids }) => {
    expect(supersededReminders(commentsOf(...log), state).map((c) => c.id)).toEqual(ids);
  });
});

describe('what is never minimized again', () => {
  it('leaves alone comments that are not reminders, minimized ones, and ones without a node ID', () => {
    const [minimized, noNode, reply, latest] = commentsOf(
      ['ack-due-soon:2026-11-26'],
      ['ack-due-soon:2026-11-26'],
      ['ack-due-soon:2026-11-26'],
      ['ack-overdue:2026-11-26'],
    );
    const comments: AppComment[] = [
      { ...minimized!, minimized: true },
      { ...noNode!, nodeId: undefined },
      { ...reply!, kind: 'reply' },
      latest!,
    ];
    expect(supersededReminders(comments, open)).toEqual([]);
    const closed = { ...open, phase: 'closed' as const };
    expect(supersededReminders(comments, closed).map((c) => c.id)).toEqual([4]);
  });
});
