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
  appWrites,
  BOT,
  recordsOf,
  scenarioWithUsers,
  startHarness,
  type Harness,
} from '../reliability/harness.js';

// Every command of the registry, typed by people who may not run it: permissions come from
// GitHub's permission API (tracking repository capped by the product repository), never from
// `author_association`. Each command gets one refusal naming the role it needs, and the case
// does not move.
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

/** The case without what a refused command may change: the handled marks of its comment. */
function comparable(state: Case | undefined): unknown {
  if (!state) return undefined;
  const { handledComments: _handled, ...rest } = state;
  return rest;
}

describe('unauthorised users on every command', () => {
  it('covers the whole registry', () => {
    expect(EVERY_COMMAND).toHaveLength(COMMANDS.length);
    expect(COMMANDS.length).toBeGreaterThan(30);
  });

  it.each(INTRUDERS)('$login ($how): refused, nothing changed', async ({ login, effective }) => {
    const before = await recordsOf(world, play.issue);
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

    const after = await recordsOf(world, play.issue);
    const fresh = after.comments.slice(before.comments.length).filter((c) => c.author === BOT);
    expect(fresh).toHaveLength(COMMANDS.length);
    for (const [index, spec] of COMMANDS.entries()) {
      const reply = fresh.find((c) => c.body.includes(`"${String(commentId)}.${String(index)}"`));
      expect(reply, `/${spec.name}`).toBeDefined();
      const refusal = `\`/${spec.name}\` needs **${spec.whoCanUse}** permission`;
      if (isAllowed({ login, permission: effective, teamMember: false }, spec.whoCanUse)) {
        expect(reply?.body, `/${spec.name}`).not.toContain('needs **');
      } else {
        expect(reply?.body, `/${spec.name}`).toContain(refusal);
        expect(reply?.body).toContain(`yours is **${effective}**. Nothing was changed.`);
        expect(reply?.body).toContain(`@\u200b${login}`);
      }
    }
    expect(comparable(after.folded.case)).toEqual(comparable(before.folded.case));
    expect(after.folded.problems).toEqual([]);
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
    const before = await recordsOf(world, play.issue);
    // triage may edit the issue on GitHub, but ticking is `/validated`, which needs write.
    await world.as('triage-tia').rest.issues.update({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: play.issue,
      body: body.replace(box![0], box![0].replace('- [ ]', '- [x]')),
    });
    await world.quiet();
    const after = await recordsOf(world, play.issue);
    const replies = after.comments.slice(before.comments.length).filter((c) => c.author === BOT);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain('`/validated` needs **write** permission');
    expect(after.folded.case?.items.validated).toBeUndefined();
    expect((await issue()).data.body).toContain(box![0]);

    // The refusal is on record: the same delivery again is not answered twice.
    const edit = world.raw.deliveries().findLast((d) => d.event === 'issues');
    expect(edit?.action).toBe('edited');
    world.raw.core.webhooks.redeliver(edit!.id);
    world.raw.core.webhooks.redeliver(edit!.id);
    await world.quiet();
    expect((await recordsOf(world, play.issue)).comments).toHaveLength(after.comments.length);
  });

  it('a maintainer is still obeyed afterwards (the refusals did not block the case)', async () => {
    await play.say(DEMO_USERS.lead, '/assign @maintainer-mia');
    expect((await play.state())?.assignee).toBe('maintainer-mia');
  });
});
