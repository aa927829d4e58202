import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { Driver, reportedAdvisory } from './driver.js';

const HIGH = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N';
const DESCRIPTION =
  '## Summary\nS\n## Impact\nI\n## Patches\n0.71.1\n## Workarounds\nNone\n## References\nR';

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({ timeZone: 'Europe/Berlin', ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

/** A case in the fix phase with its fork. */
function inFix(input: Record<string, unknown> = {}): Driver {
  return new Driver(config(input), new Date('2026-11-23T09:00:00Z'))
    .send({
      type: 'report-received',
      advisory: reportedAdvisory(),
      tracking: { repo: 'acme/security-tracking', issue: 7 },
    })
    .command('/reproduced')
    .command('/scope in')
    .command(`/cvss ${HIGH}`)
    .command('/ack')
    .command('/fork');
}

/** The same case in the release phase, its fix still in the fork. */
function inRelease(input: Record<string, unknown> = {}): Driver {
  const driver = inFix(input)
    .command('/fixed 3f2c1ab --pr 1 --test test/upload.test.ts')
    .command('/validated')
    .command('/cve')
    .command('/advisory range "< 0.71.1" patched 0.71.1');
  driver.send({
    type: 'advisory-observed',
    advisory: reportedAdvisory({ state: 'draft', description: DESCRIPTION }),
  });
  return driver.command('/draft').command('/embargo');
}

describe('fixes', () => {
  it('records one fix per fork pull request and refuses what is not a commit', () => {
    const driver = inFix();
    driver.command('/fixed #1 --test t.test.ts');
    expect(driver.lastReply).toContain('is not a commit SHA');
    expect(driver.lastReply).toContain('/fixed <commit> --pr 1 --test <path>');
    driver.command('/fixed 3f2c1ab --pr 1 --test test/upload.test.ts');
    driver.command('/fixed 9d4e0aa --pr 2 --test test/paths.test.ts');
    expect(driver.state.fixes.map((f) => [f.sha, f.pullRequest])).toEqual([
      ['3f2c1ab', 1],
      ['9d4e0aa', 2],
    ]);
    driver.command('/fixed 3f2c1ab9 --test test/upload.test.ts');
    expect(driver.lastReply).toContain('already recorded');
    driver.command('/fixed 1234567 --pr one --test t.ts');
    expect(driver.lastReply).toContain('is not a pull request number');
    expect(driver.state.fixes).toHaveLength(2);
  });

  it('refuses /release and /publish while the fix is in the fork, naming GitHub’s rule', () => {
    const driver = inRelease();
    expect(driver.state.phase).toBe('release');
    driver.command('/release');
    expect(driver.lastReply).toContain('fork PR #1 (`3f2c1ab`) has not reached the default branch');
    expect(driver.lastReply).toContain(
      'GitHub refuses to publish an advisory while a pull request',
    );
    expect(driver.executed.some((e) => e.kind === 'cut-release-branch')).toBe(false);
  });

  it('/merged needs a fix to name when several are open, and records what GitHub confirmed', () => {
    const driver = inFix()
      .command('/fixed 3f2c1ab --pr 1 --test a.test.ts')
      .command('/fixed 9d4e0aa --pr 2 --test b.test.ts');
    driver.command('/merged 7d1e0c2a9b');
    expect(driver.lastReply).toContain('say which with `--fix <fix commit>`');
    driver.command('/merged 7d1e0c2a9b --fix 9d4e0aa');
    expect(driver.state.fixes[1]?.merged).toMatchObject({
      via: 'command',
      commits: ['7d1e0c2a9b'.padEnd(40, '0')],
    });
    expect(driver.state.items['fix-landed']).toBeUndefined();
    driver.command('/merged 5a5a5a5 --fix 3f2c');
    expect(driver.state.items['fix-landed']).toBeDefined();
    expect(driver.state.milestones['fix-public']).toBeDefined();
    driver.command('/merged 5a5a5a5');
    expect(driver.lastReply).toContain('Every recorded fix is already on the default branch');
  });

  it('tells a commit that is not on the default branch, and changes nothing', () => {
    const driver = inFix().command('/fixed 3f2c1ab --test a.test.ts');
    const key = `merged:${driver.nextCommandKey}`;
    driver.outcomes.set(key, {
      ok: false,
      error: '`7d1e0c2` is not a commit of acme/widget; copy …',
    });
    driver.command('/merged 7d1e0c2');
    expect(driver.lastReply).toContain('is not a commit of acme/widget');
    expect(driver.state.fixes[0]?.merged).toBeUndefined();
  });

  it('/fixed of a commit the default branch already holds records it merged at once', () => {
    const driver = inFix();
    const sha = '3f2c1ab'.padEnd(40, '0');
    driver.outcomes.set(`fixed:${driver.nextCommandKey}:on-default`, {
      ok: true,
      data: { sha, commits: [sha], files: ['packages/server/src/upload.ts'] },
    });
    driver.command('/fixed 3f2c1ab --test test/upload.test.ts');
    expect(driver.state.fixes[0]?.merged).toMatchObject({ via: 'command', commits: [sha] });
    expect(driver.state.items['fix-landed']).toBeDefined();
    expect(driver.lastReply).toContain('The default branch already has `3f2c1ab`');
  });

  it('/fixed of a commit still in the fork only records it, and a failed check says how to go on', () => {
    const driver = inFix().command('/fixed 3f2c1ab --pr 1 --test a.test.ts');
    expect(driver.executed.some((e) => e.kind === 'verify-merged')).toBe(false);
    expect(driver.state.fixes[0]?.merged).toBeUndefined();
    expect(driver.lastReply).toContain('Fix 1 recorded');
    driver.outcomes.set(`fixed:${driver.nextCommandKey}:on-default`, {
      ok: false,
      error: 'GitHub answered 502',
    });
    driver.command('/fixed 9d4e0aa --test b.test.ts');
    expect(driver.state.fixes).toHaveLength(2);
    expect(driver.state.fixes[1]?.merged).toBeUndefined();
    expect(driver.lastReply).toContain(
      'could not check whether the default branch already has the fix',
    );
    expect(driver.lastReply).toContain('`/merged <commit>`');
  });
});

describe('the release', () => {
  it('a refused cut says nothing was written and /release can run again', () => {
    const driver = inRelease().command('/merged 7d1e0c2a9b');
    driver.outcomes.set('release:0.71.1:cut', {
      ok: false,
      error:
        'packages/shared/package.json is not valid JSON; fix the file or drop it from release.versionFiles',
    });
    driver.command('/release');
    expect(driver.lastReply).toContain(
      '❌ The release was not started: packages/shared/package.json is not valid JSON',
    );
    expect(driver.lastReply).toContain(
      'No release branch of this attempt is left in the repository',
    );
    expect(driver.executed.some((e) => e.kind === 'dispatch-workflow')).toBe(false);
    expect(driver.state.items['release-opened']).toBeUndefined();
    driver.outcomes.delete('release:0.71.1:cut');
    driver.command('/release');
    expect(driver.executed.filter((e) => e.kind === 'dispatch-workflow')).toHaveLength(1);
    expect(driver.state.items['release-opened']).toBeDefined();
    expect(driver.state.release).toMatchObject({
      from: 'v0.71.0',
      fromSha: 'f'.repeat(40),
      bumped: ['package.json@0.71.1'],
    });
  });

  it('a failed dispatch says the branch is ready and the rerun reuses it', () => {
    const driver = inRelease().command('/merged 7d1e0c2a9b');
    driver.outcomes.set('release:0.71.1:dispatch', {
      ok: false,
      error: 'GitHub answered 404: Not Found',
    });
    driver.command('/release');
    expect(driver.lastReply).toContain(
      'is ready (fix and release commit, proved), but dispatching',
    );
    expect(driver.state.items['release-opened']).toBeUndefined();
  });

  it('refuses an unknown strategy and takes one per case', () => {
    const driver = inRelease().command('/merged 7d1e0c2a9b');
    driver.command('/release --strategy fast');
    expect(driver.lastReply).toContain('is not a release strategy');
    driver.command('/release --strategy quick');
    expect(driver.executed.at(-1)).toMatchObject({ kind: 'quick-release', tag: 'v{version}' });
    expect(driver.state.release.strategy).toBe('quick');
    expect(driver.state.items.canary).toBeUndefined();
  });
});

describe('release evidence', () => {
  function released(): Driver {
    return inRelease().command('/merged 7d1e0c2a9b').command('/release');
  }

  it('takes canary and production from deployment statuses of the release branch', () => {
    const driver = released();
    const deployed = (environment: string, state = 'success') =>
      driver.send({
        type: 'deployment-status',
        environment,
        state,
        ref: 'deploy/cloud/2026-11-23',
        sha: 'e'.repeat(40),
      });
    deployed('production');
    expect(driver.state.items.production).toBeUndefined();
    expect(driver.lastNotice).toContain('canary is not verified yet, so production does not count');
    deployed('canary', 'failure');
    expect(driver.lastNotice).toContain('ended with **failure**');
    deployed('canary');
    expect(driver.state.release.canaryEvidence).toBe('deployment');
    deployed('production');
    expect(driver.state.release.productionEvidence).toBe('deployment');
    expect(driver.state.items.production?.evidence).toBe('deployed to production');
  });

  it('does not count a deployment of the branch at a commit other than the proved head', () => {
    const driver = released();
    const head = driver.state.release.headSha ?? '';
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    const deployed = (sha: string) =>
      driver.send({
        type: 'deployment-status',
        environment: 'canary',
        state: 'success',
        ref: driver.state.release.branch ?? '',
        sha,
      });
    deployed('9'.repeat(40));
    expect(driver.state.items.canary).toBeUndefined();
    expect(driver.lastNotice).toContain(
      `was deployed to **canary** at \`999999999999\`, but the release was proved at \`${head.slice(0, 12)}\``,
    );
    deployed(head);
    expect(driver.state.release.canaryEvidence).toBe('deployment');
  });

  it('ignores deployments of something else and tags of other versions', () => {
    const driver = released();
    driver.send({
      type: 'deployment-status',
      environment: 'canary',
      state: 'success',
      ref: 'main',
      sha: 'a'.repeat(40),
    });
    expect(driver.state.items.canary).toBeUndefined();
    driver.send({ type: 'workflow-run-completed', runId: 4242, conclusion: 'success', url: 'u' });
    expect(driver.state.release.canaryEvidence).toBe('workflow');
    driver.send({ type: 'release-published', tag: 'v0.71.10' });
    expect(driver.state.items.production).toBeUndefined();
    driver.send({ type: 'release-published', tag: 'v0.71.1' });
    expect(driver.state.release.productionEvidence).toBe('release');
  });

  it('counts a release as production only when GitHub shows its tag holds the proven branch head', () => {
    const driver = released();
    driver.send({ type: 'workflow-run-completed', runId: 4242, conclusion: 'success', url: 'u' });
    const head = driver.state.release.headSha ?? '';
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    driver.outcomes.set('release-tag:v0.71.1', {
      ok: true,
      data: { found: false, commits: [head] },
    });
    driver.send({ type: 'release-published', tag: 'v0.71.1' });
    const check = driver.executed.find((e) => e.kind === 'check-release-tag');
    expect(check).toMatchObject({ tag: 'v0.71.1', version: '0.71.1', contains: [head] });
    expect(driver.state.items.production).toBeUndefined();
    expect(driver.notices.at(-1)).toContain(
      `Release **v0.71.1** was published, but its tag does not contain \`${head.slice(0, 12)}\``,
    );
  });

  it('opens the release again when a fix is recorded after it was cut, naming the next patch', () => {
    const driver = released();
    driver.send({ type: 'workflow-run-completed', runId: 4242, conclusion: 'success', url: 'u' });
    driver.send({ type: 'release-published', tag: 'v0.71.1' });
    expect(driver.state.items.production).toBeDefined();
    expect(driver.state.phase).toBe('disclosure');
    driver.command('/fixed 9d4e0aa --pr 2 --test test/upload-2.test.ts');
    const { state } = driver;
    expect(state.phase).toBe('release');
    expect(state.release).toEqual({});
    for (const id of ['release-opened', 'canary', 'production', 'changelog-drafted', 'fix-landed'])
      expect(state.items[id as keyof typeof state.items], id).toBeUndefined();
    expect(driver.lastReply).toContain(
      'The release **0.71.1** was cut without this fix, so it does not ship it',
    );
    expect(driver.lastReply).toContain(
      '`/advisory range "< 0.71.2" patched 0.71.2`, then `/release 0.71.2`',
    );
  });

  it('takes back a fix recorded by mistake, with its reason, and refuses without one', () => {
    const driver = inFix().command('/fixed 3f2c1ab --pr 1 --test test/upload.test.ts');
    driver.command('/fixed --remove 3f2c1ab');
    expect(driver.lastReply).toContain('Say why the fix is taken back');
    expect(driver.state.fixes).toHaveLength(1);
    driver.command('/fixed --remove 9999999 typo');
    expect(driver.lastReply).toContain(
      'No recorded fix is `9999999`; the recorded ones: `3f2c1ab`',
    );
    driver.command('/fixed --remove 3f2c1ab the pull request was closed');
    expect(driver.state.fixes).toEqual([]);
    expect(driver.state.items['fix-merged']).toBeUndefined();
    expect(driver.lastReply).toContain(
      'taken back (the pull request was closed). No fix is recorded now',
    );
  });
});
