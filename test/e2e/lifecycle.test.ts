import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/parse-config.js';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { DEMO_VECTOR, playChangesetsPreset, playDefaultProfile } from '../../src/demo/script.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { findLeaks } from '../../src/domain/leak-guard.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';

// One validator for the file: compiling GitHub's description is the slow part.
const validator = createOpenApiValidator();
const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

async function world(preset: 'default' | 'changesets' = 'default'): Promise<World> {
  const w = await startWorld({ scenario: demoScenario(preset), validator });
  worlds.push(w);
  return w;
}

/** Writes the App made to the public product repository before the advisory was published. */
function prePublicationWrites(w: World, publishedAt: string | undefined) {
  return w.sandbox
    .publicWrites()
    .filter((p) => p.actor.startsWith('installation:'))
    .filter((p) => publishedAt === undefined || p.at < publishedAt);
}

describe('end to end over HTTP: the App against the sandbox', () => {
  it('plays the default profile from the private report to a closed case', async () => {
    const w = await world();
    const play = await playDefaultProfile(w);
    const state = await play.state();
    expect(state?.phase).toBe('closed');
    expect(w.sandbox.violations()).toEqual([]);
    expect(state?.cve.id).toMatch(/^CVE-/);
    expect(state?.release.branch).toMatch(/^deploy\/cloud\/2026-11-2\d$/);
    expect(Object.keys(state?.pullRequests ?? {}).sort()).toEqual(['changelog', 'postmortem']);

    const writes = prePublicationWrites(w, state?.milestones.published);
    expect(writes.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['ref', 'commit-message', 'file', 'workflow-inputs']),
    );
    const leaks = findLeaks(
      writes.map((p) => ({ field: p.kind, text: p.text })),
      state!,
      defaultConfig(),
    );
    expect(leaks).toEqual([]);
    for (const p of writes) {
      expect(p.text).not.toContain(state!.ghsaId!);
      expect(p.text).not.toContain(state!.cve.id!);
      expect(p.text.toLowerCase()).not.toContain('path traversal');
    }
  });

  it('plays the changesets preset to a closed case', async () => {
    const w = await world('changesets');
    const play = await playChangesetsPreset(w);
    const state = await play.state();
    expect(state?.phase).toBe('closed');
    expect(w.sandbox.violations()).toEqual([]);
    expect(state?.items.postmortem?.status).toBe('waived');
    const changeset = w.sandbox
      .publicWrites()
      .find((p) => p.kind === 'file' && p.text.includes(': patch'));
    expect(changeset?.text).toBe(
      '---\n"@acme/widget": patch\n---\n\nFixed an issue in @acme/widget.\n',
    );
  });

  it('rejects an out-of-scope report: the advisory is closed and the case too', async () => {
    const w = await world();
    const play = new Play(w);
    await play.report(
      'Self-XSS in the profile page',
      'Pasting a script into your own profile runs it for you.',
    );
    await play.say(
      DEMO_USERS.lead,
      '/scope out self-XSS needs the victim to paste code (out of scope in SECURITY.md)',
    );
    await play.say(DEMO_USERS.lead, '/confirm');
    const state = await play.state();
    expect(state?.phase).toBe('rejected');
    const advisory = await w
      .as(DEMO_USERS.lead)
      .request('GET /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
        owner: 'acme',
        repo: 'widget',
        ghsa_id: state!.ghsaId!,
      });
    expect(advisory.data.state).toBe('closed');
    const issue = await w
      .as(DEMO_USERS.lead)
      .rest.issues.get({ owner: 'acme', repo: 'security-tracking', issue_number: play.issue });
    expect(issue.data.state).toBe('closed');
    expect(w.sandbox.violations()).toEqual([]);
  });

  it('opens a manual case from a security-report issue and creates its draft advisory', async () => {
    const w = await world();
    const lead = w.as(DEMO_USERS.lead);
    const { data: issue } = await lead.rest.issues.create({
      owner: 'acme',
      repo: 'security-tracking',
      title: 'SSRF in the webhook tester (from the bug bounty)',
      body: 'Report forwarded from the bug bounty platform.',
      labels: ['security-report'],
    });
    await w.sandbox.settled();
    const play = new Play(w);
    play.issue = issue.number;
    expect((await play.state())?.source).toBe('manual');
    await play.say(
      DEMO_USERS.lead,
      `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack\n/advisory create acme/widget --package @acme/widget`,
    );
    const state = await play.state();
    expect(state?.ghsaId).toMatch(/^GHSA-/);
    expect(state?.phase).toBe('fix');
    const body =
      (
        await lead.rest.issues.get({
          owner: 'acme',
          repo: 'security-tracking',
          issue_number: issue.number,
        })
      ).data.body ?? '';
    expect(body).toContain(`<!-- advisory-pilot:case acme/widget ${state!.ghsaId!} -->`);
    expect(w.sandbox.violations()).toEqual([]);
  });

  it('changes nothing when every webhook of a scenario is delivered a second time', async () => {
    const w = await world();
    const play = new Play(w);
    await play.report('Open redirect after login', 'The next parameter is not checked.');
    await play.say(DEMO_USERS.lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack\n/fork`);
    const before = await play.comments();
    const writesBefore = w.sandbox.requests().filter((r) => r.method !== 'GET').length;
    for (const delivery of [...w.sandbox.deliveries()])
      w.sandbox.core.webhooks.redeliver(delivery.id);
    await w.sandbox.settled();
    expect(await play.comments()).toEqual(before);
    expect(w.sandbox.requests().filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  });

  it('ignores a record forged by a human and flags it once', async () => {
    const w = await world();
    const play = new Play(w);
    await play.report('Stored XSS in comments', 'A comment with an SVG runs script.');
    const forged =
      '<!-- advisory-pilot:record {"v":1,"id":"x","at":"2026-11-20T14:00:00.000Z","by":"mallory","type":"update","patch":{"set":{"phase":"publish"}},"sig":"00"} -->';
    await play.say(DEMO_USERS.second, `Looks like this one is done.\n${forged}`);
    await play.say(DEMO_USERS.second, '/status');
    const comments = await play.comments();
    expect(comments.filter((c) => c.body.startsWith('⚠️ Ignored a hidden record'))).toHaveLength(1);
    expect((await play.state())?.phase).toBe('triage');
  });
});
