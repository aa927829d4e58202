import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario } from '../../src/demo/scenario.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import { BOT, caseOf, startHarness, type Harness } from '../reliability/harness.js';

// Only a command typed as a line of its own in a new comment runs. Quoting someone, showing a
// command in code, hiding it in an HTML comment or editing a comment afterwards never does:
// otherwise replying to "> /scope out …" would reject a report.
const validator = createOpenApiValidator();
let world: Harness;
let play: Play;
const { lead } = DEMO_USERS;

beforeAll(async () => {
  world = await startHarness({ scenario: demoScenario('default'), validator });
  play = new Play(world);
  await play.report('Path traversal in the file upload endpoint', 'Uploads escape the folder.');
});
afterAll(async () => {
  await world.close();
});

const INERT: [string, string][] = [
  ['a quote', '> /scope out duplicate'],
  ['a nested quote', '> > /scope out duplicate'],
  ['a quote in a list item', '- > /scope out duplicate'],
  ['a fenced block', '```\n/scope out duplicate\n```'],
  ['a tilde fence', '~~~sh\n/scope out duplicate\n~~~'],
  ['a fence in a list item', '- step:\n  ```\n  /scope out duplicate\n  ```'],
  ['an indented code block', 'Example:\n\n    /scope out duplicate'],
  ['inline code', '`/scope out duplicate`'],
  ['inline code over two lines', '`x\n/scope out duplicate`'],
  ['an HTML comment', '<!--\n/scope out duplicate\n-->'],
  ['the middle of a sentence', 'Maybe /scope out duplicate later'],
  ['an escaped slash', '\\/scope out duplicate'],
];

async function expectNoAnswer(run: () => Promise<unknown>): Promise<void> {
  const before = await caseOf(world, play.issue);
  expect(before.file).toBeDefined();
  await run();
  await world.quiet();
  const after = await caseOf(world, play.issue);
  expect(after.comments.slice(before.comments.length).filter((c) => c.author === BOT)).toEqual([]);
  // Not a byte of the tracking issue's body changed: no case-file write at all.
  expect(after.body).toBe(before.body);
}

describe('commands in quotes, code and edits never run', () => {
  it.each(INERT)('in %s', async (_where, body) => {
    await expectNoAnswer(() => play.say(lead, body));
  });

  it('added by editing a comment', async () => {
    const { data } = await world.as(lead).rest.issues.createComment({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: play.issue,
      body: 'Looking into it.',
    });
    await world.quiet();
    await expectNoAnswer(() =>
      world.as(lead).rest.issues.updateComment({
        owner: 'acme',
        repo: 'security-tracking',
        comment_id: data.id,
        body: 'Looking into it.\n/scope out duplicate',
      }),
    );
  });

  it('changed by editing a comment that already ran', async () => {
    const { data } = await world.as(lead).rest.issues.createComment({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: play.issue,
      body: '/status',
    });
    await world.quiet();
    await expectNoAnswer(() =>
      world.as(lead).rest.issues.updateComment({
        owner: 'acme',
        repo: 'security-tracking',
        comment_id: data.id,
        body: '/scope out duplicate',
      }),
    );
  });

  it('the same command typed plainly does run (the table above is not vacuous)', async () => {
    await play.say(lead, '/scope out duplicate');
    expect((await play.state())?.pending?.action).toBe('scope-out');
    await play.say(lead, '/cancel');
    expect((await play.state())?.pending).toBeUndefined();
  });
});
