import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, PRODUCT_REPO, TRACKING_REPO } from '../../src/demo/scenario.js';
import { DEMO_VECTOR } from '../../src/demo/script.js';
import type { Case } from '../../src/domain/case.js';
import type { CaseFile } from '../../src/domain/case-file.js';
import { encodeCaseFile } from '../../src/domain/case-file-codec.js';
import { CASE_FILE_CLOSE, CASE_FILE_OPEN } from '../../src/domain/markers.js';
import { encodeReplyRef } from '../../src/domain/reply-ref.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import {
  answersTo,
  appWrites,
  BOT,
  caseOf,
  dieAfter,
  jobsOfComment,
  replyRefOf,
  scenarioWithUsers,
  startHarness,
  unfinishedOf,
  type Harness,
  type ReadComment,
} from '../reliability/harness.js';

// The state of a case lives in one place: the signed case file in its tracking issue's body,
// bound to that issue. App comments hold none, only the signed reference of the job they
// answer. People who can write to the tracking issue must not move a case by forging, copying or
// editing any of it: a body the App cannot trust stops the case with one notice and is never
// written over; state anywhere else is ignored; an App comment someone else changed is flagged
// once and changes nothing.
const validator = createOpenApiValidator();
let world: Harness;
/** A case further along (triage → fix): the source of genuine case files. */
let source: Play;
/** Every case played here (their App comments are checked at the end). */
const plays: Play[] = [];
/** App comments someone else edited (their text is no longer the App's). */
const edited: number[] = [];
const { lead, second } = DEMO_USERS;
/** A human whose login looks like the App's. */
const LOOKALIKE = 'advisory-pilot';
const [OWNER = '', REPO = ''] = TRACKING_REPO.split('/');
const UNREADABLE = "⚠️ **The App cannot read this case's state, so it has stopped working";

beforeAll(async () => {
  world = await startHarness({
    validator,
    scenario: scenarioWithUsers({
      [LOOKALIKE]: { [PRODUCT_REPO]: 'read', [TRACKING_REPO]: 'write' },
    }),
  });
  source = await newCase('SSRF in the importer');
  await source.say(lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
  expect((await source.state())?.phase).toBe('fix');
});
afterAll(async () => {
  await world.close();
});

async function newCase(summary: string): Promise<Play> {
  const play = new Play(world);
  await play.report(summary, 'Details inside.');
  plays.push(play);
  return play;
}

/** The signed case-file marker in a body. */
function caseFileMarker(body: string): string {
  const start = body.indexOf(CASE_FILE_OPEN);
  const end = body.indexOf(CASE_FILE_CLOSE, start + CASE_FILE_OPEN.length);
  if (start < 0 || end < 0) throw new Error('no case file in the body');
  return body.slice(start, end + CASE_FILE_CLOSE.length);
}

/** The marker of a case file as the codec writes it, with `sig` as given (or none). */
function markerWith(file: CaseFile, sig?: string): string {
  const json = JSON.stringify(sig === undefined ? { file } : { sig, file })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  return `${CASE_FILE_OPEN}${json}${CASE_FILE_CLOSE}`;
}

async function setBody(actor: string, issue: number, body: string): Promise<void> {
  await world.as(actor).rest.issues.update({ owner: OWNER, repo: REPO, issue_number: issue, body });
  await world.quiet();
}

async function comment(actor: string, issue: number, body: string): Promise<number> {
  const { data } = await world
    .as(actor)
    .rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: issue, body });
  await world.quiet();
  return data.id;
}

const appComments = (comments: readonly ReadComment[]) => comments.filter((c) => c.author === BOT);

/** The case without what answering a harmless command changes. */
function comparable(state: Case | undefined): unknown {
  if (!state) return undefined;
  const { handledComments: _handled, lastActivityAt: _activity, ...rest } = state;
  return rest;
}

interface Forgery {
  name: string;
  /** The forged body, from the genuine one (and its verified case file). */
  forge: (body: string, file: CaseFile) => Promise<string> | string;
  /** What the notice says is wrong. */
  reason: string;
}

const FORGERIES: Forgery[] = [
  {
    name: 'edited by hand (the phase moved on, the signature kept)',
    forge: (body) => {
      const marker = caseFileMarker(body);
      return body.replace(marker, marker.replace('"phase":"triage"', '"phase":"publish"'));
    },
    reason: 'the case file signature does not verify',
  },
  {
    name: 'signed with a guessed secret',
    forge: (body, file) =>
      body.replace(
        caseFileMarker(body),
        encodeCaseFile(
          { ...file, case: { ...file.case, phase: 'publish' } },
          { repo: TRACKING_REPO, issue: file.case.tracking.issue },
          'advisory-pilot',
        ),
      ),
    reason: 'the case file signature does not verify',
  },
  {
    name: 'unsigned',
    forge: (body, file) =>
      body.replace(
        caseFileMarker(body),
        markerWith({ ...file, case: { ...file.case, phase: 'publish' } }),
      ),
    reason: 'the case file is not signed',
  },
  {
    name: 'copied from another issue (genuine, signed for the case it came from)',
    forge: async (body) =>
      body.replace(caseFileMarker(body), caseFileMarker((await caseOf(world, source.issue)).body)),
    reason: 'the case file signature does not verify',
  },
  {
    name: 'a second case file (copied from another issue) below the first',
    forge: async (body) => `${body}\n${caseFileMarker((await caseOf(world, source.issue)).body)}`,
    reason: 'the body holds more than one case file',
  },
];

describe('a case file in the body the App cannot trust', () => {
  it.each(FORGERIES)(
    '$name: one notice, nothing written over it, nothing answered until it is restored',
    async ({ name, forge, reason }) => {
      const play = await newCase(`Stored XSS, case file ${name}`);
      const genuine = await caseOf(world, play.issue);
      expect(genuine.read.kind).toBe('found');
      const forged = await forge(genuine.body, genuine.file!);
      expect(forged).not.toBe(genuine.body);
      const writesBefore = appWrites(world.raw).length;

      await setBody(lead, play.issue, forged);
      await play.say(second, '/status');
      await play.say(lead, '/phase publish --force');
      await play.say(LOOKALIKE, '/status');
      const during = await caseOf(world, play.issue);
      expect(during.read).toEqual({
        kind: 'unreadable',
        reason: expect.stringContaining(reason) as unknown,
      });
      // Nothing was written over it: the body is the forger's, byte for byte.
      expect(during.body).toBe(forged);
      // One notice says so and what to do; no command was answered.
      const fresh = appComments(during.comments).slice(appComments(genuine.comments).length);
      expect(fresh).toHaveLength(1);
      expect(fresh[0]?.body).toContain(UNREADABLE);
      expect(fresh[0]?.body).toContain(reason);
      expect(fresh[0]?.body).toContain('restore the last version the App wrote');
      expect(replyRefOf(world, play.issue, fresh[0]!)).toBeDefined();
      // The notice is the App's only write.
      expect(
        appWrites(world.raw)
          .slice(writesBefore)
          .map((w) => `${w.method} ${w.path}`),
      ).toEqual([`POST /repos/${TRACKING_REPO}/issues/${String(play.issue)}/comments`]);

      // Restored to the version the App wrote, the case goes on from where it was.
      await setBody(lead, play.issue, genuine.body);
      await play.say(second, '/status');
      const after = await caseOf(world, play.issue);
      expect(after.read.kind).toBe('found');
      expect(after.state?.phase).toBe('triage');
      expect(comparable(after.state)).toEqual(comparable(genuine.state));
      const answered = appComments(after.comments).slice(appComments(during.comments).length);
      expect(answered).toHaveLength(1);
      expect(answered[0]?.body).toContain('Phase **triage**');
    },
  );
});

describe('state outside the body is not state', () => {
  it('a genuine case file in a human comment (plain, in code, quoted, hidden) is ignored', async () => {
    const play = await newCase('Open redirect on login');
    // A genuine file of this very issue from before it moved on, and one of a case further along.
    const older = caseFileMarker((await caseOf(world, play.issue)).body);
    await play.say(lead, '/reproduced');
    const before = await caseOf(world, play.issue);
    expect(before.state?.items.reproduced?.status).toBe('done');
    const further = caseFileMarker((await caseOf(world, source.issue)).body);
    await comment(lead, play.issue, `Moving this along.\n${further}`);
    await comment(
      second,
      play.issue,
      ['```', further, '```', `> ${further}`, `<!-- ${further} -->`, `\`${older}\``].join('\n'),
    );
    await comment(LOOKALIKE, play.issue, older);
    await comment(LOOKALIKE, play.issue, further);
    await play.say(second, '/status');

    const after = await caseOf(world, play.issue);
    expect(after.read.kind).toBe('found');
    expect(comparable(after.state)).toEqual(comparable(before.state));
    expect(after.state?.phase).toBe('triage');
    expect(after.standing?.log).toEqual(before.standing?.log);
    // Only the `/status` was answered: no notice, no flag, nothing said about the pasted files.
    const fresh = appComments(after.comments).slice(appComments(before.comments).length);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.body).toContain('Phase **triage**');
  });

  it('a reference signed for this issue and its waiting job, in a human comment, confirms nothing', async () => {
    const play = await newCase('Path traversal in the upload endpoint');
    const intent = new RegExp(`^/repos/${TRACKING_REPO}/issues/${String(play.issue)}$`);
    // The App dies right after writing the intent of the job: its effects are pending, its
    // reply decided but not posted.
    const failures = world.app.state.jobs.failures;
    await dieAfter(
      world,
      (r) => r.method === 'PATCH' && intent.test(r.path),
      () => play.say(lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`),
    );
    expect(world.app.state.jobs.failures).toBe(failures + 1);
    const cut = await caseOf(world, play.issue);
    const job = cut.file?.outbox[0]?.job ?? '';
    expect(unfinishedOf(cut)).toEqual({
      effects: [`${job} update-advisory`, `${job} advisory-comment`, `${job} update-advisory`],
      comments: [job],
    });
    const ghsaId = cut.state?.ghsaId;
    const advisory = () =>
      world.raw.core.state.repos.get(PRODUCT_REPO)?.advisories.find((a) => a.ghsaId === ghsaId);
    expect(advisory()?.state).toBe('triage');
    expect(advisory()?.comments).toEqual([]);

    // What the App's reply would carry had it done everything: validly signed, for this issue.
    const ref = encodeReplyRef(
      { job, rev: cut.file?.rev ?? 1, done: cut.file?.pending.map((p) => p.effect.key) ?? [] },
      { repo: TRACKING_REPO, issue: play.issue },
      world.secret,
    );
    const copies = [
      await comment(lead, play.issue, `All done already.\n\n${ref}`),
      await comment(LOOKALIKE, play.issue, `Starting… done.\n\n${ref}`),
    ];
    const planted = await caseOf(world, play.issue);
    expect(planted.comments.filter((c) => copies.includes(c.id)).map((c) => c.body)).toEqual([
      expect.stringContaining(ref),
      expect.stringContaining(ref),
    ]);
    expect(unfinishedOf(planted)).toEqual(unfinishedOf(cut));

    await play.say(second, '/status');
    const after = await caseOf(world, play.issue);
    expect(unfinishedOf(after)).toEqual({ effects: [], comments: [] });
    // The effects ran after all: the advisory is a scored draft, the reporter was written to.
    expect(advisory()?.state).toBe('draft');
    expect(advisory()?.cvssVector).toBe(DEMO_VECTOR);
    expect(advisory()?.comments.filter((c) => c.user === BOT)).toHaveLength(1);
    expect(after.state?.phase).toBe('fix');
    expect(after.state?.items['draft-advisory']?.status).toBe('done');
    // The command comment has its one reply, from the App; the copies got none.
    const commented = after.comments.find((c) => c.body.startsWith('/reproduced'));
    expect(
      answersTo(world, play.issue, after.comments, jobsOfComment(world, commented!.id)),
    ).toHaveLength(1);
    for (const id of copies)
      expect(answersTo(world, play.issue, after.comments, jobsOfComment(world, id))).toEqual([]);
  });
});

describe('an App comment changed by someone else', () => {
  it('edited by an admin (twice, with a case file pasted in): flagged once, the case unchanged', async () => {
    const play = await newCase('CSRF on the settings page');
    await play.say(lead, '/reproduced');
    const before = await caseOf(world, play.issue);
    const reply = appComments(before.comments).at(-1)!;
    expect(replyRefOf(world, play.issue, reply)).toBeDefined();
    edited.push(reply.id);
    const further = caseFileMarker((await caseOf(world, source.issue)).body);
    const text = `Phase **publish**. Nothing left to do.\n\n${further}`;
    for (const body of [text, `${text}\n\n(edited again)`]) {
      await world.as(lead).rest.issues.updateComment({
        owner: OWNER,
        repo: REPO,
        comment_id: reply.id,
        body,
      });
      await world.quiet();
    }

    const after = await caseOf(world, play.issue);
    expect(after.file?.case).toEqual(before.file?.case);
    expect(after.file?.flags.map((f) => f.comment)).toEqual([reply.id]);
    const fresh = appComments(after.comments).slice(appComments(before.comments).length);
    expect(fresh.map((c) => c.body.split('\n')[0])).toEqual([
      expect.stringContaining(
        `⚠️ \`${lead}\` edited a comment the App wrote (${String(reply.id)}).`,
      ) as unknown,
    ]);
    expect(fresh[0]?.body).toContain('the case is unchanged');

    // The case goes on as it was.
    await play.say(second, '/status');
    const later = await caseOf(world, play.issue);
    expect(comparable(later.state)).toEqual(comparable(before.state));
    expect(appComments(later.comments)).toHaveLength(appComments(after.comments).length + 1);
  });

  it('deleted by an admin (the deletion delivered twice): flagged once, the case unchanged', async () => {
    const play = await newCase('Timing attack on tokens');
    await play.say(lead, '/reproduced');
    const before = await caseOf(world, play.issue);
    const reply = appComments(before.comments).at(-1)!;
    await world
      .as(lead)
      .rest.issues.deleteComment({ owner: OWNER, repo: REPO, comment_id: reply.id });
    await world.quiet();
    const deletion = world.raw
      .deliveries()
      .findLast((d) => d.event === 'issue_comment' && d.action === 'deleted');
    expect((deletion?.payload.comment as { id?: number } | undefined)?.id).toBe(reply.id);
    world.raw.core.webhooks.redeliver(deletion!.id);
    await world.quiet();

    const after = await caseOf(world, play.issue);
    expect(after.file?.case).toEqual(before.file?.case);
    expect(after.file?.flags.map((f) => f.comment)).toEqual([reply.id]);
    const fresh = appComments(after.comments).filter((c) => c.id > reply.id);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.body).toContain(
      `⚠️ \`${lead}\` deleted a comment the App wrote (${String(reply.id)}).`,
    );
  });
});

describe('the hidden markers the App wrote', () => {
  it('each App comment carries one, its reference signed for its issue; each body one case file', async () => {
    // The source, one case per forgery, one for state in comments, one for the reference, two changed.
    expect(plays).toHaveLength(1 + FORGERIES.length + 1 + 1 + 2);
    for (const play of plays) {
      const read = await caseOf(world, play.issue);
      expect(read.read.kind, `#${String(play.issue)}`).toBe('found');
      expect(read.body.split(CASE_FILE_OPEN)).toHaveLength(2);
      for (const c of appComments(read.comments)) {
        if (edited.includes(c.id)) continue;
        expect(c.body.match(/<!-- advisory-pilot:[a-z-]+ /g), c.body.slice(0, 200)).toEqual([
          '<!-- advisory-pilot:reply ',
        ]);
        expect(replyRefOf(world, play.issue, c), c.body.slice(0, 200)).toBeDefined();
      }
    }
  });
});
