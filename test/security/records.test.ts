import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, PRODUCT_REPO, TRACKING_REPO } from '../../src/demo/scenario.js';
import { DEMO_VECTOR } from '../../src/demo/script.js';
import { encodeRecordMarker, extractRecords } from '../../src/domain/record-codec.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import {
  BOT,
  recordsOf,
  scenarioWithUsers,
  startHarness,
  type Harness,
  type ReadComment,
} from '../reliability/harness.js';

// State lives in signed records inside the App's own comments. Copies, edits and forgeries by
// people who can write to the tracking issue must never move a case: each untrusted marker is
// ignored and flagged exactly once.
const validator = createOpenApiValidator();
let world: Harness;
/** The case under attack (just reported) and a second case further along (a source of records). */
let target: Play;
let source: Play;
/** The App comment an admin edited (its records no longer verify, as intended). */
let editedId = 0;
const { lead, second } = DEMO_USERS;
const MARKER = /<!-- advisory-pilot:record [\s\S]*? -->/g;

beforeAll(async () => {
  world = await startHarness({
    validator,
    scenario: scenarioWithUsers({
      // A human whose login looks like the App's.
      'advisory-pilot': { [PRODUCT_REPO]: 'read', [TRACKING_REPO]: 'write' },
    }),
  });
  source = new Play(world);
  await source.report('SSRF in the importer', 'The importer fetches any URL.');
  await source.say(lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
  target = new Play(world);
  await target.report('Stored XSS in comments', 'A comment with an SVG runs script.');
});
afterAll(async () => {
  await world.close();
});

function flagsOf(comments: readonly ReadComment[], commentId: number): ReadComment[] {
  return comments.filter(
    (c) =>
      c.author === BOT &&
      c.body.startsWith(`⚠️ Ignored a hidden record in comment ${String(commentId)} `),
  );
}

/** A genuine marker from the source case: the record that moved it from triage to fix. */
async function genuinePhaseMarker(): Promise<string> {
  const comments = await source.comments();
  for (const c of comments.filter((x) => x.author === BOT)) {
    for (const marker of c.body.match(MARKER) ?? []) {
      if (marker.includes('"phase":"fix"')) return marker;
    }
  }
  throw new Error('no phase record in the source case');
}

/** Posts a comment as `author`, then a command so the App loads the case again. */
async function plant(author: string, body: string): Promise<number> {
  const { data } = await world.as(author).rest.issues.createComment({
    owner: 'acme',
    repo: 'security-tracking',
    issue_number: target.issue,
    body,
  });
  await world.quiet();
  await target.say(second, '/status');
  return data.id;
}

async function expectUnmoved(commentId: number): Promise<void> {
  await target.say(lead, '/status');
  const { folded, comments } = await recordsOf(world, target.issue);
  expect(folded.case?.phase).toBe('triage');
  expect(folded.case?.items).toEqual({});
  expect(flagsOf(comments, commentId)).toHaveLength(1);
}

describe('forged and edited records', () => {
  it('a genuine, validly signed record copied from another case into a human comment', async () => {
    const marker = await genuinePhaseMarker();
    expect(extractRecords(marker, world.secret).records).toHaveLength(1);
    const id = await plant(lead, `Moving this along.\n${marker}`);
    await expectUnmoved(id);
  });

  it('a record signed with a guessed secret', async () => {
    const forged = encodeRecordMarker(
      {
        v: 1,
        id: 'forged-1',
        at: '2026-11-20T14:00:00.000Z',
        by: 'advisory-pilot[bot]',
        type: 'update',
        patch: { set: { phase: 'publish' } },
      },
      'advisory-pilot',
    );
    const id = await plant(second, forged);
    await expectUnmoved(id);
  });

  it('markers hidden in code, quotes and HTML comments of a human comment', async () => {
    const marker = await genuinePhaseMarker();
    const id = await plant(
      second,
      ['```', marker, '```', `> ${marker}`, `<!-- ${marker} -->`, `\`${marker}\``].join('\n'),
    );
    await expectUnmoved(id);
  });

  it('a marker from a human whose login looks like the App', async () => {
    const id = await plant('advisory-pilot', await genuinePhaseMarker());
    await expectUnmoved(id);
  });

  it('an App comment edited by an admin: the edited record is ignored and flagged once', async () => {
    const { comments } = await recordsOf(world, target.issue);
    const welcome = comments.find((c) => c.author === BOT && c.body.includes('"case-opened"'));
    expect(welcome).toBeDefined();
    const edited = welcome!.body.replace('"source":"advisory"', '"source":"manual"');
    expect(edited).not.toBe(welcome!.body);
    editedId = welcome!.id;
    await world.as(lead).rest.issues.updateComment({
      owner: 'acme',
      repo: 'security-tracking',
      comment_id: welcome!.id,
      body: `${edited}\n${await genuinePhaseMarker()}`,
    });
    await target.say(second, '/status');
    await target.say(second, '/status');
    const after = await recordsOf(world, target.issue);
    expect(flagsOf(after.comments, welcome!.id)).toHaveLength(1);
    // The edited opening no longer counts, and the appended copy never did: no case to move.
    expect(after.folded.case?.phase ?? 'no case').not.toBe('fix');
    expect(after.folded.case?.source ?? 'advisory').toBe('advisory');
  });

  it('every marker in every App comment is one the App signed', async () => {
    for (const play of [source, target]) {
      for (const c of (await play.comments()).filter((x) => x.author === BOT)) {
        if (c.id === editedId) continue;
        const markers = c.body.match(MARKER) ?? [];
        const { records, problems } = extractRecords(c.body, world.secret);
        expect(problems, c.body.slice(0, 200)).toEqual([]);
        expect(records).toHaveLength(markers.length);
      }
    }
  });
});
