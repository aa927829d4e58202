import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_TIME_ZONE, DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { releaseToProduction, triageFixDraft } from '../../src/demo/script.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { addCalendarDays, localDate } from '../../src/domain/clock.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';

const { lead, second } = DEMO_USERS;
const BOT = 'advisory-pilot[bot]';
const widget = { owner: 'acme', repo: 'widget' };

const validator = createOpenApiValidator();
const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

/** A default-profile case released to production, the customer notice not drafted yet. */
async function released(): Promise<{ w: World; play: Play; ghsa: string }> {
  const w = await startWorld({ scenario: demoScenario('default'), validator });
  worlds.push(w);
  const play = new Play(w);
  await triageFixDraft(play, 'default');
  await releaseToProduction(play);
  const ghsa = (await play.state())?.ghsaId ?? '';
  return { w, play, ghsa };
}

async function lastReply(play: Play): Promise<string> {
  return (await play.comments()).filter((c) => c.author === BOT).at(-1)?.body ?? '';
}

const inDays = (w: World, days: number) =>
  localDate(addCalendarDays(w.now(), days, DEMO_TIME_ZONE), DEMO_TIME_ZONE);

async function advisoryOf(w: World, ghsa: string) {
  return (
    await w.as(lead).request('GET /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
      ...widget,
      ghsa_id: ghsa,
    })
  ).data as {
    state: string;
    severity: string | null;
    cwe_ids: string[];
    vulnerabilities: { package: { name: string }; patched_versions: string | null }[];
  };
}

describe('disclosure that keeps its word (sandbox, over HTTP)', () => {
  it('holds publication to the embargo, counts the lead time from the sending, and tells the reporter the date', async () => {
    const { w, play, ghsa } = await released();
    const end = (await play.state())?.embargo?.date ?? '';
    expect(end > inDays(w, 30)).toBe(true);

    // Drafted on day 0: the notice plans the embargo end, nothing earlier was agreed.
    await play.say(lead, '/notify');
    expect((await play.state())?.disclosureDate).toBe(end);
    await play.say(lead, '/confirm-date');
    const comments = (
      await w.as(lead).request('GET /repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments', {
        ...widget,
        ghsa_id: ghsa,
      } as never)
    ).data as { body: string }[];
    expect(comments.at(-1)?.body).toContain(`We plan to publish the advisory on ${end}`);

    // Sent on day 3; the reporter has meanwhile asked for day 4: customers still get 7 days.
    await play.wait('3d', 'the notice waits for legal review');
    const asked = inDays(w, 1);
    await play.say(lead, `/confirm-date ${asked} the reporter presents it that day`);
    expect((await play.state())?.reporterDate).toBe(asked);
    expect((await play.state())?.disclosureDate).toBe(inDays(w, 7));
    await play.say(lead, '/notify sent');
    await play.say(lead, '/confirm');
    const sentDay = localDate(w.now(), DEMO_TIME_ZONE);
    expect((await play.state())?.disclosureDate).toBe(inDays(w, 7));

    // Day 7 from the draft (day 4 from the sending): refused, naming the lead time.
    await play.wait('4d', 'four days after the notice');
    await play.say(lead, '/publish');
    expect(await lastReply(play)).toContain(
      `❌ Customer lead time (7 days from the notice): notice sent ${sentDay}`,
    );
    expect((await play.state())?.pending).toBeUndefined();

    // Day 10 from the draft: every gate passes.
    await play.wait('3d', 'the lead time ends');
    await play.say(lead, '/publish');
    expect(await lastReply(play)).toContain('✅ Embargo: the reporter');
    expect((await play.state())?.pending?.action).toBe('publish');
  });

  it('refuses to publish before the embargo without a stated reason, and /exploited lifts it', async () => {
    const { play } = await released();
    const end = (await play.state())?.embargo?.date ?? '';
    await play.say(lead, '/notify');
    await play.say(lead, '/confirm-date');
    await play.say(lead, '/notify sent');
    await play.say(lead, '/confirm');
    await play.wait('8d', 'past the lead time, long before the embargo end');
    await play.say(lead, '/publish');
    const refused = await lastReply(play);
    expect(refused).toContain(`❌ Embargo: ends ${end}`);
    expect(refused).toContain('Not yet: every gate must pass. Nothing was changed.');
    await play.say(lead, '/exploited exploitation seen in customer logs');
    await play.say(lead, '/publish');
    expect(await lastReply(play)).toContain('✅ Embargo: not holding: actively exploited');
    expect((await play.state())?.pending?.action).toBe('publish');
  });

  it("publishes the advisory as people left it on GitHub, and refuses a confirmation GitHub's copy no longer matches", async () => {
    const { w, play, ghsa } = await released();
    await play.say(lead, '/exploited PoC published on a forum');
    await play.say(lead, '/notify');
    await play.say(lead, '/confirm-date\n/notify sent');
    await play.say(lead, '/confirm');
    // In GitHub's UI: a second package, a CWE and a severity.
    const edit = (fields: Record<string, unknown>) =>
      play.act(lead, 'edits the advisory in GitHub UI', () =>
        w.as(lead).request('PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
          ...widget,
          ghsa_id: ghsa,
          ...fields,
        }),
      );
    await edit({
      vulnerabilities: [
        {
          package: { ecosystem: 'npm', name: '@acme/widget' },
          vulnerable_version_range: '< 0.71.1',
          patched_versions: '0.71.1',
        },
        {
          package: { ecosystem: 'npm', name: '@acme/widget-server' },
          vulnerable_version_range: '< 2.3.1',
          patched_versions: '2.3.1',
          vulnerable_functions: ['storeUpload'],
        },
      ],
      cwe_ids: ['CWE-22'],
      severity: 'critical',
    });
    await play.say(lead, '/publish');
    const summary = await lastReply(play);
    expect(summary).toContain('- Severity: critical (no vector)\n');
    expect(summary).toContain('`@acme/widget-server` (npm) `< 2.3.1`, patched in 2.3.1');
    expect(summary).toContain('- CWEs: CWE-22');

    // Someone edits the advisory again after the summary: the confirmation no longer holds.
    await edit({ cwe_ids: ['CWE-22', 'CWE-73'] });
    await play.say(second, '/confirm');
    expect(await lastReply(play)).toContain(
      'The advisory was edited on GitHub after the summary was shown; nothing was published.',
    );
    expect((await advisoryOf(w, ghsa)).state).toBe('draft');

    await play.say(lead, '/publish');
    expect(await lastReply(play)).toContain('- CWEs: CWE-22, CWE-73');
    await play.say(second, '/confirm');
    const published = await advisoryOf(w, ghsa);
    expect(published.state).toBe('published');
    expect(published.severity).toBe('critical');
    expect(published.cwe_ids).toEqual(['CWE-22', 'CWE-73']);
    expect(published.vulnerabilities.map((v) => [v.package.name, v.patched_versions])).toEqual([
      ['@acme/widget', '0.71.1'],
      ['@acme/widget-server', '2.3.1'],
    ]);
    const notes = (await play.caseFile())?.log.map((l) => l.note) ?? [];
    expect(
      notes.some((n) =>
        n.includes(
          'Severity critical set on GitHub without a vector; the playbook scores with CVSS 4.0',
        ),
      ),
    ).toBe(true);
  });
});
