import { afterEach, describe, expect, it } from 'vitest';
import { censusOf } from '../../src/bench/comment-census.js';
import { BOT_LOGIN, Play } from '../../src/demo/play.js';
import { DEMO_TIME_ZONE, demoScenario, TRACKING_REPO } from '../../src/demo/scenario.js';
import { localDate } from '../../src/domain/clock.js';
import {
  mergeThroughAdvisory,
  changesetReleaseToPostmortem,
  releaseToPostmortem,
  triageFixDraft,
} from '../../src/demo/script.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { decodeCaseFile } from '../../src/domain/case-file-codec.js';
import { CASE_FILE_OPEN, RECORD_V1_OPEN } from '../../src/domain/markers.js';
import { readV1Fixture } from '../helpers/v1-fixtures.js';

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

/**
 * A case the v1 App left half-way (the golden fixture: records in every App comment, no case
 * file) is put in place of the tracking issue on a GitHub where the story's first half really
 * happened, the App is restarted, and the second half of the story is played: the case migrates
 * on first touch, keeps everything v1 recorded, and reaches `closed` answering every later
 * command comment once.
 */
describe.each([
  ['default', releaseToPostmortem],
  ['changesets', changesetReleaseToPostmortem],
] as const)('a v1 %s case, migrated on first touch', (profile, secondHalf) => {
  it('goes on to closed', async () => {
    const fixture = readV1Fixture(`${profile}-mid`);
    const world = await startWorld({
      scenario: demoScenario(profile),
      secret: fixture.secret,
      app: { tickInterval: 0 },
    });
    worlds.push(world);
    const play = new Play(world);
    await triageFixDraft(play, profile);
    const story = await play.state();
    expect(world.now().toISOString()).toBe(fixture.now);
    world.sandbox.importIssue({
      repo: TRACKING_REPO,
      number: play.issue,
      title: fixture.issue.title,
      body: fixture.issue.body,
      state: 'open',
      comments: fixture.comments,
    });
    await world.restartApp();
    const before = await play.comments();
    expect(before.map((c) => c.id)).toEqual(fixture.comments.map((c) => c.id));
    expect(before.some((c) => c.body.includes(RECORD_V1_OPEN))).toBe(true);
    expect(
      (
        await world
          .as('maintainer-max')
          .rest.issues.get({ owner: 'acme', repo: 'security-tracking', issue_number: play.issue })
      ).data.body,
    ).not.toContain(CASE_FILE_OPEN);

    // The v1 case named its fix `3f2c1ab`, a commit this repository does not have: once the
    // fork is merged, the maintainer says which commit carries it.
    await mergeThroughAdvisory(play, story?.ghsaId);
    await play.say('maintainer-max', `/merged ${story?.fixes[0]?.sha ?? ''}`);
    const replies = (await play.comments())
      .slice(-4)
      .map((c) => `${c.author}: ${c.body.slice(0, 120)}`);
    expect((await play.state())?.items['fix-landed'], replies.join('\n')).toBeTruthy();
    if (profile === 'changesets') {
      // v1 gave every case a 60-day embargo; the runbook publishes once released, and the
      // migrated embargo holds until a maintainer moves it, with a reason.
      const today = localDate(world.now(), DEMO_TIME_ZONE);
      await play.say('maintainer-max', `/embargo ${today} the runbook publishes once released`);
      expect((await play.state())?.embargo?.date).toBe(today);
    }
    await secondHalf(play);

    const file = await play.caseFile();
    expect(file?.case.phase).toBe('closed');
    expect(file?.flags).toEqual([]);
    const notes = file?.log.map((l) => l.note) ?? [];
    expect(notes.some((n) => n.startsWith('Case file migrated from version 1'))).toBe(true);
    // What v1 recorded survived: the triage, the fork, the CVE, the embargo.
    expect(notes).toEqual(
      expect.arrayContaining(['Reproduced locally', 'In scope', 'Case opened']),
    );
    expect(file?.case.fork?.name).toBeTruthy();
    expect(file?.case.cve.id).toMatch(/^CVE-/);
    expect(file?.case.embargo?.date).toBeTruthy();
    // Every command comment typed after the migration got exactly one reply, none empty.
    const after = (await play.comments()).filter((c) => !before.some((b) => b.id === c.id));
    const census = censusOf(
      after,
      BOT_LOGIN,
      { repo: TRACKING_REPO, issue: play.issue },
      world.secret,
    );
    expect(census.humanCommandComments).toBeGreaterThan(0);
    expect(census.notAnsweredOnce).toEqual([]);
    expect(census.emptyAppComments).toBe(0);
    // The v1 comments are left as they were: nothing of the migration is written into them.
    const now = await play.comments();
    for (const old of fixture.comments)
      expect(now.find((c) => c.id === old.id)?.body).toBe(old.body);
    const read = decodeCaseFile(
      (
        await world
          .as('maintainer-max')
          .rest.issues.get({ owner: 'acme', repo: 'security-tracking', issue_number: play.issue })
      ).data.body ?? '',
      { repo: TRACKING_REPO, issue: play.issue },
      world.secret,
    );
    expect(read.kind).toBe('found');
  }, 120_000);
});
