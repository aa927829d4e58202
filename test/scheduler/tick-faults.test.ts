import { describe, expect, it } from 'vitest';
import { readCaseMarker } from '../../src/store/case-index.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { PRODUCT, setup, TRACKING } from './harness.js';

function httpError(status: number, headers: Record<string, string> = {}, message = 'error') {
  return Object.assign(new Error(message), { status, response: { headers } });
}

async function opened(options: Parameters<typeof setup>[0] = {}) {
  const t = setup(options);
  t.addAdvisory();
  await t.tick();
  t.advance(10);
  await t.tick(); // the case is in the tick's index: unchanged from now on
  const issue = t.github.repo(TRACKING).issues.find((i) => readCaseMarker(i.body))?.number ?? 0;
  return { t, issue };
}

describe('the tick during GitHub faults', () => {
  it.each([
    { name: 'a 502', method: 'getIssue', error: httpError(502, {}, 'Bad Gateway') },
    {
      name: 'a secondary rate limit',
      method: 'getIssue',
      error: httpError(403, { 'retry-after': '120' }, 'You have exceeded a secondary rate limit'),
    },
    { name: 'a 429', method: 'getIssue', error: httpError(429, { 'retry-after': '120' }) },
    { name: 'a 429', method: 'listChangedIssues', error: httpError(429, { 'retry-after': '120' }) },
    {
      name: 'a secondary rate limit',
      method: 'listRepoComments',
      error: httpError(403, { 'retry-after': '120' }, 'You have exceeded a secondary rate limit'),
    },
  ])(
    'backs off on $name from $method, writes nothing half-done, and catches up later',
    async ({ method: faulty, error }) => {
      const { t, issue } = await opened();
      const success = t.scheduler.memory.lastSuccessfulTick;
      t.at('2026-11-25T09:30:00.000Z'); // the "due soon" reminder is due
      // The due case's body, or one of the repository's change feeds (one read per tick).
      t.github.fault = (method) => (method === faulty ? error : undefined);
      const writes = t.github.writes().length;
      const faulted = await t.tick();
      expect(faulted.backedOff).toBe(1);
      expect(faulted.reminders).toBe(0);
      expect(t.github.writes()).toHaveLength(writes);
      expect(t.scheduler.memory.lastSuccessfulTick).toBe(success);

      t.github.fault = undefined;
      t.advance(0.5); // still inside retry-after (120 s) or the default minute
      const calls = t.github.calls.length;
      expect((await t.tick()).backedOff).toBe(1);
      expect(t.github.calls).toHaveLength(calls);

      t.advance(2.5);
      const recovered = await t.tick();
      expect(recovered.backedOff).toBe(0);
      expect(recovered.reminders).toBe(1);
      expect(
        t.comments(issue).filter((c) => c.body.includes('must be acknowledged by')),
      ).toHaveLength(1);
      expect(t.scheduler.memory.lastSuccessfulTick).toBe('2026-11-25T09:33:00.000Z');
    },
  );

  it('skips an installation that was removed, and one whose token stopped working mid-tick', async () => {
    const t = setup();
    t.addAdvisory();
    const other = new FakeGitHub().addRepo('beta/private-app', { private: true });
    t.app.add(2, { account: 'beta', github: other, configs: {}, gone: true });
    const third = new FakeGitHub().addRepo('gamma/app', { private: true });
    third.fault = (method) => (method === 'pollAdvisories' ? httpError(401) : undefined);
    t.app.add(3, { account: 'gamma', github: third, configs: {} });
    const summary = await t.tick();
    expect(summary).toMatchObject({ installations: 1, skipped: 2, errors: 0, opened: 1 });
    expect(t.scheduler.memory.lastSuccessfulTick).toBe('2026-11-23T09:05:00.000Z');
  });

  it('goes on when one repository cannot be polled (no access to its advisories)', async () => {
    const t = setup({ products: [PRODUCT, 'acme/locked'] });
    t.addAdvisory();
    t.github.fault = (method, args) =>
      method === 'pollAdvisories' && args[0] === 'acme/locked' ? httpError(404) : undefined;
    const summary = await t.tick();
    expect(summary).toMatchObject({ opened: 1, errors: 0, backedOff: 0 });
  });

  it('logs an advisory it cannot read and still opens the case of the others', async () => {
    const t = setup();
    t.addAdvisory();
    t.github.unreadableAdvisories.push({
      repo: PRODUCT,
      ghsaId: 'GHSA-3m4p-9vcf-x2h8',
      reason: 'advisory GHSA-3m4p-9vcf-x2h8 does not fit: state Invalid option',
    });
    const summary = await t.tick();
    expect(summary).toMatchObject({ opened: 1, errors: 0 });
    expect(t.logs).toContainEqual({ level: 'warn', msg: 'could not read an advisory' });
  });

  it('counts a failing case and leaves the dashboard as it was', async () => {
    const { t, issue } = await opened();
    const dashboard = t.github.repo(TRACKING).issues.find((i) => !readCaseMarker(i.body));
    const before = dashboard?.body;
    t.at('2026-11-25T09:30:00.000Z'); // a reminder is due, and the dashboard's countdown changed
    t.github.fault = (method, args) =>
      method === 'getIssue' && args[1] === issue ? httpError(422) : undefined;
    const summary = await t.tick();
    expect(summary).toMatchObject({ errors: 1, backedOff: 0, dashboards: 0 });
    expect(dashboard?.body).toBe(before);
    t.github.fault = undefined;
    t.advance(10);
    expect((await t.tick()).dashboards).toBe(1);
  });

  it('never runs two ticks at once', async () => {
    const t = setup();
    let release: () => void = () => undefined;
    t.app.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = t.scheduler.tick();
    expect(first).toBeDefined();
    expect(t.scheduler.running).toBe(true);
    expect(t.scheduler.tick()).toBeUndefined();
    release();
    await first;
    expect(t.scheduler.running).toBe(false);
    expect(t.app.calls.listInstallations).toBe(1);
    const metrics = await t.state.metrics.registry.metrics();
    expect(metrics).toContain('advisory_pilot_ticks_total{outcome="skipped"} 1');
    expect(metrics).toContain('advisory_pilot_ticks_total{outcome="ok"} 1');
  });

  it('stops a running tick before its next installation, and ticks again afterwards', async () => {
    const t = setup();
    t.addAdvisory();
    let release: () => void = () => undefined;
    t.app.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.scheduler.start(600);
    const run = t.scheduler.tick();
    const stopped = t.scheduler.stop();
    release();
    await stopped;
    expect(await run).toMatchObject({ installations: 0, opened: 0 });
    expect(t.scheduler.running).toBe(false);
    expect(t.scheduler.memory.lastSuccessfulTick).toBeUndefined();
    expect((await t.tick()).opened).toBe(1);
  });
});

describe('redelivery of failed webhooks', () => {
  it('redelivers each failed delivery once, skipping retried and expired ones', async () => {
    const t = setup({ scheduler: { redeliver: true } });
    const at = (h: number) =>
      new Date(Date.parse('2026-11-23T09:05:00.000Z') - h * 3_600_000).toISOString();
    const delivery = (
      id: number,
      guid: string,
      hoursAgo: number,
      statusCode = 502,
      redelivery = false,
    ) => ({
      id,
      guid,
      deliveredAt: at(hoursAgo),
      redelivery,
      statusCode,
      event: 'repository_advisory',
    });
    t.app.deliveries.push(
      delivery(1, 'guid-a', 5),
      delivery(2, 'guid-a', 4),
      delivery(3, 'guid-b', 2),
      delivery(4, 'guid-c', 3),
      delivery(5, 'guid-c', 1, 500, true),
      delivery(6, 'guid-old', 80),
      delivery(7, 'guid-ok', 1, 202),
    );
    expect((await t.tick()).redelivered).toBe(2);
    expect(t.app.redelivered.sort()).toEqual([2, 3]);
    t.advance(10);
    expect((await t.tick()).redelivered).toBe(0);
    expect(t.app.redelivered).toHaveLength(2);
    const metrics = await t.state.metrics.registry.metrics();
    expect(metrics).toContain('advisory_pilot_redeliveries_total{outcome="requested"} 2');
  });
});
