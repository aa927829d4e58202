import { describe, expect, it } from 'vitest';
import { readCaseMarker } from '../../src/store/case-index.js';
import { BOT } from './fake-app.js';
import { CONFIG, GHSA, PRODUCT, setup, TRACKING } from './harness.js';

/** A draft a maintainer created in GitHub's UI (no private report behind it). */
const DRAFT = { state: 'draft', draftBy: 'maintainer-mia', reporter: undefined } as const;

describe('drafts made in GitHub’s UI', () => {
  it('get a case in the next tick, opened by their author, once', async () => {
    const t = setup();
    t.addAdvisory(DRAFT);
    expect((await t.tick()).opened).toBe(1);
    const issues = t.github.repo(TRACKING).issues;
    const tracking = issues.find((i) => readCaseMarker(i.body)?.ghsaId === GHSA);
    const state = await t.caseOf(tracking?.number ?? 0);
    expect(state).toMatchObject({
      repo: PRODUCT,
      draftBy: 'maintainer-mia',
      reportedAt: '2026-11-23T09:00:00.000Z',
      phase: 'triage',
    });
    expect(state?.reporter).toBeUndefined();
    expect(state?.items['draft-advisory']?.evidence).toBe('created in GitHub by maintainer-mia');
    expect(t.caseFile(tracking?.number ?? 0)?.log[0]?.by).toBe('maintainer-mia');
    t.restart();
    t.advance(10);
    expect((await t.tick()).opened).toBe(0);
    expect(issues.filter((i) => readCaseMarker(i.body)?.ghsaId === GHSA)).toHaveLength(1);
  });

  it('are left alone with intake.drafts: false; published ones and the App’s own never open a case', async () => {
    const off = setup();
    off.app.installations.get(1)!.configs[PRODUCT] = { ...CONFIG, intake: { drafts: false } };
    off.addAdvisory(DRAFT);
    expect((await off.tick()).opened).toBe(0);
    const published = setup();
    published.addAdvisory({ ...DRAFT, state: 'published' });
    expect((await published.tick()).opened).toBe(0);
    // A draft the App made for a case (`/advisory create`) is that case's, even when its
    // result was not recorded yet.
    const own = setup();
    own.addAdvisory({ ...DRAFT, draftBy: BOT });
    expect((await own.tick()).opened).toBe(0);
  });
});
