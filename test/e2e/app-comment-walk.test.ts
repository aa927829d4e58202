import { afterEach, describe, expect, it } from 'vitest';
import { byApp } from '../../src/bench/lifecycle.js';
import { BOT_LOGIN, Play } from '../../src/demo/play.js';
import { demoScenario, DEMO_USERS } from '../../src/demo/scenario.js';
import { releaseToPostmortem, triageFixDraft } from '../../src/demo/script.js';
import { startWorld, type World } from '../../src/demo/world.js';

/**
 * Every App comment of the default story, deleted (or edited) by a maintainer right after it
 * appears: the App flags it once, the case goes on exactly as without it (same phases after
 * every step), and no effect on the product repository or the advisory runs twice.
 */
type Touch = 'delete' | 'edit';

/** A play that records the phase after every step and touches the k-th App comment once. */
class WalkingPlay extends Play {
  readonly phases: string[] = [];
  touched: number | undefined;

  constructor(
    world: World,
    private readonly target?: { position: number; touch: Touch },
  ) {
    super(world);
  }

  private async afterStep(): Promise<void> {
    if (this.target && this.touched === undefined) {
      const own = (await this.comments()).filter((c) => c.author === BOT_LOGIN);
      const comment = own[this.target.position];
      if (comment) {
        this.touched = comment.id;
        const client = this.world.as(DEMO_USERS.lead);
        const where = { owner: 'acme', repo: 'security-tracking', comment_id: comment.id };
        if (this.target.touch === 'delete') await client.rest.issues.deleteComment(where);
        else await client.rest.issues.updateComment({ ...where, body: 'Never mind this.' });
        await this.world.sandbox.settled();
      }
    }
    this.phases.push((await this.state())?.phase ?? 'none');
  }

  override async say(actor: string, body: string): Promise<string> {
    const result = await super.say(actor, body);
    await this.afterStep();
    return result;
  }
  override async act(actor: string, action: string, run: () => Promise<unknown>): Promise<void> {
    await super.act(actor, action, run);
    await this.afterStep();
  }
  override async wait(duration: string, why: string): Promise<void> {
    await super.wait(duration, why);
    await this.afterStep();
  }
  override async tick(why: string): Promise<void> {
    await super.tick(why);
    await this.afterStep();
  }
}

/** What the App wrote outside the tracking issue: branches, commits, the advisory, the fork, PRs. */
function effectsOf(world: World): string[] {
  return (
    world.sandbox
      .requests()
      .filter((r) => byApp(r) && r.method !== 'GET' && !r.path.includes('/security-tracking'))
      .filter((r) => !r.path.includes('/access_tokens') && r.path !== '/graphql')
      // The sandbox numbers CVEs from its id counter, which a deleted comment's notice moves.
      .map((r) => `${r.method} ${r.path.replace(/\?.*/, '').replace(/cve-\d{4}-\d+/gi, 'cve-N')}`)
      .sort()
  );
}

async function play(target?: { position: number; touch: Touch }) {
  const world = await startWorld({ scenario: demoScenario('default'), app: { tickInterval: 0 } });
  worlds.push(world);
  const walk = new WalkingPlay(world, target);
  await triageFixDraft(walk);
  await releaseToPostmortem(walk);
  return { world, walk, file: await walk.caseFile(), comments: await walk.comments() };
}

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

describe('an App comment deleted or edited at every step of the default story', () => {
  it('walks every position', async () => {
    const baseline = await play();
    const own = baseline.comments.filter((c) => c.author === BOT_LOGIN);
    const expectedEffects = effectsOf(baseline.world);
    expect(baseline.file?.case.phase).toBe('closed');
    expect(baseline.file?.flags).toEqual([]);
    await baseline.world.close();
    worlds.splice(0);
    for (const touch of ['delete', 'edit'] as const) {
      for (let position = 0; position < own.length; position++) {
        const run = await play({ position, touch });
        const where = `${touch} App comment #${String(position + 1)}`;
        expect(run.walk.touched, where).toBeDefined();
        expect(run.walk.phases, where).toEqual(baseline.walk.phases);
        expect(effectsOf(run.world), where).toEqual(expectedEffects);
        expect(
          run.file?.flags.map((f) => f.comment),
          where,
        ).toEqual([run.walk.touched]);
        const notices = run.comments.filter(
          (c) =>
            c.author === BOT_LOGIN &&
            c.body.includes(`a comment the App wrote (${String(run.walk.touched)})`),
        );
        expect(notices, where).toHaveLength(1);
        await run.world.close();
        worlds.splice(0);
      }
    }
  }, 600_000);
});
