import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { DEMO_VECTOR } from '../../src/demo/script.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import {
  answersTo,
  appRequests,
  BOT,
  caseOf,
  dieAfter,
  jobsOfComment,
  playToRelease,
  replyRefOf,
  startHarness,
  unfinishedOf,
  type Harness,
} from './harness.js';

// The App dies between carrying out an effect and recording that it did: the effect's GitHub
// call succeeded, nothing after it reached GitHub (neither the reply that confirms it nor a
// write of the case file). A new App process on the same GitHub must finish the case from the
// pending effects in the case file and the signed references of the App's comments, checking
// what already happened instead of repeating it.
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
 * The App dies right after the request that matches (see `dieAfter`): its job fails, and a new
 * instance replaces it on the same GitHub.
 */
async function crashAfter(
  w: Harness,
  request: { method: string; path: RegExp },
  act: () => Promise<unknown>,
): Promise<void> {
  const failuresBefore = w.app.state.jobs.failures;
  await dieAfter(
    w,
    (r) => r.method === request.method && request.path.test(r.path.replace(/\?.*$/, '')),
    act,
  );
  // The job fails; so may the pushes its writes caused (their jobs meet the same dead GitHub).
  expect(w.app.state.jobs.failures).toBeGreaterThan(failuresBefore);
  await w.restartApp();
}

/** The delivery of the human comment with this body (not a redelivery). */
function deliveryOf(w: Harness, body: string) {
  const found = w.raw
    .deliveries()
    .filter((d) => d.event === 'issue_comment' && !d.redelivery)
    .find((d) => (d.payload.comment as { body?: string }).body === body);
  expect(found).toBeDefined();
  return found!;
}

describe('killed between an effect and its result, then restarted', () => {
  const BRANCHES = /^\/repos\/acme\/widget\/git\/refs$/;
  const BUMP = /^\/repos\/acme\/widget\/git\/refs\/heads%2Fdeploy%2Fcloud%2F[\d-]+$/;
  const DISPATCH = /^\/repos\/acme\/widget\/actions\/workflows\/[^/]+\/dispatches$/;
  const MERGES = /^\/repos\/acme\/widget\/merges$/;
  const COMMENTS = /^\/repos\/acme\/security-tracking\/issues\/\d+\/comments$/;
  // The dispatch follows the proved cut without an intent of its own: until the job's results
  // are written, the cut is what the case file waits on.
  const RELEASE_EFFECTS = ['cut-release-branch'];

  it.each([
    { effect: 'the branch of the cut', method: 'POST', path: BRANCHES, replied: false },
    { effect: 'the merge of the fix', method: 'POST', path: MERGES, replied: false },
    { effect: 'the bump', method: 'PATCH', path: BUMP, replied: false },
    { effect: 'dispatch-workflow', method: 'POST', path: DISPATCH, replied: false },
    // The reply went out, the write recording the cut's result and the run's number did not.
    // The cut returned data, so the reply's signed reference does not confirm it: it is
    // checked again (and found done) rather than taken on trust.
    { effect: 'the reply', method: 'POST', path: COMMENTS, replied: true },
  ])(
    'a redelivery of /release finishes the job killed after $effect without doing anything twice',
    async ({ method, path, replied }) => {
      const { w, play } = await caseReadyToRelease();
      await crashAfter(w, { method, path }, () => play.say(lead, '/release'));
      const release = deliveryOf(w, '/release');
      const cut = await caseOf(w, play.issue);
      // The intent is durable: every effect of the job is pending, its reply is in the outbox.
      expect(cut.file?.pending.map((p) => [p.job, p.effect.kind])).toEqual(
        RELEASE_EFFECTS.map((kind) => [release.guid, kind]),
      );
      expect(cut.file?.outbox.map((o) => o.job)).toEqual([release.guid]);
      const replies = answersTo(w, play.issue, cut.comments, [release.guid]);
      expect(replies.map((r) => replyRefOf(w, play.issue, r)?.done)).toEqual(replied ? [[]] : []);
      expect(unfinishedOf(cut)).toEqual({
        effects: RELEASE_EFFECTS.map((kind) => `${release.guid} ${kind}`),
        comments: replied ? [] : [release.guid],
      });

      w.raw.core.webhooks.redeliver(release.id);
      await w.quiet();

      const after = await caseOf(w, play.issue);
      expect(after.read.kind).toBe('found');
      expect(after.file?.pending).toEqual([]);
      expect(unfinishedOf(after)).toEqual({ effects: [], comments: [] });
      expect(after.state?.release).toMatchObject({
        version: '0.71.1',
        branch: expect.stringMatching(/^deploy\/cloud\//) as unknown,
        runId: expect.any(Number) as unknown,
      });
      expect(after.state?.items['release-opened']).toBeTruthy();
      expect(succeeded(w, 'POST', BRANCHES)).toHaveLength(1);
      expect(succeeded(w, 'POST', MERGES)).toHaveLength(1);
      expect(succeeded(w, 'PATCH', BUMP)).toHaveLength(1);
      expect(succeeded(w, 'POST', DISPATCH)).toHaveLength(1);
      // One reply for /release, whichever process posted it.
      const commentId = (release.payload.comment as { id: number }).id;
      const answers = answersTo(w, play.issue, after.comments, jobsOfComment(w, commentId));
      expect(answers).toHaveLength(1);
      expect(answers[0]?.body).toContain('Starting patch release **0.71.1**');
      expect(answers[0]?.body).toContain('dispatched');
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
    const fork = deliveryOf(w, '/fork');
    const cut = await caseOf(w, play.issue);
    expect(unfinishedOf(cut)).toEqual({
      effects: [`${fork.guid} create-fork`],
      comments: [fork.guid],
    });
    expect(cut.state?.fork).toBeUndefined();
    const appComments = cut.comments.filter((c) => c.author === BOT).length;

    await play.say(DEMO_USERS.second, '/status');
    const after = await caseOf(w, play.issue);
    expect(unfinishedOf(after)).toEqual({ effects: [], comments: [] });
    expect(after.file?.pending).toEqual([]);
    expect(after.state?.fork?.name).toMatch(/^acme\/widget-ghsa-/);
    expect(after.state?.items['private-fork']).toBeTruthy();
    const created = [...w.raw.core.state.repos.values()].filter((r) => r.forkOf);
    expect(created).toHaveLength(1);
    // The /fork reply (with the fork's instructions) and the /status reply, once each.
    const forkId = (fork.payload.comment as { id: number }).id;
    const forkAnswers = answersTo(w, play.issue, after.comments, jobsOfComment(w, forkId));
    expect(forkAnswers).toHaveLength(1);
    expect(forkAnswers[0]?.body).toContain(after.state?.fork?.name ?? '(no fork)');
    expect(after.comments.filter((c) => c.author === BOT)).toHaveLength(appComments + 2);
    expect(w.sandbox.violations()).toEqual([]);
  });
});
