import { copyOf } from '../../src/domain/advisory-copy.js';
import type { CaseRecord } from '../../src/domain/records.js';

/** A fixed clock for domain tests: Monday 2026-11-23 10:00 UTC. */
export const NOW = new Date('2026-11-23T10:00:00.000Z');
export const SECRET = 'test-state-secret';

/** The opening record of a typical advisory case reported on Friday 2026-11-20. */
export function openedRecord(
  overrides: Partial<Extract<CaseRecord, { type: 'case-opened' }>['opened']> = {},
): CaseRecord {
  return {
    v: 1,
    id: 'delivery-1:0',
    at: '2026-11-20T15:00:00.000Z',
    by: 'advisory-pilot[bot]',
    delivery: 'delivery-1',
    type: 'case-opened',
    note: 'Case opened',
    opened: {
      repo: 'acme/widget',
      repoPrivate: false,
      source: 'advisory',
      ghsaId: 'GHSA-2c5f-hj7m-pq9r',
      tracking: { repo: 'acme/security-tracking', issue: 7 },
      summary: 'Path traversal in the file upload endpoint',
      reportedAt: '2026-11-20T14:30:00.000Z',
      reporter: 'reporter-jane',
      advisory: {
        state: 'triage',
        summary: 'Path traversal in the file upload endpoint',
        // GitHub's copy as the App reads it when it opens the case (no products, no score yet).
        seen: copyOf({
          ghsaId: 'GHSA-2c5f-hj7m-pq9r',
          repo: 'acme/widget',
          repoPrivate: false,
          state: 'triage',
          summary: 'Path traversal in the file upload endpoint',
          createdAt: '2026-11-20T14:30:00.000Z',
        }),
      },
      ...overrides,
    },
  };
}

/** An update record with a deterministic id. */
export function updateRecord(
  id: string,
  patch: Extract<CaseRecord, { type: 'update' }>['patch'],
  note?: string,
): CaseRecord {
  return {
    v: 1,
    id,
    at: '2026-11-21T09:00:00.000Z',
    by: 'maintainer-max',
    type: 'update',
    patch,
    ...(note ? { note } : {}),
  };
}
