import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import {
  BOT,
  crowdScenario,
  handledCounts,
  recordsOf,
  startHarness,
  type Harness,
} from './harness.js';

// 50 maintainers type a command in the same instant. The sandbox records the comments without
// delivering them, then all 50 signed deliveries hit the App at once over HTTP: the keyed queue
// must answer each command exactly once and keep the record log consistent.
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

async function postAll(issues: readonly number[]): Promise<Map<number, number>> {
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
  return commentIds;
}

async function expectAnsweredOnce(issue: number, commentIds: readonly number[]): Promise<void> {
  const { records, folded, comments } = await recordsOf(world, issue);
  expect(folded.problems).toEqual([]);
  expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  const counts = handledCounts(records);
  for (const id of commentIds)
    expect(counts.get(`${String(id)}.0`), `comment ${String(id)}`).toBe(1);
  const answers = comments.filter(
    (c) => c.author === BOT && commentIds.some((id) => c.body.includes(`"${String(id)}.0"`)),
  );
  expect(answers).toHaveLength(commentIds.length);
  expect(folded.case?.handledComments).toEqual(
    expect.arrayContaining(commentIds.map((id) => `${String(id)}.0`)),
  );
}

describe('concurrent commands', () => {
  it(`answers ${String(CROWD)} maintainers commanding on one case at once, each exactly once`, async () => {
    const play = new Play(world);
    await play.report('Stored XSS in the dashboard', 'A widget title runs script.');
    const commentIds = await postAll([play.issue]);
    expect(commentIds.size).toBe(CROWD);
    await expectAnsweredOnce(play.issue, [...commentIds.keys()]);
    const { folded } = await recordsOf(world, play.issue);
    const reminders = logins.filter((_, i) => i % 2 === 1);
    expect(folded.case?.planned.map((p) => p.by).sort()).toEqual([...reminders].sort());
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
    const commentIds = await postAll(issues);
    for (const [index, issue] of issues.entries()) {
      const mine = [...commentIds.entries()].filter(([, i]) => i === index).map(([id]) => id);
      expect(mine).toHaveLength(1);
      await expectAnsweredOnce(issue, mine);
    }
    expect(world.sandbox.violations()).toEqual([]);
  });
});
