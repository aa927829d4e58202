import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { DEMO_VECTOR } from '../../src/demo/script.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import {
  appRequests,
  handledCounts,
  playToRelease,
  recordsOf,
  startHarness,
  type Harness,
} from './harness.js';

// The App dies between carrying out an effect and recording its result: the effect's GitHub call
// succeeded, the comment holding the result did not. A new App process on the same GitHub must
// finish the case from the record log, checking what already happened instead of repeating it.
const validator = createOpenApiValidator();
const worlds: Harness[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

const { lead } = DEMO_USERS;

/** A case through triage, fix and draft, ready for `/release`. */
async function caseReadyToRelease(): Promise<{ w: Harness; play: Play }> {
  const w = await startHarness({ scenario: demoScenario('default'), validator });
  worlds.push(w);
  const play = await playToRelease(w);
  expect((await play.state())?.phase).toBe('release');
  return { w, play };
}

/** Successful App requests matching a method and a path pattern. */
function succeeded(w: Harness, method: string, path: RegExp): string[] {
  return appRequests(w.raw)
    .filter((r) => r.method === method && path.test(r.path.replace(/\?.*$/, '')) && r.status < 400)
    .map((r) => r.path);
}

/**
 * Lets the App carry out the effect whose request matches, then makes the next comment it
 * writes (the effect's result) fail and "kills" the App: a new instance replaces it.
 */
async function crashAfter(
  w: Harness,
  effect: { method: string; path: RegExp },
  act: () => Promise<unknown>,
): Promise<void> {
  w.after(
    (r) => r.method === effect.method && effect.path.test(r.path) && r.status < 400,
    () => {
      w.fault({
        method: 'POST',
        path: '/repos/acme/security-tracking/issues/*/comments',
        status: 503,
      });
    },
  );
  const failuresBefore = w.app.state.jobs.failures;
  await act();
  await w.quiet();
  expect(w.app.state.jobs.failures).toBe(failuresBefore + 1);
  expect(w.raw.core.faults.list()).toEqual([]);
  await w.restartApp();
}

describe('killed between an effect and its result, then restarted', () => {
  const BRANCHES = /^\/repos\/acme\/widget\/git\/refs$/;
  const BUMP = /^\/repos\/acme\/widget\/git\/refs\/heads%2Fdeploy%2Fcloud%2F[\d-]+$/;
  const DISPATCH = /^\/repos\/acme\/widget\/actions\/workflows\/[^/]+\/dispatches$/;
  it.each([
    { effect: 'create-branch', method: 'POST', path: BRANCHES },
    { effect: 'bump-versions', method: 'PATCH', path: BUMP },
    { effect: 'dispatch-workflow', method: 'POST', path: DISPATCH },
  ])(
    'a redelivery of /release finishes $effect without doing anything twice',
    async ({ effect, method, path }) => {
      const { w, play } = await caseReadyToRelease();
      await crashAfter(w, { method, path }, () => play.say(lead, '/release'));
      const cut = await recordsOf(w, play.issue);
      expect(cut.folded.unfinished.map((e) => e.kind)[0]).toBe(effect);

      const release = w.raw
        .deliveries()
        .filter((d) => d.event === 'issue_comment' && !d.redelivery)
        .find((d) => (d.payload.comment as { body?: string }).body === '/release');
      expect(release).toBeDefined();
      w.raw.core.webhooks.redeliver(release!.id);
      await w.quiet();

      const after = await recordsOf(w, play.issue);
      expect(after.folded.unfinished).toEqual([]);
      expect(after.folded.problems).toEqual([]);
      expect(after.folded.case?.release).toMatchObject({
        version: '0.71.1',
        branch: expect.stringMatching(/^deploy\/cloud\//) as unknown,
        runId: expect.any(Number) as unknown,
      });
      expect(succeeded(w, 'POST', BRANCHES)).toHaveLength(1);
      expect(succeeded(w, 'PATCH', BUMP)).toHaveLength(1);
      expect(succeeded(w, 'POST', DISPATCH)).toHaveLength(1);
      expect([...handledCounts(after.records).values()].every((n) => n === 1)).toBe(true);
      expect(w.sandbox.violations()).toEqual([]);
    },
  );

  it('the next command finishes /fork without creating a second private fork', async () => {
    const w = await startHarness({ scenario: demoScenario('default'), validator });
    worlds.push(w);
    const play = new Play(w);
    await play.report('Path traversal in the file upload endpoint', 'Uploads escape the folder.');
    await play.say(lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
    const forks = /^\/repos\/acme\/widget\/security-advisories\/[^/]+\/forks$/;
    await crashAfter(w, { method: 'POST', path: forks }, () => play.say(lead, '/fork'));
    expect((await recordsOf(w, play.issue)).folded.unfinished.map((e) => e.kind)).toEqual([
      'create-fork',
    ]);

    await play.say(DEMO_USERS.second, '/status');
    const after = await recordsOf(w, play.issue);
    expect(after.folded.unfinished).toEqual([]);
    expect(after.folded.case?.fork?.name).toMatch(/^acme\/widget-ghsa-/);
    expect(after.folded.case?.items['private-fork']).toBeTruthy();
    const created = [...w.raw.core.state.repos.values()].filter((r) => r.forkOf);
    expect(created).toHaveLength(1);
    expect(w.sandbox.violations()).toEqual([]);
  });
});
