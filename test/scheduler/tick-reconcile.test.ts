import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/inputs.js';
import { runInput } from '../../src/runner/run-input.js';
import type { RunnerDeps } from '../../src/runner/runner-deps.js';
import { readCaseMarker } from '../../src/store/case-index.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { BOT, SECRET } from './fake-app.js';
import { CONFIG, GHSA, PRODUCT, setup, TRACKING } from './harness.js';

async function opened() {
  const t = setup();
  t.addAdvisory();
  await t.tick();
  const issue = t.github.repo(TRACKING).issues.find((i) => readCaseMarker(i.body))?.number ?? 0;
  t.advance(10);
  return { t, issue };
}

function edit(t: ReturnType<typeof setup>, change: Record<string, unknown>, updatedAt: string) {
  const stored = t.github.advisories.get(GHSA);
  if (!stored) throw new Error('no advisory');
  Object.assign(stored, change, { updatedAt });
}

describe('reconciliation with the advisory as GitHub shows it', () => {
  it('records a CVE ID that appeared, once', async () => {
    const { t, issue } = await opened();
    edit(t, { cveId: 'CVE-2026-41234' }, '2026-11-23T09:20:00.000Z');
    expect((await t.tick()).observed).toBe(1);
    expect((await t.caseOf(issue))?.cve.id).toBe('CVE-2026-41234');
    const writes = t.github.writes().length;
    t.advance(10);
    expect((await t.tick()).observed).toBe(0);
    t.restart();
    t.advance(10);
    expect((await t.tick()).observed).toBe(0);
    expect(t.github.writes()).toHaveLength(writes);
  });

  it.each([
    { change: { state: 'closed' }, phase: 'rejected', advisoryState: 'closed' },
    { change: { state: 'draft' }, phase: 'triage', advisoryState: 'draft' },
  ])('brings the case up to date when the advisory became $change.state', async (row) => {
    const { t, issue } = await opened();
    edit(t, row.change, '2026-11-23T09:30:00.000Z');
    await t.tick();
    const state = await t.caseOf(issue);
    expect(state?.phase).toBe(row.phase);
    expect(state?.advisory.state).toBe(row.advisoryState);
  });
});

describe('unanswered commands', () => {
  function permit(t: ReturnType<typeof setup>, login: string): void {
    t.github.repo(TRACKING).permissions.set(login, 'maintain');
    t.github.repo(PRODUCT).permissions.set(login, 'maintain');
  }
  const replies = (t: ReturnType<typeof setup>, issue: number) =>
    t.comments(issue).filter((c) => c.author === BOT && c.body.includes('Reproduced.')).length;

  it('runs a command whose webhook was lost, exactly once, in comment order', async () => {
    const { t, issue } = await opened();
    permit(t, 'maintainer-max');
    t.github.addComment(
      TRACKING,
      issue,
      '/reproduced works on 0.71.0\n/scope in',
      'maintainer-max',
    );
    t.github.addComment(TRACKING, issue, '/assign @maintainer-max', 'maintainer-max');
    t.advance(5); // past the grace period: the webhooks are lost
    const first = await t.tick();
    expect(first.commands).toBe(3);
    const state = await t.caseOf(issue);
    expect(state?.items.reproduced?.by).toBe('maintainer-max');
    expect(state?.items['in-scope']).toBeDefined();
    expect(state?.assignee).toBe('maintainer-max');
    t.advance(10);
    expect((await t.tick()).commands).toBe(0);
    t.restart();
    t.advance(10);
    expect((await t.tick()).commands).toBe(0);
    expect(replies(t, issue)).toBe(1);
  });

  it('does not run a command its webhook already answered', async () => {
    const { t, issue } = await opened();
    permit(t, 'maintainer-max');
    const comment = t.github.addComment(TRACKING, issue, '/reproduced', 'maintainer-max');
    const config = parseConfig(CONFIG);
    if (!config.ok) throw new Error('config');
    const actor: Actor = { login: 'maintainer-max', permission: 'maintain', teamMember: false };
    const deps: RunnerDeps = {
      github: t.github,
      config: config.config,
      identity: { botLogin: BOT, secret: SECRET },
      queue: t.state.queue,
      now: t.state.options.now,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      dryRun: false,
      privacy: t.state.privacy,
      fetchText: t.state.options.fetchText,
      memory: t.state.cases,
    };
    await runInput(
      deps,
      { repo: TRACKING, issue },
      {
        type: 'command',
        delivery: 'webhook-guid:0',
        commentId: comment.id,
        index: 0,
        name: 'reproduced',
        argsText: '',
        actor,
      },
    );
    t.advance(5); // past the grace period: the tick would replay it if it were unanswered
    expect((await t.tick()).commands).toBe(0);
    expect(replies(t, issue)).toBe(1);
  });

  it('leaves alone bots, edited comments, young comments and quoted commands', async () => {
    const { t, issue } = await opened();
    permit(t, 'maintainer-max');
    t.github.addComment(TRACKING, issue, '/reproduced', 'dependabot[bot]', 'Bot');
    t.github.addComment(TRACKING, issue, '> /reproduced', 'maintainer-max');
    const edited = t.github.addComment(TRACKING, issue, '/reproduced', 'maintainer-max');
    t.advance(5); // 09:20: past the grace period for the comments so far
    edited.updatedAt = '2026-11-23T09:18:00.000Z';
    t.github.addComment(TRACKING, issue, '/scope in', 'maintainer-max'); // posted just now
    expect((await t.tick()).commands).toBe(0);
    t.advance(10);
    expect((await t.tick()).commands).toBe(1);
    expect((await t.caseOf(issue))?.items.reproduced).toBeUndefined();
  });

  it('answers an unauthorised command with a refusal, once', async () => {
    const { t, issue } = await opened();
    t.github.addComment(TRACKING, issue, '/reproduced', 'drive-by');
    t.advance(5);
    expect((await t.tick()).commands).toBe(1);
    expect((await t.tick()).commands).toBe(0);
    const refusals = t.comments(issue).filter((c) => c.body.includes('needs **'));
    expect(refusals).toHaveLength(1);
  });
});
