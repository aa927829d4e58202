import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { DASHBOARD_MARKER } from '../../src/domain/dashboard.js';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import { readCaseMarker } from '../../src/store/case-index.js';

const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

async function start(): Promise<{ world: World; scheduler: Scheduler }> {
  let scheduler: Scheduler | undefined;
  const world = await startWorld({
    scenario: demoScenario(),
    app: {
      tickInterval: 0,
      scheduler: { pauseMs: 0 },
      onScheduler: (s) => (scheduler = s),
    },
  });
  worlds.push(world);
  if (!scheduler) throw new Error('no scheduler');
  return { world, scheduler };
}

async function tick(world: World, scheduler: Scheduler) {
  const summary = await scheduler.tick();
  await world.sandbox.settled();
  return summary;
}

describe('the tick against the sandbox GitHub (real HTTP, App JWT, OpenAPI-checked)', () => {
  it('opens the case of a report whose webhook was dropped, redelivers it once, and pins a dashboard', async () => {
    const { world, scheduler } = await start();
    await world.admin('POST', 'faults', { dropWebhooks: 1 });
    const reporter = world.as(DEMO_USERS.reporter);
    const { data } = await reporter.request(
      'POST /repos/{owner}/{repo}/security-advisories/reports',
      {
        owner: 'acme',
        repo: 'widget',
        summary: 'Path traversal in the file upload endpoint',
        description: 'Uploading ../../x writes outside the upload directory.',
      },
    );
    await world.sandbox.settled();
    const lead = world.as(DEMO_USERS.lead);
    const list = async () =>
      (
        await lead.rest.issues.listForRepo({
          owner: 'acme',
          repo: 'security-tracking',
          state: 'all',
        })
      ).data;
    expect(await list()).toEqual([]);

    await world.sandbox.advance('10m');
    const first = await tick(world, scheduler);
    expect(first).toMatchObject({ installations: 1, opened: 1, errors: 0, redelivered: 1 });
    const issues = await list();
    const tracking = issues.find((i) => readCaseMarker(i.body ?? '')?.ghsaId === data.ghsa_id);
    const dashboard = issues.find((i) => i.body?.includes(DASHBOARD_MARKER));
    expect(tracking?.title).toContain(data.ghsa_id);
    expect(dashboard?.title).toBe('Security advisories dashboard');
    expect(dashboard?.body).toContain(`#${String(tracking?.number)}`);
    // The redelivered `reported` webhook found the case open: still one tracking issue.
    const redelivered = world.sandbox.deliveries().filter((d) => d.redelivery);
    expect(redelivered).toHaveLength(1);
    expect(issues.filter((i) => readCaseMarker(i.body ?? ''))).toHaveLength(1);

    await world.sandbox.advance('10m');
    const second = await tick(world, scheduler);
    expect(second).toMatchObject({ opened: 0, redelivered: 0, errors: 0, dashboards: 0 });
    expect(world.sandbox.deliveries().filter((d) => d.redelivery)).toHaveLength(1);
    expect(world.sandbox.violations()).toEqual([]);
  });

  it('acts on a checkbox ticked while the App was down: the tick has GitHub redeliver the edit', async () => {
    const { world, scheduler } = await start();
    const play = new Play(world);
    await play.report(
      'Path traversal in the file upload endpoint',
      'Uploading a file named ../../x writes outside the upload directory.',
    );
    await world.sandbox.advance('10m');
    await tick(world, scheduler);
    expect((await play.state())?.items.reproduced).toBeUndefined();
    // The App is unreachable when the lead ticks a box: GitHub records a failed delivery.
    await world.admin('POST', 'faults', { dropWebhooks: 1 });
    const lead = world.as(DEMO_USERS.lead);
    const where = { owner: 'acme', repo: 'security-tracking', issue_number: play.issue };
    const { data: issue } = await lead.rest.issues.get(where);
    const ticked = (issue.body ?? '').replace(
      /^(\s*[-*] )\[ \]( .*<!-- item:reproduced -->)/m,
      '$1[x]$2',
    );
    expect(ticked).not.toBe(issue.body);
    await lead.rest.issues.update({ ...where, body: ticked });
    await world.sandbox.settled();
    expect((await play.state())?.items.reproduced).toBeUndefined();

    await world.sandbox.advance('10m');
    const summary = await tick(world, scheduler);
    expect(summary).toMatchObject({ redelivered: 1, errors: 0 });
    const state = await play.state();
    expect(state?.items.reproduced?.by).toBe(DEMO_USERS.lead);
    // Recorded once: the next tick neither redelivers nor records it again.
    await world.sandbox.advance('10m');
    expect(await tick(world, scheduler)).toMatchObject({ redelivered: 0, errors: 0 });
    expect((await play.caseFile())?.log.filter((l) => /reproduced/i.test(l.note))).toHaveLength(1);
    expect(world.sandbox.violations()).toEqual([]);
  });

  it('answers an idle tick with 304s only', async () => {
    const { world, scheduler } = await start();
    const reporter = world.as(DEMO_USERS.reporter);
    await reporter.request('POST /repos/{owner}/{repo}/security-advisories/reports', {
      owner: 'acme',
      repo: 'widget',
      summary: 'Open redirect after login',
      description:
        'In 0.71.0 the next parameter is not checked, so an attacker can send users to any site. Steps to reproduce: open /login?next=https://evil.example.',
    });
    await world.sandbox.settled();
    // The first tick lists the open cases and writes the dashboard; the second sees that write
    // in the feed of changed issues; the third, whose window no longer holds it, is answered
    // with a changed (empty) listing; from then on nothing changed and every read is a 304.
    for (let warm = 0; warm < 3; warm++) {
      await world.sandbox.advance('10m');
      await tick(world, scheduler);
    }
    await world.sandbox.advance('10m');
    const from = world.sandbox.requests().length;
    const idle = await tick(world, scheduler);
    expect(idle).toMatchObject({ cases: 1, reminders: 0, errors: 0, dashboards: 0 });
    const requests = world.sandbox.requests().slice(from);
    const installationReads = requests.filter((r) => !r.path.startsWith('/app'));
    if (process.env.REPORT_FIGURES)
      console.log(requests.map((r) => `${r.method} ${r.path} ${String(r.status)}`).join('\n'));
    expect(installationReads.length).toBeGreaterThan(0);
    expect(installationReads.filter((r) => r.status !== 304)).toEqual([]);
  });

  it('counts the GitHub requests of webhook deliveries in /metrics, before any tick', async () => {
    const { world } = await start();
    const play = new Play(world);
    await play.report('Path traversal in the file upload endpoint', 'Uploads escape the folder.');
    const metrics = await fetch(`${world.appUrl}/metrics`, {
      headers: { authorization: `Bearer ${world.secret}` },
    });
    const text = await metrics.text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('advisory_pilot_github_requests_total{') &&
          l.includes('method="POST"') &&
          l.includes('route="/repos/{owner}/{repo}/issues"'),
      );
    // The tracking issue the report opened: one POST, counted on the webhook path.
    expect(line).toMatch(/status="201"\} 1$/);
    expect(text).not.toContain('advisory_pilot_ticks_total{outcome="ok"} 1');
  });
});
