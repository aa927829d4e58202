import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { DEMO_VECTOR, playChangesetsPreset, playDefaultProfile } from '../../src/demo/script.js';
import type { World } from '../../src/demo/world.js';
import { createOpenApiValidator, type Sandbox } from '../../src/sandbox/index.js';
import { appWrites, startHarness, type Harness } from './harness.js';

// GitHub delivers at least once: a delivery may arrive again (a retry, a redelivery from the
// UI or the tick). Here every delivery of whole lifecycles arrives twice more, right after it
// was first handled, when the case is still open and a repeat could still do harm.
const validator = createOpenApiValidator();
const worlds: Harness[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

interface Repeat {
  event: string;
  newWrites: string[];
  newDeliveries: number;
}

/**
 * A view of the world whose every step is followed by redelivering, twice, each delivery the
 * step caused, and noting anything the repeats wrote.
 */
function repeatingEveryDelivery(world: Harness): { view: World; repeats: Repeat[] } {
  const repeats: Repeat[] = [];
  let seen = 0;
  const repeatNew = async (): Promise<void> => {
    await world.quiet();
    const fresh = world.raw.deliveries().slice(seen);
    for (const delivery of fresh.filter((d) => !d.redelivery)) {
      const writes = appWrites(world.raw).length;
      const deliveries = world.raw.deliveries().length;
      world.raw.core.webhooks.redeliver(delivery.id);
      world.raw.core.webhooks.redeliver(delivery.id);
      await world.quiet();
      repeats.push({
        event: `${delivery.event}.${delivery.action ?? ''}`,
        newWrites: appWrites(world.raw)
          .slice(writes)
          .map((w) => `${w.method} ${w.path}`),
        newDeliveries: world.raw.deliveries().length - deliveries - 2,
      });
    }
    seen = world.raw.deliveries().length;
  };
  const sandbox = Object.create(world.sandbox) as Sandbox;
  Object.assign(sandbox, {
    settled: repeatNew,
    advance: async (duration: string | number) => {
      const fired = await world.raw.advance(duration);
      await repeatNew();
      return fired;
    },
  });
  return { view: { ...world, sandbox }, repeats };
}

async function world(preset: 'default' | 'changesets' = 'default'): Promise<Harness> {
  const w = await startHarness({ scenario: demoScenario(preset), validator });
  worlds.push(w);
  return w;
}

function expectNothingRepeated(repeats: readonly Repeat[]): void {
  expect(repeats.length).toBeGreaterThan(20);
  expect(repeats.filter((r) => r.newWrites.length > 0 || r.newDeliveries > 0)).toEqual([]);
}

describe('every webhook delivered three times', () => {
  it('the default profile: from the private report to the closed case', async () => {
    const w = await world();
    const { view, repeats } = repeatingEveryDelivery(w);
    const play = await playDefaultProfile(view);
    expect((await play.state())?.phase).toBe('closed');
    expectNothingRepeated(repeats);
    expect([...new Set(repeats.map((r) => r.event))]).toEqual(
      expect.arrayContaining([
        'repository_advisory.reported',
        'issue_comment.created',
        'workflow_run.completed',
        'release.published',
        'repository_advisory.published',
        'pull_request.closed',
      ]),
    );
    expect(w.sandbox.violations()).toEqual([]);
  });

  it('the changesets preset', async () => {
    const w = await world('changesets');
    const { view, repeats } = repeatingEveryDelivery(w);
    const play = await playChangesetsPreset(view);
    expect((await play.state())?.phase).toBe('closed');
    expectNothingRepeated(repeats);
  });

  it('a manual report opened from a labelled issue', async () => {
    const w = await world();
    const { view, repeats } = repeatingEveryDelivery(w);
    const lead = w.as(DEMO_USERS.lead);
    const { data: issue } = await lead.rest.issues.create({
      owner: 'acme',
      repo: 'security-tracking',
      title: 'SSRF in the webhook tester (from the bug bounty)',
      body: 'Report forwarded from the bug bounty platform.',
      labels: ['security-report'],
    });
    await view.sandbox.settled();
    const play = new Play(view);
    play.issue = issue.number;
    await play.say(
      DEMO_USERS.lead,
      `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack\n/advisory create acme/widget --package @acme/widget`,
    );
    expect((await play.state())?.phase).toBe('fix');
    expect(repeats.length).toBeGreaterThan(2);
    expect(repeats.filter((r) => r.newWrites.length > 0 || r.newDeliveries > 0)).toEqual([]);
  });
});
