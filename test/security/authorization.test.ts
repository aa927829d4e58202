import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.js';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, PRODUCT_REPO, TRACKING_REPO } from '../../src/demo/scenario.js';
import { DEMO_VECTOR } from '../../src/demo/script.js';
import { isAllowed } from '../../src/domain/authorize.js';
import type { Case } from '../../src/domain/case.js';
import type { Permission } from '../../src/domain/inputs.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import {
  answersTo,
  appWrites,
  BOT,
  caseOf,
  jobsOfComment,
  scenarioWithUsers,
  startHarness,
  type Harness,
} from '../reliability/harness.js';

// Every command of the registry, typed by people who may not run it: permissions come from
// GitHub's permission API (tracking repository capped by the product repository), never from
// `author_association`. The comment gets one reply answering each command in order, each
// refusal naming the role it needs, and the case does not move.
const validator = createOpenApiValidator();
let world: Harness;
let play: Play;

/** Who tries, and the permission the App must resolve for them. */
const INTRUDERS: { login: string; effective: Permission; how: string }[] = [
  { login: 'reader-rae', effective: 'read', how: 'read on both repositories' },
  { login: 'triage-tia', effective: 'triage', how: 'triage on both repositories' },
  {
    login: 'capped-cal',
    effective: 'read',
    how: 'write on the tracking repository, only public read on the product',
  },
  { login: 'outsider-otto', effective: 'none', how: 'no access (removed before processing)' },
];

beforeAll(async () => {
  world = await startHarness({
    validator,
    scenario: scenarioWithUsers({
      'reader-rae': { [PRODUCT_REPO]: 'read', [TRACKING_REPO]: 'read' },
      'triage-tia': { [PRODUCT_REPO]: 'triage', [TRACKING_REPO]: 'triage' },
      'capped-cal': { [TRACKING_REPO]: 'write' },
      'outsider-otto': { [TRACKING_REPO]: 'read' },
    }),
  });
  play = new Play(world);
  await play.report('Path traversal in the file upload endpoint', 'Uploads escape the folder.');
  await play.say(DEMO_USERS.lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
});
afterAll(async () => {
  await world.close();
});

/** One valid example of every command, so a refusal can only come from the permission check. */
const EVERY_COMMAND = COMMANDS.map((c) => c.examples[0] ?? c.usage);

/** The answers of one reply to a comment of many commands: command name and text, in order. */
function answersOf(body: string): { name: string; text: string }[] {
  const heading = /^\*\*`\/([a-z-]+)`\*\* · /gm;
  const starts = [...body.matchAll(heading)];
  return starts.map((m, i) => ({
    name: m[1] ?? '',
    text: body.slice(m.index + m[0].length, starts[i + 1]?.index ?? body.length),
  }));
}

/** The case without what a refused command may change: the handled marks of its comment. */
function comparable(state: Case | undefined): unknown {
  if (!state) return undefined;
  // GitHub's copy of the advisory (read before every job, whoever typed) may catch up with the
  // App's own earlier write; that is not a change the refused commands made.
  const { handledComments: _handled, advisory, ...rest } = state;
  const { seen: _seen, ...fields } = advisory;
  return { ...rest, advisory: fields };
}

describe('unauthorised users on every command', () => {
  it('covers the whole registry', () => {
    expect(EVERY_COMMAND).toHaveLength(COMMANDS.length);
    expect(COMMANDS.length).toBeGreaterThan(30);
  });

  it.each(INTRUDERS)('$login ($how): refused, nothing changed', async ({ login, effective }) => {
    const before = await caseOf(world, play.issue);
    const writesBefore = appWrites(world.raw).length;
    let commentId = 0;
    if (effective === 'none') {
      // Typed while still a collaborator; access removed before the App reads it.
      await world.burst(async () => {
        const { data } = await world.as(login).rest.issues.createComment({
          owner: 'acme',
          repo: 'security-tracking',
          issue_number: play.issue,
          body: EVERY_COMMAND.join('\n'),
        });
        commentId = data.id;
        world.raw.core.state.repos.get(TRACKING_REPO)?.collaborators.delete(login);
      });
    } else {
      const { data } = await world.as(login).rest.issues.createComment({
        owner: 'acme',
        repo: 'security-tracking',
        issue_number: play.issue,
        body: EVERY_COMMAND.join('\n'),
      });
      commentId = data.id;
      await world.quiet();
    }

    const after = await caseOf(world, play.issue);
    const fresh = after.comments.slice(before.comments.length).filter((c) => c.author === BOT);
    // One reply, the comment's: it answers every command, in the order they were typed.
    expect(fresh).toHaveLength(1);
    expect(answersTo(world, play.issue, fresh, jobsOfComment(world, commentId))).toEqual(fresh);
    const body = fresh[0]?.body ?? '';
    const answers = answersOf(body);
    expect(answers.map((a) => a.name)).toEqual(COMMANDS.map((c) => c.name));
    for (const [index, spec] of COMMANDS.entries()) {
      const reply = answers[index]?.text;
      const refusal = `\`/${spec.name}\` needs **${spec.whoCanUse}** permission`;
      if (isAllowed({ login, permission: effective, teamMember: false }, spec.whoCanUse)) {
        expect(reply, `/${spec.name}`).not.toContain('needs **');
      } else {
        expect(reply, `/${spec.name}`).toContain(refusal);
        expect(reply, `/${spec.name}`).toContain(`yours is **${effective}**. Nothing was changed.`);
        expect(reply, `/${spec.name}`).toContain(`@\u200b${login}`);
      }
    }
    expect(comparable(after.state)).toEqual(comparable(before.state));
    expect(after.standing?.log).toEqual(before.standing?.log);
    expect(after.standing?.pending).toEqual([]);
    expect(after.state?.handledComments).toEqual(
      expect.arrayContaining(COMMANDS.map((_, i) => `${String(commentId)}.${String(i)}`)),
    );
    const writes = appWrites(world.raw).slice(writesBefore);
    expect(
      writes.filter(
        (w) => !w.path.startsWith(`/repos/${TRACKING_REPO}/issues/${String(play.issue)}`),
      ),
    ).toEqual([]);
    expect(world.sandbox.violations()).toEqual([]);
  });

  it('a checkbox ticked without permission is refused and the box restored', async () => {
    const lead = world.as(DEMO_USERS.lead);
    const issue = () =>
      lead.rest.issues.get({ owner: 'acme', repo: 'security-tracking', issue_number: play.issue });
    const body = (await issue()).data.body ?? '';
    const box = /^- \[ \] (.*)<!-- item:(validated) -->$/m.exec(body);
    expect(box, 'an unticked "validated" box in the status').not.toBeNull();
    const before = await caseOf(world, play.issue);
    // triage may edit the issue on GitHub, but ticking is `/validated`, which needs write.
    await world.as('triage-tia').rest.issues.update({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: play.issue,
      body: body.replace(box![0], box![0].replace('- [ ]', '- [x]')),
    });
    await world.quiet();
    const after = await caseOf(world, play.issue);
    const replies = after.comments.slice(before.comments.length).filter((c) => c.author === BOT);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain('`/validated` needs **write** permission');
    expect(after.state?.items.validated).toBeUndefined();
    expect((await issue()).data.body).toContain(box![0]);

    // The refusal is on record: the same delivery again is not answered twice.
    const edit = world.raw.deliveries().findLast((d) => d.event === 'issues');
    expect(edit?.action).toBe('edited');
    world.raw.core.webhooks.redeliver(edit!.id);
    world.raw.core.webhooks.redeliver(edit!.id);
    await world.quiet();
    const again = await caseOf(world, play.issue);
    expect(again.comments).toHaveLength(after.comments.length);
    expect(again.state).toEqual(after.state);
  });

  it('a maintainer is still obeyed afterwards (the refusals did not block the case)', async () => {
    await play.say(DEMO_USERS.lead, '/assign @maintainer-mia');
    expect((await play.state())?.assignee).toBe('maintainer-mia');
  });
});
