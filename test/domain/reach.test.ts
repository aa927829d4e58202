import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Case } from '../../src/domain/case.js';
import { fold } from '../../src/domain/fold.js';
import {
  databaseCheckMeaning,
  nextCheckAt,
  reachChecksDue,
  urlCheckMeaning,
} from '../../src/domain/reach.js';
import { openedRecord } from './fixtures.js';

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({ timeZone: 'Europe/Berlin', ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const PUBLISHED = '2026-11-30T10:00:00.000Z';
const done = { status: 'done' as const, at: PUBLISHED, by: 'm' };
const base = fold([openedRecord()]).case!;
const published: Case = {
  ...base,
  cve: { id: 'CVE-2026-41234' },
  advisory: { ...base.advisory, packageName: '@acme/widget', patchedVersion: '0.71.1' },
  items: { published: done },
  milestones: { ...base.milestones, published: PUBLISHED },
};
const page = config({ publish: { reachCheckUrl: 'https://status.acme.test/health' } });

describe('the reach checks after publication', () => {
  it.each([
    [0, undefined, '2026-11-30T10:15:00.000Z'],
    [1, '2026-11-30T10:15:00.000Z', '2026-11-30T10:45:00.000Z'],
    [2, '2026-11-30T10:45:00.000Z', '2026-11-30T11:45:00.000Z'],
    [8, '2026-12-01T10:00:00.000Z', '2026-12-01T22:00:00.000Z'],
  ])('check %i after %s is due at %s (waits double, at most 12 hours)', (n, last, due) => {
    expect(new Date(nextCheckAt(PUBLISHED, n, last, config())).toISOString()).toBe(due);
  });

  it('checks the page and the database once each when due, counting them', () => {
    expect(reachChecksDue(published, new Date('2026-11-30T10:14:00Z'), page)).toEqual({
      effects: [],
    });
    const due = reachChecksDue(published, new Date('2026-11-30T10:15:00Z'), page);
    expect(due.effects).toEqual([
      {
        kind: 'check-url',
        key: 'reach-url:1',
        url: 'https://status.acme.test/health',
        needle: 'GHSA-2c5f-hj7m-pq9r',
      },
      { kind: 'check-global-advisory', key: 'database:1', ghsaId: 'GHSA-2c5f-hj7m-pq9r' },
    ]);
    const after = { ...published, reach: due.patch?.set?.reach ?? {} };
    expect(reachChecksDue(after, new Date('2026-11-30T10:30:00Z'), page).effects).toEqual([]);
    expect(reachChecksDue(after, new Date('2026-11-30T10:45:00Z'), page).effects).toHaveLength(2);
  });

  it('stops checking the page once reached and the database once listed; nothing before publication', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    const reached = { ...published, items: { ...published.items, reached: done } };
    expect(reachChecksDue(reached, at, page).effects.map((e) => e.kind)).toEqual([
      'check-global-advisory',
    ]);
    const listed = { ...reached, milestones: { ...reached.milestones, database: PUBLISHED } };
    expect(reachChecksDue(listed, at, page).effects).toEqual([]);
    expect(reachChecksDue(base, at, page).effects).toEqual([]);
    // No page configured: only the database.
    expect(reachChecksDue(published, at, config()).effects.map((e) => e.kind)).toEqual([
      'check-global-advisory',
    ]);
  });

  const env = (state: Case, cfg = config()) => ({
    state,
    now: new Date('2026-11-30T11:00:00Z'),
    config: cfg,
    appLogin: 'advisory-pilot[bot]',
  });

  it('reads the page: found reaches admins; an unreachable page is recorded once', () => {
    const effect = {
      kind: 'check-url' as const,
      key: 'reach-url:1',
      url: 'https://status.acme.test/health',
      needle: 'GHSA-2c5f-hj7m-pq9r',
    };
    expect(urlCheckMeaning(effect, { found: true }, env(published, page))).toMatchObject({
      patch: { set: { items: { reached: { evidence: 'https://status.acme.test/health' } } } },
      note: 'Advisory visible at https://status.acme.test/health',
    });
    const failed = urlCheckMeaning(
      effect,
      { found: false, checkError: 'answered 503' },
      env(published, page),
    );
    expect(failed.note).toBe(
      'Reach check could not read https://status.acme.test/health: answered 503',
    );
    const again = { ...published, reach: { urlError: 'answered 503' } };
    expect(
      urlCheckMeaning(effect, { found: false, checkError: 'answered 503' }, env(again, page)),
    ).toEqual({});
  });

  it.each<
    [string, { cveId?: string; patched: { name: string; version?: string }[] }, string | undefined]
  >([
    [
      'listed as expected',
      { cveId: 'CVE-2026-41234', patched: [{ name: '@acme/widget', version: '0.71.1' }] },
      undefined,
    ],
    [
      'without the CVE alias',
      { patched: [{ name: '@acme/widget', version: '0.71.1' }] },
      'The GitHub Advisory Database lists no CVE instead of CVE-2026-41234',
    ],
    [
      'with another patched version',
      { cveId: 'CVE-2026-41234', patched: [{ name: '@acme/widget', version: '0.72.0' }] },
      'The GitHub Advisory Database gives 0.72.0 patched version for @acme/widget, not 0.71.1',
    ],
  ])('reads the global advisory %s', (_label, listed, problem) => {
    const meaning = databaseCheckMeaning({ found: true, ...listed }, env(published));
    if (problem) {
      expect(meaning.note).toBe(problem);
      expect(meaning.patch?.set?.milestones).toBeUndefined();
    } else {
      expect(meaning.patch?.set?.milestones?.database).toBe('2026-11-30T11:00:00.000Z');
      // No reach-check page: the database is how the advisory reaches people.
      expect(meaning.patch?.set?.items?.reached?.evidence).toBe(
        'listed in the GitHub Advisory Database',
      );
    }
  });

  it('does not count the database as reaching admins when a page is configured', () => {
    const meaning = databaseCheckMeaning(
      {
        found: true,
        cveId: 'CVE-2026-41234',
        patched: [{ name: '@acme/widget', version: '0.71.1' }],
      },
      env(published, page),
    );
    expect(meaning.patch?.set?.items).toBeUndefined();
    expect(databaseCheckMeaning({ found: false }, env(published))).toEqual({});
  });
});
