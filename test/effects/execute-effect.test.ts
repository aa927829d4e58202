import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Effect } from '../../src/domain/effects.js';
import { fold } from '../../src/domain/fold.js';
import { executeEffect, type EffectEnv } from '../../src/effects/execute-effect.js';
import { replaceVersion } from '../../src/effects/bump-versions.js';
import { prependEntry } from '../../src/effects/pull-requests.js';
import { openedRecord } from '../domain/fixtures.js';
import { reportedAdvisory } from '../domain/driver.js';
import { FakeGitHub } from '../helpers/fake-github.js';

const PKG = (version: string, name = '@acme/widget') =>
  `{\n  "name": "${name}",\n  "version": "${version}"\n}\n`;

function setup(
  files: Record<string, string> = {
    'package.json': PKG('0.71.0'),
    'packages/shared/package.json': PKG('0.71.0', '@acme/shared'),
  },
) {
  const github = new FakeGitHub()
    .addRepo('acme/widget', { private: false, files })
    .addRepo('acme/security-tracking', { private: true });
  github.advisories.set('GHSA-2c5f-hj7m-pq9r', {
    ...reportedAdvisory({ state: 'draft' }),
    credits: [],
    users: [],
    teams: [],
  });
  const config = parseConfig({});
  if (!config.ok) throw new Error('config');
  const env: EffectEnv = {
    github,
    state: fold([openedRecord()]).case!,
    config: config.config,
    tracking: { repo: 'acme/security-tracking', issue: 7 },
    fetchText: () => Promise.resolve('… GHSA-2c5f-hj7m-pq9r …'),
  };
  return { github, env };
}

const branch: Effect = {
  kind: 'create-branch',
  key: 'b',
  repo: 'acme/widget',
  branch: 'deploy/cloud/2026-11-23',
};
const bump: Effect = {
  kind: 'bump-versions',
  key: 'v',
  repo: 'acme/widget',
  branch: 'deploy/cloud/2026-11-23',
  paths: ['package.json', 'packages/shared/package.json'],
  version: '0.71.1',
  message: 'chore: release 0.71.1',
};

describe('executeEffect', () => {
  it('cuts the branch, and a rerun continues with the existing branch', async () => {
    const { github, env } = setup();
    expect(await executeEffect(branch, env)).toEqual({ ok: true });
    expect(await executeEffect(branch, env)).toEqual({ ok: true });
    expect(github.calls.filter((c) => c.method === 'createBranch')).toHaveLength(1);
  });

  it('bumps every version file in one neutral commit, and a rerun commits nothing', async () => {
    const { github, env } = setup();
    await executeEffect(branch, env);
    expect(await executeEffect(bump, env)).toEqual({ ok: true });
    const commits = github.calls.filter((c) => c.method === 'commitFiles');
    expect(commits).toHaveLength(1);
    expect(commits[0]!.args.slice(2)).toEqual([
      'chore: release 0.71.1',
      [
        { path: 'package.json', content: PKG('0.71.1') },
        { path: 'packages/shared/package.json', content: PKG('0.71.1', '@acme/shared') },
      ],
    ]);
    await executeEffect(bump, env);
    expect(github.calls.filter((c) => c.method === 'commitFiles')).toHaveLength(1);
  });

  it.each([
    [
      'a missing root version file',
      { 'README.md': 'x' },
      /version file package.json does not exist/,
    ],
    [
      'a version file that is not JSON',
      { 'package.json': '{ version: 1' },
      /package.json is not valid JSON/,
    ],
    [
      'a version file without a version',
      { 'package.json': '{"name":"x"}' },
      /has no "version" string/,
    ],
    [
      'a bump that is not a patch bump',
      { 'package.json': PKG('0.70.4') },
      /0.71.1 is not a patch bump of it/,
    ],
  ])('refuses %s, writing nothing', async (_name, files, message) => {
    const { github, env } = setup(files);
    await executeEffect(branch, env);
    const outcome = await executeEffect(bump, env);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatch(message);
    expect(github.calls.filter((c) => c.method === 'commitFiles')).toEqual([]);
  });

  it('refuses a branch from a ref that does not exist', async () => {
    const { env } = setup();
    const outcome = await executeEffect({ ...branch, from: 'v9.9.9' }, env);
    expect(!outcome.ok && outcome.error).toMatch(
      /"v9.9.9" to cut deploy\/cloud\/2026-11-23 from does not exist/,
    );
  });

  it('reports a workflow that cannot be dispatched as a refusal, not a crash', async () => {
    const { github, env } = setup();
    github.failNext.set(
      'dispatchWorkflow',
      Object.assign(new Error('Workflow does not have workflow_dispatch trigger'), { status: 422 }),
    );
    const outcome = await executeEffect(
      {
        kind: 'dispatch-workflow',
        key: 'd',
        repo: 'acme/widget',
        workflow: 'release.yml',
        ref: 'main',
        inputs: {},
      },
      env,
    );
    expect(outcome).toEqual({
      ok: false,
      error: 'GitHub answered 422: Workflow does not have workflow_dispatch trigger',
      status: 422,
    });
  });

  it('reports a publication GitHub refuses (422) and rethrows a server error for retry', async () => {
    const { github, env } = setup();
    const publish: Effect = {
      kind: 'publish-advisory',
      key: 'p',
      repo: 'acme/widget',
      ghsaId: 'GHSA-2c5f-hj7m-pq9r',
    };
    github.failNext.set(
      'updateAdvisory',
      Object.assign(new Error('Validation Failed'), { status: 422 }),
    );
    expect((await executeEffect(publish, env)).ok).toBe(false);
    github.failNext.set(
      'updateAdvisory',
      Object.assign(new Error('Server Error'), { status: 502 }),
    );
    await expect(executeEffect(publish, env)).rejects.toThrow('Server Error');
    expect(await executeEffect(publish, env)).toEqual({ ok: true });
    expect(await executeEffect(publish, env)).toEqual({ ok: true });
    expect(github.calls.filter((c) => c.method === 'updateAdvisory')).toHaveLength(3);
  });

  it('opens a PR once and prepends the changelog entry after the front matter', async () => {
    const { github, env } = setup({
      'docs/about/changelog.mdx':
        '---\ntitle: Changelog\n---\n\n<Update label="October 2026">old</Update>\n',
    });
    const pr: Effect = {
      kind: 'open-pull-request',
      key: 'c',
      repo: 'acme/widget',
      purpose: 'changelog',
      branch: 'docs/changelog',
      title: 'docs: changelog',
      body: 'b',
      files: [
        {
          path: 'docs/about/changelog.mdx',
          content: '<Update label="November 2026">new</Update>\n',
        },
      ],
      prepend: true,
    };
    const published = {
      ...env,
      state: { ...env.state, advisory: { ...env.state.advisory, state: 'published' as const } },
    };
    // The case learnt of the publication from an event: GitHub confirms it before a public write.
    github.advisories.set('GHSA-2c5f-hj7m-pq9r', {
      ...github.advisories.get('GHSA-2c5f-hj7m-pq9r')!,
      state: 'published',
    });
    expect(await executeEffect(pr, published)).toEqual({
      ok: true,
      data: { number: 100, url: 'https://github.com/acme/widget/pull/100' },
    });
    expect(await executeEffect(pr, published)).toEqual({
      ok: true,
      data: { number: 100, url: 'https://github.com/acme/widget/pull/100' },
    });
    const commit = github.calls.find((c) => c.method === 'commitToNewBranch');
    expect((commit!.args[4] as { content: string }[])[0]!.content).toBe(
      '---\ntitle: Changelog\n---\n\n<Update label="November 2026">new</Update>\n\n<Update label="October 2026">old</Update>\n',
    );
    expect(prependEntry('', 'x\n')).toBe('x\n\n');
    expect(replaceVersion('{"version": "1.0.0"}', '1.0.1')).toBe('{"version": "1.0.1"}');
  });

  it('makes a PR branch with its commit in one go, and a rerun after a failed PR builds on the branch it left', async () => {
    const { github, env } = setup({ 'docs/postmortem.md': 'x\n' });
    const pr: Effect = {
      kind: 'open-pull-request',
      key: 'p',
      repo: 'acme/widget',
      purpose: 'postmortem',
      branch: 'docs/postmortem',
      title: 'docs: postmortem',
      body: 'b',
      files: [{ path: 'docs/postmortem/ghsa.md', content: '# Postmortem\n' }],
    };
    const published = {
      ...env,
      state: { ...env.state, advisory: { ...env.state.advisory, state: 'published' as const } },
    };
    // The case learnt of the publication from an event: GitHub confirms it before a public write.
    github.advisories.set('GHSA-2c5f-hj7m-pq9r', {
      ...github.advisories.get('GHSA-2c5f-hj7m-pq9r')!,
      state: 'published',
    });
    github.failNext.set(
      'createPullRequest',
      Object.assign(new Error('Server Error'), { status: 502 }),
    );
    await expect(executeEffect(pr, published)).rejects.toThrow('Server Error');
    expect(github.calls.map((c) => c.method)).toContain('commitToNewBranch');
    expect(github.calls.map((c) => c.method)).not.toContain('commitFiles');
    expect(github.calls.filter((c) => c.method === 'getBranchSha').map((c) => c.args[1])).toEqual([
      'main',
    ]);
    github.calls.length = 0;
    expect(await executeEffect(pr, published)).toMatchObject({ ok: true });
    expect(github.calls[0]?.method).toBe('getAdvisory');
    expect(github.calls.filter((c) => c.method === 'getBranchSha').map((c) => c.args[1])).toEqual([
      'main',
      'docs/postmortem',
    ]);
    expect(github.calls.find((c) => c.method === 'commitFiles')?.args[4]).toBe(
      'sha-docs/postmortem',
    );
  });

  it('refuses a quick release while a changeset for the package is pending, and suggests changesets', async () => {
    const { env } = setup({
      'package.json': PKG('0.71.0'),
      '.changeset/brave-owls-sing.md': '---\n"@acme/widget": minor\n---\n\nNew feature.\n',
    });
    const outcome = await executeEffect(
      {
        kind: 'quick-release',
        key: 'q',
        repo: 'acme/widget',
        packageName: '@acme/widget',
        version: '0.71.1',
        branch: 'release/patch',
        title: 'chore: release 0.71.1',
        changelogEntry: '## 0.71.1\n',
        changesetDirectory: '.changeset',
      },
      env,
    );
    expect(!outcome.ok && outcome.error).toMatch(
      /the pending changeset `.changeset\/brave-owls-sing.md` releases @acme\/widget.*`\/release --strategy changesets`/,
    );
  });

  it('runs a quick release: package bump and CHANGELOG.md entry in one PR', async () => {
    const { github, env } = setup({
      'package.json': '{ "name": "acme", "private": true, "workspaces": ["packages/*"] }\n',
      'packages/widget/package.json': PKG('0.71.0'),
      'packages/widget/CHANGELOG.md': '# @acme/widget\n\n## 0.71.0\n',
    });
    github.history.tags.push({ name: '@acme/widget@0.71.0', sha: 'a'.repeat(40) });
    github.history.comparisons.set(`${'a'.repeat(40)}...main`, {
      status: 'ahead',
      aheadBy: 0,
      behindBy: 0,
      commits: [],
      files: [],
    });
    const outcome = await executeEffect(
      {
        kind: 'quick-release',
        key: 'q',
        repo: 'acme/widget',
        packageName: '@acme/widget',
        version: '0.71.1',
        branch: 'release/patch',
        title: 'chore: release 0.71.1',
        changelogEntry: '## 0.71.1\n\n- Fixed an issue in @acme/widget.\n',
        changesetDirectory: '.changeset',
      },
      env,
    );
    expect(outcome.ok).toBe(true);
    const files = github.calls.find((c) => c.method === 'commitFiles')!.args[3] as {
      path: string;
      content: string;
    }[];
    expect(files.map((f) => f.path)).toEqual([
      'packages/widget/package.json',
      'packages/widget/CHANGELOG.md',
    ]);
    expect(files[1]!.content).toBe(
      '## 0.71.1\n\n- Fixed an issue in @acme/widget.\n\n# @acme/widget\n\n## 0.71.0\n',
    );
  });

  it('refuses a public write the leak guard flags before any GitHub call', async () => {
    const { github, env } = setup();
    const outcome = await executeEffect({ ...branch, branch: 'fix/GHSA-2c5f-hj7m-pq9r' }, env);
    expect(!outcome.ok && outcome.error).toContain('Refused by the leak guard');
    expect(github.calls).toEqual([]);
  });

  it('finds the advisory on the reach-check URL', async () => {
    const { env } = setup();
    expect(
      await executeEffect(
        {
          kind: 'check-url',
          key: 'u',
          url: 'https://status.example/health',
          needle: 'GHSA-2c5f-hj7m-pq9r',
        },
        env,
      ),
    ).toEqual({ ok: true, data: { found: true } });
  });

  it('records an unreachable reach-check page as what the check found, not a failed effect', async () => {
    const { env } = setup();
    const effect: Effect = {
      kind: 'check-url',
      key: 'u',
      url: 'https://status.example/health',
      needle: 'GHSA-2c5f-hj7m-pq9r',
    };
    const down = {
      ...env,
      fetchText: () => Promise.reject(new Error('https://status.example/health answered 503')),
    };
    expect(await executeEffect(effect, down)).toEqual({
      ok: true,
      data: { found: false, checkError: 'https://status.example/health answered 503' },
    });
  });

  it('reads the global advisory: listed with its CVE and patched versions, or not listed', async () => {
    const { github, env } = setup();
    const effect: Effect = {
      kind: 'check-global-advisory',
      key: 'd',
      ghsaId: 'GHSA-2c5f-hj7m-pq9r',
    };
    expect(await executeEffect(effect, env)).toEqual({ ok: true, data: { found: false } });
    github.globalAdvisories.set('GHSA-2c5f-hj7m-pq9r', {
      cveId: 'CVE-2026-41234',
      patched: [{ name: '@acme/widget', version: '0.71.1' }],
    });
    expect(await executeEffect(effect, env)).toEqual({
      ok: true,
      data: {
        found: true,
        cveId: 'CVE-2026-41234',
        patched: [{ name: '@acme/widget', version: '0.71.1' }],
      },
    });
  });

  it('removes only the collaborators /invite added, and says who', async () => {
    const { github, env } = setup();
    github.advisories.set('GHSA-2c5f-hj7m-pq9r', {
      ...reportedAdvisory({ state: 'published' }),
      credits: [],
      users: ['outside-dev', 'maintainer-max'],
      teams: ['acme/security'],
    });
    const effect: Effect = {
      kind: 'remove-collaborators',
      key: 'r',
      repo: 'acme/widget',
      ghsaId: 'GHSA-2c5f-hj7m-pq9r',
      users: ['Outside-Dev', 'someone-gone'],
      teams: [],
    };
    expect(await executeEffect(effect, env)).toEqual({
      ok: true,
      data: { removed: ['outside-dev'] },
    });
    const update = github.calls.find((c) => c.method === 'updateAdvisory');
    expect(update?.args[2]).toEqual({
      collaborating_users: ['maintainer-max'],
      collaborating_teams: ['acme/security'],
    });
  });

  it('writes nothing public when GitHub does not show the advisory published, whatever the event said', async () => {
    const { github, env } = setup();
    const pr: Effect = {
      kind: 'open-pull-request',
      key: 'c',
      repo: 'acme/widget',
      purpose: 'changelog',
      branch: 'docs/changelog',
      title: 'docs: changelog',
      body: 'b',
      files: [{ path: 'CHANGELOG.md', content: 'x\n' }],
    };
    const claimed = {
      ...env,
      state: { ...env.state, advisory: { ...env.state.advisory, state: 'published' as const } },
    };
    const outcome = await executeEffect(pr, claimed);
    expect(!outcome.ok && outcome.error).toContain(
      'GitHub shows GHSA-2c5f-hj7m-pq9r as **draft**, not published, although an event said it was. Nothing public was written.',
    );
    expect(github.writes()).toEqual([]);
  });

  it('quick-releases once: a rerun after the commit does not add the CHANGELOG entry twice; the PR body is guarded', async () => {
    const released = (fake: FakeGitHub) => {
      fake.history.tags.push({ name: '@acme/widget@0.71.0', sha: 'a'.repeat(40) });
      fake.history.comparisons.set(`${'a'.repeat(40)}...main`, {
        status: 'ahead',
        aheadBy: 0,
        behindBy: 0,
        commits: [],
        files: [],
      });
      return fake;
    };
    const { github, env } = setup({ 'package.json': PKG('0.71.0') });
    released(github);
    const quick: Effect = {
      kind: 'quick-release',
      key: 'q',
      repo: 'acme/widget',
      packageName: '@acme/widget',
      version: '0.71.1',
      branch: 'release/patch',
      title: 'chore: release 0.71.1',
      body: 'Patch release 0.71.1 of @acme/widget.',
      changelogEntry: '## 0.71.1\n\n- Fixed an issue.\n',
      changesetDirectory: '.changeset',
    };
    github.failNext.set(
      'createPullRequest',
      Object.assign(new Error('Server Error'), { status: 502 }),
    );
    await expect(executeEffect(quick, env)).rejects.toThrow('Server Error');
    // What the first run committed is on the branch now.
    const branch = github.repos.get('acme/widget')!.branches.get('release/patch')!;
    const first = github.calls.find((c) => c.method === 'commitFiles')!.args[3] as {
      path: string;
      content: string;
    }[];
    for (const file of first) branch.set(file.path, file.content);
    expect(await executeEffect(quick, env)).toMatchObject({ ok: true });
    const commits = github.calls.filter((c) => c.method === 'commitFiles');
    expect(commits).toHaveLength(2);
    expect((commits[1]!.args[3] as { path: string }[]).map((f) => f.path)).toEqual([
      'package.json',
    ]);
    const leaking = await executeEffect(
      { ...quick, body: 'Fixes GHSA-2c5f-hj7m-pq9r.' },
      { ...env, github: released(setup({ 'package.json': PKG('0.71.0') }).github) },
    );
    expect(!leaking.ok && leaking.error).toContain('pull request body contains');
  });
});
