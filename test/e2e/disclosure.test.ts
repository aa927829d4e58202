import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_TIME_ZONE, DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { releaseToProduction, triageFixDraft } from '../../src/demo/script.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { addCalendarDays, localDate } from '../../src/domain/clock.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import { signPayload } from '../../src/sandbox/webhooks.js';

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

/** Adds lines to the product repository's configuration (the App reads it again after a minute). */
async function configure(w: World, play: Play, lines: string): Promise<void> {
  const path = '.github/advisory-pilot.yml';
  const client = w.as(lead);
  const { data } = await client.rest.repos.getContent({ ...widget, path });
  if (Array.isArray(data) || !('content' in data)) throw new Error('no configuration file');
  const text = Buffer.from(data.content, 'base64').toString('utf8');
  await play.act(lead, 'changes the configuration', () =>
    client.rest.repos.createOrUpdateFileContents({
      ...widget,
      path,
      message: 'chore: advisory pilot configuration',
      content: Buffer.from(`${text.trimEnd()}\n${lines}\n`).toString('base64'),
      sha: data.sha,
    }),
  );
  await play.wait('2m', 'the App reads the configuration again');
}

/** Publishes the released case at once (exploited), the second maintainer confirming. */
async function publishNow(play: Play): Promise<void> {
  await play.say(lead, '/exploited PoC published on a forum');
  await play.say(lead, '/notify');
  await play.say(lead, '/confirm-date\n/notify sent');
  await play.say(lead, '/confirm');
  await play.say(lead, '/publish');
  await play.say(second, '/confirm');
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

  it('finds the GHSA on the reach-check page served by the sandbox, and checks the database itself', async () => {
    const { w, play, ghsa } = await released();
    await configure(w, play, `  reachCheckUrl: ${w.sandbox.url}/_sandbox/health`);
    await publishNow(play);
    expect((await play.state())?.items.published).toBeDefined();
    await play.wait('16m', 'the feeds cache for 15 minutes');
    await play.tick('the first reach check');
    expect((await play.state())?.items.reached).toBeUndefined();
    await play.wait('1h', 'GitHub reviews the advisory for its database');
    await play.tick('the next reach checks');
    await play.wait('2h', 'the checks back off');
    await play.tick('the page now lists it');
    const state = await play.state();
    expect(state?.items.reached?.evidence).toBe(`${w.sandbox.url}/_sandbox/health`);
    expect(state?.milestones.database).toBeDefined();
    const notes = (await play.caseFile())?.log.map((l) => l.note) ?? [];
    expect(notes).toContain(`Advisory visible at ${w.sandbox.url}/_sandbox/health`);
    expect(
      notes.some((n) => n.startsWith('Listed in the GitHub Advisory Database with CVE-')),
    ).toBe(true);
    expect(ghsa).toMatch(/^GHSA-/);
  });

  it('reminds a person when the page never shows the advisory and the database never lists it', async () => {
    const scenario = demoScenario('default');
    const w = await startWorld({
      scenario: {
        ...scenario,
        settings: { ...scenario.settings, advisoryDatabaseReview: 'unreviewed' },
      },
      validator,
    });
    worlds.push(w);
    const play = new Play(w);
    await triageFixDraft(play, 'default');
    await releaseToProduction(play);
    await configure(w, play, `  reachCheckUrl: ${w.sandbox.url}/_sandbox/health`);
    await publishNow(play);
    for (const wait of ['16m', '1h', '1h']) {
      await play.wait(wait, 'the App checks the page');
      await play.tick('reach checks');
    }
    const page = await lastReply(play);
    expect(page).toContain(`does not show it after 2 checks`);
    expect(page).toContain('type `/reached <where>`');
    await play.wait('3d', 'the database review never happens');
    await play.tick('the database reminder');
    expect(await lastReply(play)).toContain('the GitHub Advisory Database still does not list it');
    await play.say(lead, '/reached checked the health page by hand');
    expect((await play.state())?.items.reached?.evidence).toBe(
      'confirmed by hand: checked the health page by hand',
    );
  });

  it('writes nothing public for a signed published event GitHub does not confirm', async () => {
    const { w, play, ghsa } = await released();
    const deliveries = (await w.admin('GET', 'deliveries')) as {
      event: string;
      payload: { repository_advisory?: { ghsa_id: string; state: string } } & Record<
        string,
        unknown
      >;
    }[];
    const reported = deliveries.find(
      (d) => d.event === 'repository_advisory' && d.payload.repository_advisory?.ghsa_id === ghsa,
    );
    if (!reported?.payload.repository_advisory) throw new Error('no advisory delivery');
    const payload = {
      ...reported.payload,
      action: 'published',
      repository_advisory: { ...reported.payload.repository_advisory, state: 'published' },
    };
    const publicBefore = ((await w.admin('GET', 'public-writes')) as unknown[]).length;
    const body = JSON.stringify(payload);
    const response = await fetch(`${w.appUrl}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'repository_advisory',
        'x-github-delivery': '00000000-0000-4000-8000-00000000f0f0',
        'x-hub-signature-256': signPayload(w.secret, body),
      },
      body,
    });
    expect(response.status).toBeLessThan(300);
    await w.sandbox.settled();
    const writes = (await w.admin('GET', 'public-writes')) as unknown[];
    expect(writes.slice(publicBefore)).toEqual([]);
    expect(await lastReply(play)).toContain('not published, although an event said it was');
    expect((await advisoryOf(w, ghsa)).state).toBe('draft');
  });

  it('removes the collaborators /invite added once the advisory is published, and says who', async () => {
    const { w, play, ghsa } = await released();
    await play.say(lead, '/invite @reporter-jane');
    const before = (
      await w.as(lead).request('GET /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
        ...widget,
        ghsa_id: ghsa,
      })
    ).data as { collaborating_users: { login: string }[] };
    expect(before.collaborating_users.map((u) => u.login)).toContain('reporter-jane');
    await publishNow(play);
    expect(await lastReply(play)).toContain(
      "Removed from the advisory's collaborators now that it is published (`publish.revokeCollaborators`): `reporter-jane`.",
    );
    const after = (
      await w.as(lead).request('GET /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
        ...widget,
        ghsa_id: ghsa,
      })
    ).data as { state: string; collaborating_users: { login: string }[] };
    expect(after.state).toBe('published');
    expect(after.collaborating_users).toEqual([]);
  });
});
