import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario, TRACKING_REPO } from '../../src/demo/scenario.js';
import { DEMO_VECTOR, mergeCasePullRequest, mergeThroughAdvisory } from '../../src/demo/script.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { createOpenApiValidator, type ScenarioInput } from '../../src/sandbox/index.js';

const { lead, reporter } = DEMO_USERS;
const BOT = 'advisory-pilot[bot]';
const widget = { owner: 'acme', repo: 'widget' };
const PLUGIN = '@acme/plugin-catalog';

const json = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * A repository shaped like Backstage: packages under `packages/*` and `plugins/*`, each on its
 * own version, the repository tagged by release line (`v1.34.0`), changesets for the rest.
 */
function backstageScenario(): ScenarioInput {
  const scenario = demoScenario('changesets');
  const repo = scenario.repos?.[0];
  if (!repo) throw new Error('no product repository');
  repo.files = {
    'package.json': json({ name: 'root', private: true, workspaces: ['packages/*', 'plugins/*'] }),
    'packages/core/package.json': json({ name: '@acme/core', version: '1.2.0' }),
    'plugins/catalog/package.json': json({
      name: PLUGIN,
      version: '0.23.1',
      dependencies: { '@acme/core': '^1.2.0' },
    }),
    'plugins/catalog/src/entity-page.ts': 'export const render = (html: string) => html;\n',
    'plugins/catalog/CHANGELOG.md': `# ${PLUGIN}\n\n## 0.23.1\n\n- Faster entity pages.\n`,
    'plugins/search/package.json': json({ name: '@acme/plugin-search', version: '0.9.0' }),
    '.changeset/README.md': 'Changesets live here.\n',
    '.github/advisory-pilot.yml': `preset: changesets
tracking:
  repository: ${TRACKING_REPO}
  team: acme/security
release:
  tag: v{version}
`,
  };
  return scenario;
}

const validator = createOpenApiValidator();
const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

async function commit(w: World, files: Record<string, string | null>, message: string) {
  await w.admin('POST', 'git/commit', {
    repo: 'acme/widget',
    branch: 'main',
    files,
    message,
    by: lead,
  });
  await w.sandbox.settled();
}

async function lastReply(play: Play): Promise<string> {
  return (await play.comments()).filter((c) => c.author === BOT).at(-1)?.body ?? '';
}

describe('a Backstage-shaped monorepo quick-releases a plugin per case', () => {
  it('finds the plugin through the workspace globs, refuses while a workspace dependency has a pending changeset, then releases it alone and takes the release-line tag as production', async () => {
    const w = await startWorld({ scenario: backstageScenario(), validator });
    worlds.push(w);
    const client = w.as(lead);
    const { data: main } = await client.rest.git.getRef({ ...widget, ref: 'heads/main' });
    await client.rest.git.createRef({ ...widget, ref: 'refs/tags/v1.34.0', sha: main.object.sha });
    // After the release line: a change of another plugin, with its changeset.
    await commit(
      w,
      {
        'plugins/search/src/index.ts': 'export const rank = 2;\n',
        '.changeset/brave-owls-rank.md':
          '---\n"@acme/plugin-search": minor\n---\n\nBetter ranking.\n',
      },
      'feat(search): better ranking',
    );

    const { data: report } = await w
      .as(reporter)
      .request('POST /repos/{owner}/{repo}/security-advisories/reports', {
        ...widget,
        summary: 'Stored XSS on catalog entity pages',
        description: 'An entity description with a script tag runs in the viewer’s browser.',
        vulnerabilities: [
          { package: { ecosystem: 'npm', name: PLUGIN }, vulnerable_version_range: '< 0.23.2' },
        ],
      });
    await w.sandbox.settled();
    const play = new Play(w);
    const { data: issues } = await client.rest.issues.listForRepo({
      owner: 'acme',
      repo: 'security-tracking',
      labels: 'security-advisory',
    });
    play.issue = issues.find((i) => i.body?.includes(report.ghsa_id))?.number ?? 0;
    expect(play.issue).toBeGreaterThan(0);

    await play.say(lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack\n/fork`);
    const fork = (await play.state())?.fork?.name ?? '';
    const pushed = (await w.admin('POST', 'git/commit', {
      repo: fork,
      branch: `security/${report.ghsa_id.toLowerCase()}`,
      from: 'v1.34.0',
      files: {
        'plugins/catalog/src/entity-page.ts':
          'export const render = (html: string) => escape(html);\n',
      },
      message: 'Escape entity descriptions',
      by: lead,
    })) as { sha: string };
    const [owner = '', repo = ''] = fork.split('/');
    const { data: pr } = await client.rest.pulls.create({
      owner,
      repo,
      head: `security/${report.ghsa_id.toLowerCase()}`,
      base: 'main',
      title: 'Escape entity descriptions',
    });
    await play.say(
      lead,
      `/fixed ${pushed.sha.slice(0, 10)} --pr ${String(pr.number)} --test plugins/catalog/src/entity-page.test.ts\n/validated`,
    );
    await play.say(
      lead,
      '/cve waive the project does not request CVEs for plugins\n/advisory range "< 0.23.2" patched 0.23.2',
    );
    await client.request('PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
      ...widget,
      ghsa_id: report.ghsa_id,
      description:
        '## Summary\nS\n## Impact\nI\n## Patches\n0.23.2\n## Workarounds\nNone\n## References\nR',
    });
    await play.say(lead, '/draft\n/embargo');
    expect((await play.state())?.phase).toBe('release');
    await mergeThroughAdvisory(play);

    // A pending change of a workspace dependency would ship half-done with the plugin.
    await commit(
      w,
      { '.changeset/calm-bees-sing.md': '---\n"@acme/core": minor\n---\n\nNew core API.\n' },
      'chore: core changeset',
    );
    await play.say(lead, '/release --strategy quick');
    const refused = await lastReply(play);
    expect(refused).toContain('❌ The quick release was not started');
    expect(refused).toContain(
      'the pending changeset `.changeset/calm-bees-sing.md` releases @acme/core',
    );
    expect(refused).toContain('`/release --strategy changesets`');
    const { data: openPulls } = await client.rest.pulls.list(widget);
    expect(openPulls).toEqual([]);

    await commit(
      w,
      { '.changeset/calm-bees-sing.md': null },
      'chore: core change moves to the next release',
    );
    await play.say(lead, '/release --strategy quick');
    const state = await play.state();
    expect(state?.release).toMatchObject({ strategy: 'quick', packagePath: 'plugins/catalog/' });
    const number = state?.pullRequests['quick-release'] ?? 0;
    const { data: opened } = await client.rest.pulls.get({ ...widget, pull_number: number });
    const { data: diff } = await client.rest.repos.compareCommitsWithBasehead({
      ...widget,
      basehead: `${opened.base.ref}...${opened.head.ref}`,
    });
    const files = diff.files ?? [];
    expect(files.map((f) => f.filename).sort()).toEqual([
      'plugins/catalog/CHANGELOG.md',
      'plugins/catalog/package.json',
    ]);

    await mergeCasePullRequest(play, 'quick-release');
    await client.rest.repos.createRelease({
      ...widget,
      tag_name: 'v1.34.1',
      name: 'v1.34.1',
      target_commitish: 'main',
    });
    await w.sandbox.settled();
    const released = await play.state();
    expect(released?.items.production?.evidence).toBe('release v1.34.1 published');
    expect(released?.release.productionEvidence).toBe('release');
    expect(w.sandbox.violations(), JSON.stringify(w.sandbox.violations())).toEqual([]);
  });
});
