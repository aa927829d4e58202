import { describe, expect, it } from 'vitest';
import { DASHBOARD_MARKER } from '../../src/domain/dashboard.js';
import { readCaseMarker } from '../../src/store/case-index.js';
import { GHSA, PRODUCT, setup, TRACKING } from './harness.js';

const DUE_SOON = 'must be acknowledged by';
const OVERDUE = 'is **overdue**';

describe('the tick', () => {
  it('opens the case of a triage advisory whose reported webhook was lost, once', async () => {
    const t = setup();
    t.addAdvisory();
    const first = await t.tick();
    expect(first.opened).toBe(1);
    const issues = t.github.repo(TRACKING).issues;
    const tracking = issues.find((i) => readCaseMarker(i.body)?.ghsaId === GHSA);
    expect(tracking?.labels).toEqual(['security-advisory']);
    const state = await t.caseOf(tracking?.number ?? 0);
    expect(state?.reportedAt).toBe('2026-11-23T09:00:00.000Z');
    expect(state?.repo).toBe(PRODUCT);
    t.advance(10);
    const second = await t.tick();
    expect(second.opened).toBe(0);
    t.restart();
    t.advance(10);
    expect((await t.tick()).opened).toBe(0);
    expect(issues.filter((i) => readCaseMarker(i.body)?.ghsaId === GHSA)).toHaveLength(1);
  });

  it('leaves a report younger than the grace period to its webhook', async () => {
    const t = setup();
    t.addAdvisory({ createdAt: '2026-11-23T09:04:00.000Z' });
    expect((await t.tick()).opened).toBe(0);
    t.advance(10);
    expect((await t.tick()).opened).toBe(1);
  });

  it('reminds before the ack deadline and escalates after it, once each, across restarts', async () => {
    const t = setup();
    t.addAdvisory();
    await t.tick(); // Mon 10:05 Berlin: the case opens; the ack is due Thu 10:00.
    const issue = t.github.repo(TRACKING).issues.find((i) => readCaseMarker(i.body))?.number ?? 0;
    const count = (text: string) => t.comments(issue).filter((c) => c.body.includes(text)).length;

    t.at('2026-11-24T12:00:00.000Z'); // Tuesday: nothing due yet.
    expect((await t.tick()).reminders).toBe(0);
    t.at('2026-11-25T09:30:00.000Z'); // Wednesday, one business day before the deadline.
    expect((await t.tick()).reminders).toBe(1);
    expect(count(DUE_SOON)).toBe(1);
    t.advance(10);
    expect((await t.tick()).reminders).toBe(0);

    t.restart();
    t.advance(10);
    expect((await t.tick()).reminders).toBe(0);
    expect(count(DUE_SOON)).toBe(1);

    t.at('2026-11-26T09:30:00.000Z'); // Thursday, after the deadline: escalate once.
    const escalation = await t.tick();
    expect(escalation.reminders).toBe(1);
    expect(count(OVERDUE)).toBe(1);
    const overdue = t.comments(issue).find((c) => c.body.includes(OVERDUE));
    expect(overdue?.body).toContain('@acme/security');
    // The "due soon" note is outdated now: minimized, the escalation stays visible.
    const dueSoon = t.comments(issue).find((c) => c.body.includes(DUE_SOON));
    const minimized = t.github.calls.filter((c) => c.method === 'minimizeComment');
    expect(minimized.map((c) => c.args[0])).toEqual([dueSoon?.nodeId]);

    t.advance(10);
    expect((await t.tick()).reminders).toBe(0);
    t.restart();
    t.at('2026-11-27T09:30:00.000Z');
    expect((await t.tick()).reminders).toBe(0);
    expect(count(DUE_SOON)).toBe(1);
    expect(count(OVERDUE)).toBe(1);
    expect(Object.keys((await t.caseOf(issue))?.reminders ?? {}).sort()).toEqual([
      'ack-due-soon:2026-11-26',
      'ack-overdue:2026-11-26',
    ]);
  });

  it('skips no reminder when the clock jumps past a whole window', async () => {
    const t = setup();
    t.addAdvisory();
    await t.tick();
    t.at('2026-11-30T09:30:00.000Z'); // The App was down from Monday to the next Monday.
    const summary = await t.tick();
    expect(summary.reminders).toBe(1);
    const issue = t.github.repo(TRACKING).issues.find((i) => readCaseMarker(i.body))?.number ?? 0;
    expect(t.comments(issue).filter((c) => c.body.includes(OVERDUE))).toHaveLength(1);
  });

  it('keeps one pinned dashboard, rewritten only when its text changes', async () => {
    const t = setup();
    t.addAdvisory();
    await t.tick();
    const dashboards = t.github
      .repo(TRACKING)
      .issues.filter((i) => i.body.includes(DASHBOARD_MARKER));
    expect(dashboards).toHaveLength(1);
    const dashboard = dashboards[0];
    expect(dashboard?.title).toBe('Security advisories dashboard');
    expect(t.github.pinned).toEqual(new Set([`${TRACKING}#${String(dashboard?.number)}`]));
    expect(dashboard?.body).toContain('acknowledge by Thu 2026-11-26 (in 3 business days)');
    const updates = () =>
      t.github.calls.filter((c) => c.method === 'updateIssue' && c.args[1] === dashboard?.number);
    t.advance(10);
    await t.tick();
    expect(updates()).toHaveLength(0);
    t.at('2026-11-24T09:00:00.000Z');
    await t.tick();
    expect(updates()).toHaveLength(1);
    expect(dashboard?.body).toContain('(in 2 business days)');
    expect(t.github.calls.filter((c) => c.method === 'pinIssue')).toHaveLength(1);
  });
});
