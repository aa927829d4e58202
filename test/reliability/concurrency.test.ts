import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import {
  answersTo,
  BOT,
  caseOf,
  crowdScenario,
  jobsOfComment,
  startHarness,
  unfinishedOf,
  type Harness,
} from './harness.js';

// 50 maintainers type a command in the same instant. The sandbox records the comments without
// delivering them, then all 50 signed deliveries hit the App at once over HTTP: the keyed queue
// must answer each command exactly once (one reply per comment) and keep the case file whole.
const CROWD = 50;
const validator = createOpenApiValidator();
const { scenario, logins } = crowdScenario(CROWD);
let world: Harness;

beforeAll(async () => {
  world = await startHarness({ scenario, validator });
});
afterAll(async () => {
  await world.close();
});

/** The command maintainer `i` types: harmless, and different enough to tell apart. */
function commandOf(i: number): string {
  return i % 2 === 0
    ? '/status'
    : `/remind +${String((i % 9) + 1)}d check the patch (${String(i)})`;
}

/** Posts every maintainer's command at once; returns the App comments before, and comment → maintainer. */
async function postAll(
  issues: readonly number[],
): Promise<{ commentIds: Map<number, number>; before: Map<number, number> }> {
  const before = new Map<number, number>();
  for (const issue of new Set(issues))
    before.set(issue, (await caseOf(world, issue)).comments.filter((c) => c.author === BOT).length);
  const commentIds = new Map<number, number>();
  const statuses = await world.burst(() =>
    Promise.all(
      logins.map(async (login, i) => {
        const issue = issues[i % issues.length] ?? 0;
        const { data } = await world.as(login).rest.issues.createComment({
          owner: 'acme',
          repo: 'security-tracking',
          issue_number: issue,
          body: commandOf(i),
        });
        commentIds.set(data.id, i);
      }),
    ),
  );
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  return { commentIds, before };
}

/**
 * Each comment has exactly one App reply (its signed reference names the comment's delivery),
 * each command is marked handled, and the App wrote no other comment.
 */
async function expectAnsweredOnce(
  issue: number,
  commentIds: readonly number[],
  appCommentsBefore: number,
): Promise<void> {
  const read = await caseOf(world, issue);
  expect(read.read.kind).toBe('found');
  expect(unfinishedOf(read)).toEqual({ effects: [], comments: [] });
  for (const id of commentIds) {
    const answers = answersTo(world, issue, read.comments, jobsOfComment(world, id));
    expect(answers, `comment ${String(id)}`).toHaveLength(1);
  }
  const fresh = read.comments.filter((c) => c.author === BOT).slice(appCommentsBefore);
  expect(fresh).toHaveLength(commentIds.length);
  expect(read.state?.handledComments).toEqual(
    expect.arrayContaining(commentIds.map((id) => `${String(id)}.0`)),
  );
}

describe('concurrent commands', () => {
  it(`answers ${String(CROWD)} maintainers commanding on one case at once, each exactly once`, async () => {
    const play = new Play(world);
    await play.report('Stored XSS in the dashboard', 'A widget title runs script.');
    const { commentIds, before } = await postAll([play.issue]);
    expect(commentIds.size).toBe(CROWD);
    await expectAnsweredOnce(play.issue, [...commentIds.keys()], before.get(play.issue) ?? 0);
    const { state } = await caseOf(world, play.issue);
    const reminders = logins.filter((_, i) => i % 2 === 1);
    expect(state?.planned.map((p) => p.by).sort()).toEqual([...reminders].sort());
    expect(world.sandbox.violations()).toEqual([]);
  });

  it(`answers ${String(CROWD)} maintainers commanding on ${String(CROWD)} cases at once`, async () => {
    const issues: number[] = [];
    for (let i = 0; i < CROWD; i++) {
      const play = new Play(world);
      await play.report(`Report ${String(i)}: SSRF in importer ${String(i)}`, 'Details inside.');
      issues.push(play.issue);
    }
    expect(new Set(issues).size).toBe(CROWD);
    const { commentIds, before } = await postAll(issues);
    for (const [index, issue] of issues.entries()) {
      const mine = [...commentIds.entries()].filter(([, i]) => i === index).map(([id]) => id);
      expect(mine).toHaveLength(1);
      await expectAnsweredOnce(issue, mine, before.get(issue) ?? 0);
    }
    expect(world.sandbox.violations()).toEqual([]);
  });
});
