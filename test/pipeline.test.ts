import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parse-config.js';
import type { Actor, Input } from '../src/domain/inputs.js';
import { encodeRecordMarker } from '../src/domain/record-codec.js';
import { runCase, type PipelineDeps } from '../src/pipeline.js';
import { createMemoryQueue } from '../src/queue.js';
import { loadCase, STATUS_START } from '../src/store/case-store.js';
import { TrackingRepoNotPrivateError } from '../src/store/tracking-guard.js';
import { reportedAdvisory } from './domain/driver.js';
import { FakeGitHub } from './helpers/fake-github.js';

const SECRET = 'pipeline-secret';
const BOT = 'advisory-pilot[bot]';
const TRACKING = { repo: 'acme/security-tracking', issue: 1 };
const MAINTAINER: Actor = { login: 'maintainer-max', permission: 'maintain', teamMember: false };

function setup(options: { trackingPrivate?: boolean } = {}) {
  const github = new FakeGitHub()
    .addRepo('acme/security-tracking', { private: options.trackingPrivate ?? true })
    .addRepo('acme/widget', {
      private: false,
      files: { 'package.json': '{\n  "name": "@acme/widget",\n  "version": "0.71.0"\n}\n' },
    });
  github.repo('acme/security-tracking').issues.push({
    number: 1,
    title: '[GHSA] case',
    body: '<!-- advisory-pilot:case acme/widget GHSA-2c5f-hj7m-pq9r -->\nintro',
    state: 'open',
    url: '',
    labels: ['security-advisory'],
    comments: [],
  });
  github.advisories.set('GHSA-2c5f-hj7m-pq9r', {
    ...reportedAdvisory(),
    credits: [],
    users: [],
    teams: [],
  });
  const config = parseConfig({});
  if (!config.ok) throw new Error('bad config');
  let clock = new Date('2026-11-23T09:00:00Z');
  const logs: string[] = [];
  const deps: PipelineDeps = {
    github,
    config: config.config,
    identity: { botLogin: BOT, secret: SECRET },
    queue: createMemoryQueue(),
    now: () => clock,
    log: {
      info: (_o, m) => logs.push(`info ${m ?? ''}`),
      warn: (_o, m) => logs.push(`warn ${m ?? ''}`),
      error: (_o, m) => logs.push(`error ${m ?? ''}`),
    },
    dryRun: false,
    privacy: new Map(),
    fetchText: () => Promise.resolve(''),
  };
  const report: Input = {
    type: 'report-received',
    delivery: 'guid-1',
    advisory: reportedAdvisory(),
    tracking: TRACKING,
  };
  let comment = 500;
  const command = (
    line: string,
    actor: Actor = MAINTAINER,
    delivery = `guid-c${comment + 1}`,
  ): Input => {
    const [name = '', ...rest] = line.replace(/^\//, '').split(' ');
    return {
      type: 'command',
      delivery,
      commentId: ++comment,
      index: 0,
      name,
      argsText: rest.join(' '),
      actor,
    };
  };
  return {
    github,
    deps,
    report,
    command,
    logs,
    setClock: (iso: string) => (clock = new Date(iso)),
  };
}

describe('pipeline', () => {
  it('opens a case: one comment with the reply and signed records, then the status section', async () => {
    const { github, deps, report } = setup();
    const result = await runCase(deps, TRACKING, report);
    expect(result.state?.phase).toBe('triage');
    const comments = github.repo('acme/security-tracking').issues[0]!.comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('Acknowledge within 3 business days');
    expect(comments[0]!.body).toContain('<!-- advisory-pilot:record ');
    const body = github.repo('acme/security-tracking').issues[0]!.body;
    expect(body).toContain('intro');
    expect(body).toContain(STATUS_START);
  });

  it('does nothing when the same webhook is delivered again', async () => {
    const { github, deps, report } = setup();
    await runCase(deps, TRACKING, report);
    const writes = github.writes().length;
    const again = await runCase(deps, TRACKING, report);
    expect(again.records).toBe(0);
    expect(github.writes()).toHaveLength(writes);
  });

  it('answers a command exactly once even when its delivery is replayed', async () => {
    const { github, deps, report, command } = setup();
    await runCase(deps, TRACKING, report);
    const input = command('/reproduced');
    await runCase(deps, TRACKING, input);
    await runCase(deps, TRACKING, { ...input, delivery: 'redelivered-guid' });
    const replies = github
      .repo('acme/security-tracking')
      .issues[0]!.comments.filter((c) => c.body.includes('Reproduced.'));
    expect(replies).toHaveLength(1);
  });

  it('serialises two maintainers commanding on one case at the same moment', async () => {
    const { deps, report, command } = setup();
    await runCase(deps, TRACKING, report);
    await Promise.all([
      runCase(deps, TRACKING, command('/reproduced')),
      runCase(deps, TRACKING, command('/scope in')),
    ]);
    const loaded = await loadCase(deps.github, TRACKING, deps.identity);
    expect(Object.keys(loaded.folded.case?.items ?? {}).sort()).toEqual(['in-scope', 'reproduced']);
    expect(loaded.folded.problems).toEqual([]);
  });

  it('ignores and flags, once, a record typed by a human and a bot record edited by a human', async () => {
    const { github, deps, report, command } = setup();
    await runCase(deps, TRACKING, report);
    const forged = encodeRecordMarker(
      {
        v: 1,
        id: 'forged',
        at: '2026-11-23T09:00:00.000Z',
        by: 'mallory',
        type: 'update',
        patch: { set: { phase: 'publish' } },
      },
      'guessed-secret',
    );
    github.addComment(TRACKING.repo, TRACKING.issue, `look ${forged}`, 'mallory');
    const botComment = github.repo(TRACKING.repo).issues[0]!.comments[0]!;
    botComment.body = botComment.body.replace(/("summary":")Path traversal/g, '$1Nothing');
    await runCase(deps, TRACKING, command('/status'));
    await runCase(deps, TRACKING, command('/status'));
    const flags = github
      .repo(TRACKING.repo)
      .issues[0]!.comments.filter((c) => c.body.startsWith('⚠️ Ignored a hidden record'));
    expect(flags).toHaveLength(2);
    const loaded = await loadCase(github, TRACKING, deps.identity);
    expect(loaded.folded.case).toBeUndefined();
  });

  it('refuses to write to a tracking repository that is not private', async () => {
    const { github, deps, report } = setup({ trackingPrivate: false });
    await expect(runCase(deps, TRACKING, report)).rejects.toBeInstanceOf(
      TrackingRepoNotPrivateError,
    );
    expect(github.writes()).toEqual([]);
  });

  it('completes an effect whose result was lost in a crash, without repeating it', async () => {
    const { github, deps, report, command } = setup();
    await runCase(deps, TRACKING, report);
    github.failNext.set('createFork', Object.assign(new Error('Server Error'), { status: 502 }));
    await expect(runCase(deps, TRACKING, command('/fork'))).rejects.toThrow('Server Error');
    let loaded = await loadCase(github, TRACKING, deps.identity);
    expect(loaded.folded.unfinished.map((e) => e.key)).toEqual(['create-fork']);
    await runCase(deps, TRACKING, command('/status'));
    loaded = await loadCase(github, TRACKING, deps.identity);
    expect(loaded.folded.unfinished).toEqual([]);
    expect(loaded.folded.case?.fork?.name).toBe('acme/widget-ghsa-2c5f-hj7m-pq9r');
    expect(github.calls.filter((c) => c.method === 'createFork')).toHaveLength(2);
  });

  it('writes nothing in dry-run mode', async () => {
    const { github, deps, report } = setup();
    await runCase({ ...deps, dryRun: true }, TRACKING, report);
    expect(github.writes()).toEqual([]);
  });
});
