import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import {
  DEMO_VECTOR,
  fixInFork,
  lastReleaseTag,
  mergeThroughAdvisory,
  playChangesetsPreset,
  playDefaultProfile,
  releaseAndNotify,
  releasedThenFeature,
} from '../../src/demo/script.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { createOpenApiValidator, type ScenarioInput } from '../../src/sandbox/index.js';

const { lead } = DEMO_USERS;
const BOT = 'advisory-pilot[bot]';
const widget = { owner: 'acme', repo: 'widget' };

const validator = createOpenApiValidator();
const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

async function world(scenario: ScenarioInput): Promise<World> {
  const w = await startWorld({ scenario, validator });
  worlds.push(w);
  return w;
}

/** Whether `ref` contains the commit `sha` (the compare API: base is an ancestor of head). */
async function contains(w: World, ref: string, sha: string): Promise<boolean> {
  const { data } = await w
    .as(lead)
    .rest.repos.compareCommitsWithBasehead({ ...widget, basehead: `${sha}...${ref}` });
  return data.status === 'ahead' || data.status === 'identical';
}

async function featureSha(w: World, tag = 'v0.71.0'): Promise<string> {
  const { data } = await w
    .as(lead)
    .rest.repos.compareCommitsWithBasehead({ ...widget, basehead: `${tag}...main` });
  const feature = data.commits.find((c) => c.commit.message === 'feat: faster flow editor');
  if (!feature) throw new Error('no feature commit');
  return feature.sha;
}

async function lastReply(play: Play): Promise<string> {
  return (await play.comments()).filter((c) => c.author === BOT).at(-1)?.body ?? '';
}

/** A case of the default profile up to the release phase, its fix still in the fork. */
async function upToRelease(w: World, options: { fixFrom?: string } = {}): Promise<Play> {
  const play = new Play(w);
  const tag = lastReleaseTag('default');
  await releasedThenFeature(play, tag);
  await play.report(
    'Path traversal in the file upload endpoint',
    'Uploading ../../x writes outside.',
  );
  await play.say(lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack\n/fork`);
  await fixInFork(play, options.fixFrom ?? tag);
  await play.say(lead, '/advisory range "< 0.71.1" patched 0.71.1');
  const ghsa = (await play.state())?.ghsaId ?? '';
  await w.as(lead).request('PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
    ...widget,
    ghsa_id: ghsa,
    description:
      '## Summary\nS\n## Impact\nI\n## Patches\n0.71.1\n## Workarounds\nNone\n## References\nR',
  });
  await play.say(lead, '/cve\n/draft\n/embargo');
  return play;
}

describe('the fix really ships (sandbox, over HTTP)', () => {
  it('default profile: the hotfix from v0.71.0 holds every fix commit, not the unreleased feature; canary and production from deployments', async () => {
    const w = await world(demoScenario('default'));
    const play = await playDefaultProfile(w);
    const state = await play.state();
    expect(state?.phase).toBe('closed');
    expect(w.sandbox.violations()).toEqual([]);
    const fixCommits = state?.fixes.flatMap((f) => f.merged?.commits ?? []) ?? [];
    expect(fixCommits.length).toBeGreaterThan(0);
    for (const sha of fixCommits) expect(await contains(w, 'v0.71.1', sha)).toBe(true);
    expect(await contains(w, 'v0.71.1', await featureSha(w))).toBe(false);
    expect(await contains(w, 'v0.71.1', 'v0.71.0')).toBe(true);
    // The playbook's repository shape: packages/shared on its own line, bumped because the fix touched it.
    expect(state?.release).toMatchObject({
      from: 'v0.71.0',
      bumped: ['package.json@0.71.1', 'packages/shared/package.json@0.10.73'],
      canaryEvidence: 'deployment',
      productionEvidence: 'deployment',
    });
    expect(state?.fixes[0]?.merged?.via).toBe('push');
    const { data: shared } = await w.as(lead).rest.repos.getContent({
      ...widget,
      path: 'packages/shared/package.json',
      ref: 'v0.71.1',
    });
    expect(Buffer.from((shared as { content: string }).content, 'base64').toString()).toContain(
      '"version": "0.10.73"',
    );
  });

  it('changesets preset: the changeset PR targets release/0.71.x cut from the last release tag; the released tag has the fix and not the feature', async () => {
    const w = await world(demoScenario('changesets'));
    const play = await playChangesetsPreset(w);
    const state = await play.state();
    expect(state?.phase).toBe('closed');
    expect(w.sandbox.violations()).toEqual([]);
    const number = state?.pullRequests.changeset ?? 0;
    const { data: pr } = await w.as(lead).rest.pulls.get({ ...widget, pull_number: number });
    expect(pr.base.ref).toBe('release/0.71.x');
    const tag = '@acme/widget@0.71.1';
    for (const sha of state?.fixes.flatMap((f) => f.merged?.commits ?? []) ?? [])
      expect(await contains(w, tag, sha)).toBe(true);
    expect(await contains(w, tag, await featureSha(w, '@acme/widget@0.71.0'))).toBe(false);
  });

  it('refuses /release while the fix is in the fork, and a hotfix that would bundle the feature, listing it; the cherry-picked branch then releases', async () => {
    const w = await world(demoScenario('default'));
    // The fix branch starts at main, which carries the unreleased feature.
    const play = await upToRelease(w, { fixFrom: 'main' });
    expect((await play.state())?.phase).toBe('release');
    await play.say(lead, '/release');
    expect(await lastReply(play)).toContain('has not reached the default branch');
    expect(await lastReply(play)).toContain(
      'GitHub refuses to publish an advisory while a pull request',
    );

    await mergeThroughAdvisory(play);
    expect((await play.state())?.items['fix-landed']).toBeDefined();
    await play.say(lead, '/release');
    const refused = await lastReply(play);
    expect(refused).toContain('❌ The release was not started');
    expect(refused).toContain('would bundle them');
    expect(refused).toContain('feat: faster flow editor');
    expect(refused).toContain('git cherry-pick -x');
    const branch = (await play.state())?.release.branch ?? '';
    const { data: refs } = await w
      .as(lead)
      .rest.git.listMatchingRefs({ ...widget, ref: 'heads/deploy/' });
    expect(refs).toEqual([]);
    const runs = await w.as(lead).rest.actions.listWorkflowRunsForRepo(widget);
    expect(runs.data.total_count).toBe(0);

    // The maintainer follows the reply: the fix commit cherry-picked onto a branch from v0.71.0.
    const fix = (await play.state())?.fixes[0]?.merged?.commits.at(-1) ?? '';
    const { data: picked } = await w.as(lead).rest.repos.getCommit({ ...widget, ref: fix });
    const files: Record<string, string> = {};
    for (const file of picked.files ?? []) {
      const { data } = await w
        .as(lead)
        .rest.repos.getContent({ ...widget, path: file.filename, ref: fix });
      files[file.filename] = Buffer.from(
        (data as { content: string }).content,
        'base64',
      ).toString();
    }
    await w.admin('POST', 'git/commit', {
      repo: 'acme/widget',
      branch,
      from: 'v0.71.0',
      files,
      message: `Reject path segments in upload names\n\n(cherry picked from commit ${fix})`,
      by: lead,
    });
    await w.sandbox.settled();
    await play.say(lead, '/release');
    expect((await play.state())?.items['release-opened']).toBeDefined();
    expect(await contains(w, branch, await featureSha(w))).toBe(false);
  });

  it('a tag that does not exist and a version file that is not JSON dispatch nothing; after the fix of the configuration /release runs again', async () => {
    const scenario = demoScenario('default');
    const repo = scenario.repos?.[0];
    if (!repo?.files) throw new Error('no product repository');
    repo.files['packages/shared/package.json'] = '{ "name": "@acme/shared", "version": 0.10.72 ';
    const w = await world(scenario);
    const play = await upToRelease(w);
    await mergeThroughAdvisory(play);
    await play.say(lead, '/release --from v0.70.9');
    expect(await lastReply(play)).toContain(
      '`v0.70.9` is not a tag, branch or commit of acme/widget',
    );
    await play.say(lead, '/release');
    const refused = await lastReply(play);
    expect(refused).toContain('packages/shared/package.json is not valid JSON');
    expect(refused).toContain('No release branch of this attempt is left in the repository');
    const runs = await w.as(lead).rest.actions.listWorkflowRunsForRepo(widget);
    expect(runs.data.total_count).toBe(0);
    const { data: refs } = await w
      .as(lead)
      .rest.git.listMatchingRefs({ ...widget, ref: 'heads/deploy/' });
    expect(refs).toEqual([]);

    const config = repo.files['.github/advisory-pilot.yml'] ?? '';
    await w.admin('POST', 'git/commit', {
      repo: 'acme/widget',
      branch: 'main',
      files: {
        '.github/advisory-pilot.yml': `${config}release:\n  versionFiles: [package.json]\n`,
      },
      message: 'chore: version files',
      by: lead,
    });
    await w.sandbox.advance('2m');
    await play.say(lead, '/release');
    const state = await play.state();
    expect(state?.items['release-opened'], await lastReply(play)).toBeDefined();
    expect(state?.release.bumped).toEqual(['package.json@0.71.1']);
  });

  it('a fix recorded after the release sends the case back to release, and /publish is refused', async () => {
    const w = await world(demoScenario('default'));
    const play = await upToRelease(w);
    await releaseAndNotify(play);
    expect((await play.state())?.phase).toBe('publish');
    await play.say(lead, '/fixed 1234abcd99 --pr 2 --test packages/server/test/more.test.ts');
    // The release already out does not ship the new fix: the case goes back to release.
    expect(await lastReply(play)).toContain(
      'The release **0.71.1** was cut without this fix, so it does not ship it',
    );
    expect((await play.state())?.phase).toBe('release');
    await play.say(lead, '/publish');
    const reply = await lastReply(play);
    expect(reply).toContain('`/publish` needs the **release** phase to be complete first');
    expect(reply).toContain('Fix merged into the default branch');
    expect((await play.state())?.advisory.state).not.toBe('published');
  });
});
