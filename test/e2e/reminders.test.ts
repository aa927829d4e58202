import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { demoScenario } from '../../src/demo/scenario.js';
import { startWorld, type World } from '../../src/demo/world.js';

let world: World | undefined;
afterAll(async () => {
  await world?.close();
});

describe('SLA reminders over HTTP with the sandbox clock', () => {
  it('sends the ack reminder before the deadline and the escalation after it, once each', async () => {
    world = await startWorld({ scenario: demoScenario('default') });
    const play = new Play(world);
    await play.report('Open redirect after login', 'The next parameter is not checked.');
    const reminders = async () => (await play.comments()).filter((c) => /^(⏰|🔴)/u.test(c.body));

    await play.tick('right after the report');
    expect(await reminders()).toHaveLength(0);

    await play.wait('4d1h', 'Tuesday afternoon, the day before the deadline');
    await play.tick('due soon');
    await play.tick('again, same window');
    const soon = await reminders();
    expect(soon).toHaveLength(1);
    expect(soon[0]!.body).toContain(
      'must be acknowledged by **2026-11-25 15:00 CET** (in 1 business day',
    );

    await play.wait('1d', 'past the deadline');
    await play.tick('overdue');
    await play.tick('again');
    const all = await reminders();
    expect(all).toHaveLength(2);
    expect(all[1]!.body).toContain('is **overdue**');
    expect(all[1]!.body).toContain('Escalating to the security team.');
    expect(world.sandbox.violations()).toEqual([]);
  });
});
