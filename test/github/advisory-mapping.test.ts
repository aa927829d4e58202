import { describe, expect, it } from 'vitest';
import { toObservedAdvisory, type RestAdvisory } from '../../src/github/advisory-mapping.js';

const base: RestAdvisory = {
  ghsa_id: 'GHSA-2c5f-hj7m-pq9r',
  state: 'draft',
  summary: 'Path traversal in the file upload endpoint',
  created_at: '2026-11-20T14:30:00Z',
  author: { login: 'someone' },
};

describe('who an advisory came from', () => {
  it.each([
    [
      'a private report in triage',
      { state: 'triage', submission: { accepted: false } },
      'reporter',
    ],
    ['an accepted private report', { submission: { accepted: true } }, 'reporter'],
    ['a draft a person created (submission null)', { submission: null }, 'draftBy'],
    ['an older payload without the field', {}, 'reporter'],
  ] as const)('%s: its author is the %s', (_name, fields, role) => {
    const seen = toObservedAdvisory({ ...base, ...fields }, 'acme/widget', false);
    expect(seen[role]).toBe('someone');
    expect(seen[role === 'reporter' ? 'draftBy' : 'reporter']).toBeUndefined();
  });
});
