import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/parse-config.js';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario, TRACKING_REPO } from '../../src/demo/scenario.js';
import { DEMO_VECTOR, playChangesetsPreset, playDefaultProfile } from '../../src/demo/script.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { encodeCaseFile } from '../../src/domain/case-file-codec.js';
import { findLeaks } from '../../src/domain/leak-guard.js';
import { CASE_FILE_CLOSE, CASE_FILE_OPEN } from '../../src/domain/markers.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';

const BOT = 'advisory-pilot[bot]';
/** A report with what triage needs (so the case opens without a notice asking for more). */
const COMPLETE_XSS =
  'A comment with an SVG runs script in other users’ browsers, so an attacker can take over their session. Steps to reproduce: post <svg onload=alert(1)>.';

/** The tracking issue's body as GitHub holds it. */
async function body(w: World, play: Play): Promise<string> {
  const { data } = await w
    .as(DEMO_USERS.lead)
    .rest.issues.get({ owner: 'acme', repo: 'security-tracking', issue_number: play.issue });
  return data.body ?? '';
}

/** The hidden case-file marker in a body, whole. */
function caseFileMarker(text: string): string {
  const start = text.indexOf(CASE_FILE_OPEN);
  const end = text.indexOf(CASE_FILE_CLOSE, start + CASE_FILE_OPEN.length);
  if (start < 0 || end < 0) throw new Error('no case file in the body');
  return text.slice(start, end + CASE_FILE_CLOSE.length);
}

function home(play: Play) {
  return { repo: TRACKING_REPO, issue: play.issue };
}

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
/** A fresh case, reproduced: its case file and the App's reply to `/reproduced`. */
async function reproducedCase() {
  const w = await world();
  const play = new Play(w);
  await play.report('Stored XSS in comments', COMPLETE_XSS);
  await play.say(DEMO_USERS.lead, '/reproduced');
  const before = await play.caseFile();
  const reply = (await play.comments()).filter((c) => c.author === BOT).at(-1);
  if (!before || !reply) throw new Error('no case file or no reply');
  return { w, play, before, reply };
}

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

  it('plays the changesets preset to a closed case: a bug-bounty report, a draft made in GitHub, an early CVE', async () => {
    const w = await world('changesets');
    const play = await playChangesetsPreset(w);
    const state = await play.state();
    expect(state?.phase).toBe('closed');
    // The tick opened the case from the maintainer's draft; the clock starts at the report.
    expect(state?.draftBy).toBe('maintainer-max');
    expect(state?.reporter).toBeUndefined();
    expect(state?.channel).toEqual({ via: 'hackerone', id: '2841234' });
    expect(state?.reportedAt).toBe('2026-11-20T08:12:00.000Z');
    expect(state?.items.acknowledged?.evidence).toBe('sent through HackerOne report `2841234`');
    const comments = await play.comments();
    expect(comments.filter((c) => c.body.includes('its CVE early'))).toHaveLength(1);
    expect(
      comments.some((c) => c.body.includes('must be acknowledged by **2026-11-25 09:12 CET**')),
    ).toBe(true);
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
    await play.report(
      'Open redirect after login',
      'The next parameter is not checked, so an attacker can send users to any site. Steps to reproduce: open /login?next=https://evil.example.',
    );
    await play.say(DEMO_USERS.lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack\n/fork`);
    const before = await play.comments();
    const writesBefore = w.sandbox.requests().filter((r) => r.method !== 'GET').length;
    for (const delivery of [...w.sandbox.deliveries()])
      w.sandbox.core.webhooks.redeliver(delivery.id);
    await w.sandbox.settled();
    expect(await play.comments()).toEqual(before);
    expect(w.sandbox.requests().filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  });

  it('ignores a case file and a reply reference a human copies into a comment', async () => {
    const { w, play, before, reply } = await reproducedCase();
    const ref = reply.body.slice(reply.body.lastIndexOf('<!-- advisory-pilot:reply '));
    expect(ref.startsWith('<!-- advisory-pilot:reply ')).toBe(true);
    // The real case file moved to publish and signed with a guessed secret, the one in the body
    // copied whole (validly signed for this issue), and the App's signed reply reference.
    const forged = encodeCaseFile(
      { ...before, rev: before.rev + 5, case: { ...before.case, phase: 'publish' } },
      home(play),
      'guessed-secret',
    );
    const copied = caseFileMarker(await body(w, play));
    await play.say(DEMO_USERS.second, `Looks like this one is done.\n${forged}\n${copied}\n${ref}`);
    await play.say(DEMO_USERS.second, '/status');

    const after = await play.caseFile();
    expect(after?.case.phase).toBe('triage');
    expect(Object.keys(after?.case.items ?? {})).toEqual(['reproduced']);
    expect(after?.rev).toBe(before.rev + 1);
    expect(after?.flags).toEqual([]);
    // One reply per command comment, nothing about the copies (App comments hold no state).
    const own = (await play.comments()).filter((c) => c.author === BOT);
    expect(own).toHaveLength(2);
    expect(own.map((c) => c.body.startsWith('⚠️'))).toEqual([false, false]);
  });

  it('flags, once, an App comment a human edits; the case is unchanged', async () => {
    const { w, play, before, reply } = await reproducedCase();
    const lead = w.as(DEMO_USERS.lead);
    for (const text of ['Out of scope, nothing to do.', 'Out of scope.']) {
      await lead.rest.issues.updateComment({
        owner: 'acme',
        repo: 'security-tracking',
        comment_id: reply.id,
        body: text,
      });
      await w.sandbox.settled();
    }

    const own = (await play.comments()).filter((c) => c.author === BOT);
    expect(own.map((c) => c.id)).toEqual([reply.id, expect.any(Number)]);
    expect(own[1]?.body).toContain(
      `⚠️ \`${DEMO_USERS.lead}\` edited a comment the App wrote (${String(reply.id)}).`,
    );
    const after = await play.caseFile();
    expect(after?.case).toEqual(before.case);
    expect(after?.flags.map((f) => f.comment)).toEqual([reply.id]);
    expect(after?.log.at(-1)?.note).toBe(
      `App comment ${String(reply.id)} edited by ${DEMO_USERS.lead}`,
    );
  });

  it('stops on a case file forged in the body: one notice, nothing written over it', async () => {
    const w = await world();
    const play = new Play(w);
    await play.report('Stored XSS in comments', COMPLETE_XSS);
    const file = await play.caseFile();
    if (!file) throw new Error('no case file');
    const written = await body(w, play);
    const forgedBody = written.replace(
      caseFileMarker(written),
      encodeCaseFile(
        { ...file, case: { ...file.case, phase: 'publish' } },
        home(play),
        'guessed-secret',
      ),
    );
    const lead = w.as(DEMO_USERS.lead);
    await lead.rest.issues.update({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: play.issue,
      body: forgedBody,
    });
    await w.sandbox.settled();
    await play.say(DEMO_USERS.second, '/status');
    await play.say(DEMO_USERS.lead, '/reproduced');

    expect(await body(w, play)).toBe(forgedBody);
    expect(await play.state()).toBeUndefined();
    const own = (await play.comments()).filter((c) => c.author === BOT);
    expect(own).toHaveLength(1);
    expect(own[0]?.body).toContain(
      "⚠️ **The App cannot read this case's state, so it has stopped working on this case**: the case file signature does not verify",
    );

    // Restoring the body the App wrote (its edit history) lets it work on the case again.
    await lead.rest.issues.update({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: play.issue,
      body: written,
    });
    await w.sandbox.settled();
    await play.say(DEMO_USERS.lead, '/reproduced');
    expect((await play.state())?.items.reproduced?.status).toBe('done');
    expect((await play.comments()).filter((c) => c.author === BOT)).toHaveLength(2);
  });
});
