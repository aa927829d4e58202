import { afterAll, describe, expect, it } from 'vitest';
import { BOT_LOGIN, Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { createOpenApiValidator, type PublicWrite } from '../../src/sandbox/index.js';

const validator = createOpenApiValidator();
const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

const widget = { owner: 'acme', repo: 'widget' };
const SUMMARY = 'Stored XSS in comments';

/** A maintainer pushes a branch with one commit to the public product repository. */
async function pushBranch(w: World, branch: string): Promise<void> {
  const lead = w.as(DEMO_USERS.lead);
  const main = await lead.rest.git.getRef({ ...widget, ref: 'heads/main' });
  await lead.rest.git.createRef({
    ...widget,
    ref: `refs/heads/${branch}`,
    sha: main.data.object.sha,
  });
  await lead.rest.repos.createOrUpdateFileContents({
    ...widget,
    path: 'src/sanitize.ts',
    message: 'Sanitize rendered markup',
    content: Buffer.from('export const sanitize = (s: string) => s;\n').toString('base64'),
    branch,
  });
}

/** What the App changed on GitHub so far (its requests other than reads). */
function appWrites(w: World): string[] {
  return w.sandbox
    .requests()
    .filter((r) => r.actor.startsWith('installation:') && r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
}

async function appComments(play: Play): Promise<string[]> {
  return (await play.comments()).filter((c) => c.author === BOT_LOGIN).map((c) => c.body);
}

describe('end to end: the leak watch during the embargo', () => {
  it('a public PR naming the GHSA ID: exactly one App comment (the alert), no App write in public, an edit without a new match adds nothing', async () => {
    const w = await startWorld({ scenario: demoScenario(), validator });
    worlds.push(w);
    const play = new Play(w);
    await play.report(SUMMARY, 'A comment with an SVG runs script.');
    const ghsa = (await play.state())?.ghsaId ?? '';
    expect(ghsa).toMatch(/^GHSA-/);
    const before = await appComments(play);

    await pushBranch(w, 'sanitize-markup');
    const lead = w.as(DEMO_USERS.lead);
    const { data: pr } = await lead.rest.pulls.create({
      ...widget,
      title: `Fix ${ghsa}: sanitize markup`,
      head: 'sanitize-markup',
      base: 'main',
      body: 'Escapes SVG in comments.',
    });
    await w.sandbox.settled();

    const after = await appComments(play);
    expect(after).toHaveLength(before.length + 1);
    const alert = after.at(-1) ?? '';
    expect(alert).toContain(
      `🚨 **Possible embargo leak**: a public pull request ${String(pr.number)} in \`acme/widget\` names this case while the advisory is under embargo.`,
    );
    expect(alert).toContain(`(opened by \`${DEMO_USERS.lead}\`)`);
    expect(alert).toContain(
      `- the GHSA ID in the pull request title: \`Fix ${ghsa}: sanitize markup\``,
    );
    expect(alert).toContain('The App wrote nothing public.');
    const state = await play.state();
    expect(state?.leakAlerts?.[`pull-request:${String(pr.number)}`]?.matches).toContain(
      'title:ghsa-id',
    );
    expect((await play.caseFile())?.log.at(-1)?.note).toBe(
      `Leak watch: public pull request ${String(pr.number)} names the GHSA ID; alert posted`,
    );

    // Editing the body without a new match is silent: no comment, no write at all.
    const written = appWrites(w);
    expect(written.filter((r) => r.includes('/repos/acme/widget/'))).toEqual([]);
    await lead.rest.pulls.update({
      ...widget,
      pull_number: pr.number,
      body: 'Escapes SVG and MathML.',
    });
    await w.sandbox.settled();
    expect(await appComments(play)).toEqual(after);
    expect(appWrites(w)).toEqual(written);

    // The App wrote nothing to the public repository; only the maintainer did.
    const writes = (await w.admin('GET', 'public-writes')) as PublicWrite[];
    expect(writes.filter((p) => p.actor.startsWith('installation:'))).toEqual([]);
    expect(writes.filter((p) => p.text.includes(ghsa)).map((p) => p.actor)).toEqual([
      `user:${DEMO_USERS.lead}`,
    ]);
    expect(w.sandbox.violations()).toEqual([]);

    // An edit that adds the summary is a new match: one more alert.
    await lead.rest.pulls.update({
      ...widget,
      pull_number: pr.number,
      body: `Fixes the ${SUMMARY.toLowerCase()}.`,
    });
    await w.sandbox.settled();
    const last = await appComments(play);
    expect(last).toHaveLength(after.length + 1);
    expect(last.at(-1)).toContain(`- the advisory summary in the pull request body:`);
  });
});
