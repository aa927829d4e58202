import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { mergeCasePullRequest, notifyCustomers } from '../../src/demo/script.js';
import { Play } from '../../src/demo/play.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import { caseOf, playToRelease, startHarness, type Harness } from './harness.js';

// One process, killed right after it answered a delivery: GitHub saw a 2xx and never sends it
// again, and the work is gone with the process. The next process learns what the delivery
// would have told it from the tick's reconciliation (it asks GitHub about what each open case
// waits on), and the case still reaches `closed` with no command beyond the process's own.
const validator = createOpenApiValidator();
const worlds: Harness[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

const { lead, second } = DEMO_USERS;

async function start(preset: 'default' | 'changesets'): Promise<{ w: Harness; play: Play }> {
  const w = await startHarness({ scenario: demoScenario(preset), validator });
  worlds.push(w);
  const play = await playToRelease(w, preset);
  return { w, play };
}

/** The events of deliveries, as `event.action`. */
function eventsOf(deliveries: { event: string; payload: Record<string, unknown> }[]): string[] {
  const action = (d: { payload: Record<string, unknown> }) =>
    typeof d.payload.action === 'string' ? d.payload.action : '';
  return [...new Set(deliveries.map((d) => `${d.event}.${action(d)}`))].sort();
}

type Step = 'canary' | 'release' | 'database' | 'changelog' | 'postmortem';

/**
 * The default profile from `/release` to `closed`, with the deliveries of one step lost after
 * their 2xx (and the App restarted); the cron's tick runs after every step, as in production.
 */
async function playDefault(w: Harness, play: Play, lost: Step): Promise<string[]> {
  let events: string[] = [];
  const step = async (name: Step, act: () => Promise<unknown>) => {
    if (name === lost) events = eventsOf(await w.loseAfterAck(act));
    else await act();
    await play.tick(`after ${name}`);
  };
  await play.say(lead, '/release');
  await step('canary', () => play.wait('20m', 'the workflow runs and deploys to canary'));
  const branch = (await play.state())?.release.branch ?? '';
  expect((await play.state())?.items.canary).toBeTruthy();
  await play.act(lead, 'promotes to production', async () => {
    const client = w.as(lead);
    const { data } = await client.rest.repos.createDeployment({
      owner: 'acme',
      repo: 'widget',
      ref: branch,
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    });
    if (!('id' in data)) throw new Error('no deployment');
    await client.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo: 'widget',
      deployment_id: data.id,
      state: 'success',
    });
  });
  await step('release', () =>
    play.act(lead, 'publishes v0.71.1', () =>
      w.as(lead).rest.repos.createRelease({
        owner: 'acme',
        repo: 'widget',
        tag_name: 'v0.71.1',
        name: 'v0.71.1',
        target_commitish: branch,
      }),
    ),
  );
  expect((await play.state())?.items.production).toBeTruthy();
  await notifyCustomers(play);
  await play.say(lead, '/publish');
  await play.say(lead, '/confirm');
  await play.say(second, '/confirm');
  expect((await play.state())?.advisory.state).toBe('published');
  await step('database', () => play.wait('30m', 'the advisory reaches the database'));
  await play.wait('2h', 'the database is checked again');
  await play.tick('the reach check');
  await step('changelog', () => mergeCasePullRequest(play, 'changelog'));
  await step('postmortem', () => mergeCasePullRequest(play, 'postmortem'));
  return events;
}

describe('one process killed right after the 2xx of an event the lifecycle waits on', () => {
  it.each([
    { lost: 'canary' as const, events: ['deployment_status.created', 'workflow_run.completed'] },
    { lost: 'database' as const, events: ['security_advisory.published'] },
    { lost: 'changelog' as const, events: ['pull_request.closed'] },
    { lost: 'postmortem' as const, events: ['pull_request.closed'] },
  ])(
    'default profile, $lost lost: the tick asks GitHub and the case still closes',
    async ({ lost, events }) => {
      const { w, play } = await start('default');
      const lostEvents = await playDefault(w, play, lost);
      for (const event of events) expect(lostEvents).toContain(event);
      const state = await play.state();
      expect(state?.phase).toBe('closed');
      expect(w.sandbox.violations()).toEqual([]);
    },
    120_000,
  );

  it('changesets preset, release.published lost: the release is found and the case closes', async () => {
    const { w, play } = await start('changesets');
    await play.say(lead, '/release');
    await mergeCasePullRequest(play, 'changeset');
    const lost = await w.loseAfterAck(() =>
      play.act(lead, 'the changesets release publishes @acme/widget@0.71.1', () =>
        w.as(lead).rest.repos.createRelease({
          owner: 'acme',
          repo: 'widget',
          tag_name: '@acme/widget@0.71.1',
          name: '@acme/widget@0.71.1',
          target_commitish: 'release/0.71.x',
        }),
      ),
    );
    expect(eventsOf(lost)).toContain('release.published');
    expect((await play.state())?.items.production).toBeFalsy();
    await play.tick('the cron, after the restart');
    expect((await play.state())?.items.production).toBeTruthy();
    await play.say(lead, '/publish');
    await play.say(lead, '/confirm');
    await play.wait('30m', 'the advisory reaches the database');
    await play.say(lead, '/postmortem skip handled within the week; nothing new to learn');
    expect((await play.state())?.phase).toBe('closed');
    expect(w.sandbox.violations()).toEqual([]);
  }, 120_000);

  it('a manual report, issues.opened and issues.labeled lost: the tick opens its case', async () => {
    const w = await startHarness({ scenario: demoScenario('default'), validator });
    worlds.push(w);
    const play = new Play(w);
    let number = 0;
    const lost = await w.loseAfterAck(async () => {
      const { data } = await w.as(lead).rest.issues.create({
        owner: 'acme',
        repo: 'security-tracking',
        title: 'Session fixation reported by e-mail',
        body: 'A customer wrote to security@ about session ids surviving a login.',
        labels: ['security-report'],
      });
      number = data.number;
    });
    expect(eventsOf(lost)).toEqual(expect.arrayContaining(['issues.opened']));
    await play.wait('5m', 'past the grace the webhook had');
    await play.tick('the cron, after the restart');
    const read = await caseOf(w, number);
    expect(read.state).toMatchObject({ source: 'manual', phase: 'triage' });
    expect(w.sandbox.violations()).toEqual([]);
  }, 60_000);
});
