import { afterAll, describe, expect, it } from 'vitest';
import { BOT_LOGIN, Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';

const validator = createOpenApiValidator();
/** A report with what triage needs. */
const REPORT =
  'In 0.71.0 a file named ../../x is written outside the upload directory: an attacker can overwrite server files. Steps to reproduce: curl -F "file=@x;filename=../../x" …';
const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

async function world(preset: 'default' | 'changesets' = 'default'): Promise<World> {
  const w = await startWorld({ scenario: demoScenario(preset), validator });
  worlds.push(w);
  return w;
}

describe('intake on the sandbox', () => {
  it('a report without its affected version, steps or impact gets the list in its first comment', async () => {
    const w = await world();
    const play = new Play(w);
    await play.report(
      'Stored XSS in comments',
      'A comment with an SVG runs script in other browsers.',
      { range: null },
    );
    const [first, ...rest] = (await play.comments()).filter((c) => c.author === BOT_LOGIN);
    expect(rest).toEqual([]);
    expect(first?.body).toContain(
      '📋 The report does not give what triage needs: the affected version; a proof of concept or steps to reproduce; the impact.',
    );
    expect(first?.body).toContain(
      '```\n/not-reproducible Which version (or commit) did you test? Could you send the steps to reproduce it, or a proof of concept? What can an attacker achieve with it?\n```',
    );
    expect(w.sandbox.violations()).toEqual([]);
  });

  it('/advisory create next to a similar draft offers adoption and creates no second draft; the tick then opens no case for it', async () => {
    const w = await world();
    const lead = w.as(DEMO_USERS.lead);
    // The lead already made a draft for the same e-mail report (creating one needs admin rights).
    const { data: draft } = await lead.request('POST /repos/{owner}/{repo}/security-advisories', {
      owner: 'acme',
      repo: 'widget',
      summary: 'SSRF in the webhook tester',
      description: 'From the e-mail of 19 November.',
      vulnerabilities: [{ package: { ecosystem: 'npm', name: '@acme/widget' } }],
    });
    const { data: issue } = await lead.rest.issues.create({
      owner: 'acme',
      repo: 'security-tracking',
      title: 'SSRF in the webhook tester (e-mail)',
      body: 'Report forwarded by e-mail.',
      labels: ['security-report'],
    });
    await w.sandbox.settled();
    const play = new Play(w);
    play.issue = issue.number;
    await play.say(DEMO_USERS.lead, '/advisory create acme/widget --package @acme/widget');
    const offered = await lastReply(play);
    expect(offered).toContain('already has a draft that looks like this report');
    expect(offered).toContain(`/advisory adopt ${draft.ghsa_id}`);
    await play.say(DEMO_USERS.lead, `/advisory adopt ${draft.ghsa_id}`);
    expect((await play.state())?.ghsaId).toBe(draft.ghsa_id);
    const { data: advisories } = await lead.request(
      'GET /repos/{owner}/{repo}/security-advisories',
      {
        owner: 'acme',
        repo: 'widget',
      },
    );
    expect(advisories).toHaveLength(1);
    await play.wait('10m', 'past the grace period');
    await play.tick('the draft is tracked');
    const { data: cases } = await lead.rest.issues.listForRepo({
      owner: 'acme',
      repo: 'security-tracking',
      labels: 'security-advisory',
      state: 'all',
    });
    expect(cases.filter((i) => i.body?.includes(`acme/widget ${draft.ghsa_id} -->`))).toHaveLength(
      1,
    );
    expect(w.sandbox.violations()).toEqual([]);
  });
});

describe('a near-duplicate private report', () => {
  it('is linked in both tracking issues, the newer one offered /duplicate-of, which closes it and its advisory', async () => {
    const w = await world();
    const first = new Play(w);
    await first.report('Path traversal in the file upload endpoint', REPORT);
    const second = new Play(w);
    await second.report('Path traversal in file uploads lets users write anywhere', REPORT);
    const notice = async (play: Play) =>
      (await play.comments()).filter((c) => c.author === BOT_LOGIN && c.body.startsWith('🔁'));
    const newer = await notice(second);
    expect(newer).toHaveLength(1);
    expect(newer[0]?.body).toContain(`This report looks like #${String(first.issue)}`);
    expect(newer[0]?.body).toContain('same package `@acme/widget`, same affected range `< 0.71.1`');
    expect(newer[0]?.body).toContain(`type \`/duplicate-of #${String(first.issue)}\` here`);
    const earlier = await notice(first);
    expect(earlier).toHaveLength(1);
    expect(earlier[0]?.body).toContain(`A newer report, #${String(second.issue)}`);

    await second.say(DEMO_USERS.lead, `/duplicate-of #${String(first.issue)}`);
    await second.say(DEMO_USERS.lead, '/confirm');
    const closed = await second.state();
    expect(closed?.phase).toBe('rejected');
    expect(closed?.advisory.state).toBe('closed');
    const { data: advisory } = await w
      .as(DEMO_USERS.lead)
      .request('GET /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
        owner: 'acme',
        repo: 'widget',
        ghsa_id: closed?.ghsaId ?? '',
      });
    expect(advisory.state).toBe('closed');
    expect((await first.state())?.phase).toBe('triage');
    expect(w.sandbox.violations()).toEqual([]);
  });
});

describe('a configuration change', () => {
  it('applies to the next event, not a minute later', async () => {
    const w = await world();
    const first = new Play(w);
    await first.report('Open redirect after login', REPORT);
    // The configuration was just read (and remembered); a maintainer changes it.
    const { data: current } = await w.as(DEMO_USERS.lead).rest.repos.getContent({
      owner: 'acme',
      repo: 'widget',
      path: '.github/advisory-pilot.yml',
    });
    const text = Buffer.from((current as { content: string }).content, 'base64').toString('utf8');
    await w.as(DEMO_USERS.lead).rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'widget',
      path: '.github/advisory-pilot.yml',
      message: 'Support only 1.x',
      content: Buffer.from(`${text}supportedVersions: ">=1.0.0"\n`).toString('base64'),
      sha: (current as { sha: string }).sha,
    });
    await w.sandbox.settled();
    const second = new Play(w);
    await second.report('Stored XSS in comments', REPORT);
    const [notice] = (await second.comments()).filter((c) => c.author === BOT_LOGIN);
    expect(notice?.body).toContain('outside the supported versions (`>=1.0.0`');
    expect(w.sandbox.violations()).toEqual([]);
  });
});

async function lastReply(play: Play): Promise<string> {
  return (await play.comments()).filter((c) => c.author === BOT_LOGIN).at(-1)?.body ?? '';
}
