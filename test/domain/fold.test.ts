import { describe, expect, it } from 'vitest';
import { Case } from '../../src/domain/case.js';
import { fold } from '../../src/domain/fold.js';
import type { CaseRecord } from '../../src/domain/records.js';
import { openedRecord, updateRecord } from './fixtures.js';

const done = { status: 'done' as const, at: '2026-11-21T09:00:00.000Z', by: 'maintainer-max' };

describe('fold', () => {
  it('opens a schema-valid case at triage with the report timestamp as milestone', () => {
    const { case: state, problems } = fold([openedRecord()]);
    expect(problems).toEqual([]);
    expect(Case.parse(state)).toEqual(state);
    expect(state?.phase).toBe('triage');
    expect(state?.milestones.reported).toBe('2026-11-20T14:30:00.000Z');
    expect(state?.ghsaId).toBe('GHSA-2c5f-hj7m-pq9r');
  });

  it('merges object fields one level deep and appends lists without duplicates', () => {
    const records: CaseRecord[] = [
      openedRecord(),
      updateRecord('a', { set: { cve: { requestedAt: '2026-11-21T09:00:00.000Z' } } }),
      updateRecord('b', { set: { cve: { id: 'CVE-2026-1234' }, items: { reproduced: done } } }),
      updateRecord('c', { append: { credits: [{ login: 'jane', type: 'finder' }] } }),
      updateRecord('d', {
        append: { credits: [{ login: 'JANE', type: 'reporter' }], users: ['x', 'x'] },
      }),
    ];
    const state = fold(records).case;
    expect(state?.cve).toEqual({ requestedAt: '2026-11-21T09:00:00.000Z', id: 'CVE-2026-1234' });
    expect(state?.items.reproduced).toEqual(done);
    expect(state?.credits).toEqual([{ login: 'jane', type: 'finder' }]);
    expect(state?.collaborators.users).toEqual(['x']);
  });

  it('ignores a replayed record id, so a redelivered webhook changes nothing', () => {
    const base = [
      openedRecord(),
      updateRecord('a', { append: { handledComments: ['5.0'] } }, 'handled'),
    ];
    const replayed = [...base, updateRecord('a', { set: { severity: 'low' } }, 'replayed')];
    expect(fold(replayed).case).toEqual(fold(base).case);
    expect(fold(replayed).timeline).toHaveLength(2);
  });

  it('reports records before the opening and a second opening', () => {
    const result = fold([
      updateRecord('x', { set: { severity: 'high' } }),
      openedRecord(),
      { ...openedRecord(), id: 'again' },
    ]);
    expect(result.case?.severity).toBeUndefined();
    expect(result.problems).toEqual([
      'record x: update before the case was opened; ignored',
      'record again: the case is already open; second opening ignored',
    ]);
  });

  it('skips a patch that would break the case schema', () => {
    const result = fold([
      openedRecord(),
      updateRecord('bad', { set: { summary: 'x'.repeat(2000) } }),
    ]);
    expect(result.case?.summary).toBe('Path traversal in the file upload endpoint');
    expect(result.problems[0]).toMatch(/record bad: the change does not fit the case/);
  });

  it('lists effects whose intent has no result yet', () => {
    const intent: CaseRecord = {
      v: 1,
      id: 'i',
      at: '2026-11-21T09:00:00.000Z',
      by: 'bot',
      type: 'effect-intent',
      effect: {
        kind: 'create-fork',
        key: 'create-fork',
        repo: 'acme/widget',
        ghsaId: 'GHSA-2c5f-hj7m-pq9r',
      },
    };
    const result: CaseRecord = {
      v: 1,
      id: 'r',
      at: '2026-11-21T09:01:00.000Z',
      by: 'bot',
      type: 'effect-result',
      key: 'create-fork',
      ok: true,
    };
    expect(fold([openedRecord(), intent]).unfinished.map((e) => e.key)).toEqual(['create-fork']);
    expect(fold([openedRecord(), intent, result]).unfinished).toEqual([]);
  });

  it('is deterministic', () => {
    const records = [openedRecord(), updateRecord('a', { set: { severity: 'high' } }, 'scored')];
    expect(fold(records)).toEqual(fold(records));
  });
});
