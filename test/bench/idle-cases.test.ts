import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cloneCase,
  idleScenario,
  settleTemplateBody,
  syntheticGhsa,
  type CaseTemplate,
  type PostedComment,
} from '../../src/bench/idle-cases.js';
import { visibleText } from '../../src/bench/comment-census.js';
import { newCaseFile, type CaseFile } from '../../src/domain/case-file.js';
import {
  commentDigest,
  decodeCaseFile,
  encodeCaseFile,
  type CaseFileHome,
} from '../../src/domain/case-file-codec.js';
import { expectedCase } from '../../src/domain/effect-plan.js';
import { fold } from '../../src/domain/fold.js';
import { STATUS_END, STATUS_START } from '../../src/domain/markers.js';
import { decodeReplyRef, encodeReplyRef, type ReplyRef } from '../../src/domain/reply-ref.js';
import { Scenario } from '../../src/sandbox/index.js';
import { readCaseMarker } from '../../src/store/case-index.js';
import { openedRecord } from '../domain/fixtures.js';

const SECRET = 'bench-secret';
const GHSA = 'GHSA-2c5f-hj7m-pq9r';
const BOT = 'advisory-pilot[bot]';
const HOME: CaseFileHome = { repo: 'acme/security-tracking', issue: 7 };
const JOB = 'delivery-2';
const AT = '2026-11-20T15:00:00.000Z';

/** The case file right after `/reproduced` + `/ack`: written once, its effect and reply pending. */
function writtenFile(): CaseFile {
  const opened = fold([openedRecord({ ghsaId: GHSA, tracking: HOME })]).case;
  if (!opened) throw new Error('no case');
  const file = newCaseFile({ ...opened, phase: 'fix', phaseEnteredAt: AT }, [
    { at: AT, by: BOT, note: 'Case opened' },
    { at: AT, by: 'maintainer-max', note: 'Phase triage → fix' },
  ]);
  return {
    ...file,
    rev: 2,
    deliveries: [JOB],
    pending: [
      {
        effect: {
          kind: 'update-advisory',
          key: 'accept-report',
          repo: 'acme/widget',
          ghsaId: GHSA,
          fields: { state: 'draft' },
        },
        job: JOB,
        replyTo: 9,
        at: AT,
        expected: [
          {
            patch: { set: { advisory: { state: 'draft' } } },
            note: 'Report accepted: the advisory is a draft',
          },
        ],
      },
    ],
    outbox: [{ job: JOB, kind: 'reply', key: JOB, replyTo: 9, text: '✅ Reproduced.', at: AT }],
  };
}

function bodyWith(file: CaseFile, home: CaseFileHome = HOME): string {
  return [
    `<!-- advisory-pilot:case acme/widget ${GHSA} -->`,
    `Security advisory case for https://github.com/acme/widget/security/advisories/${GHSA}.`,
    '',
    STATUS_START,
    `### ${GHSA}: phase Fix`,
    encodeCaseFile(file, home, SECRET),
    STATUS_END,
    '',
  ].join('\n');
}

function reply(ref: Partial<ReplyRef> = {}, home: CaseFileHome = HOME): PostedComment {
  const signed: ReplyRef = { job: JOB, rev: 2, done: ['accept-report'], replyTo: 9, ...ref };
  return {
    id: 1021,
    nodeId: 'IC_1021',
    author: BOT,
    body: `✅ Reproduced. Advisory ${GHSA} accepted.\n\n${encodeReplyRef(signed, home, SECRET)}`,
  };
}

function fileOf(body: string, home: CaseFileHome, secret = SECRET): CaseFile {
  const read = decodeCaseFile(body, home, secret);
  if (read.kind !== 'found') throw new Error(`not found: ${JSON.stringify(read)}`);
  return read.file;
}

const posted = reply();
const template: CaseTemplate = {
  secret: SECRET,
  ghsaId: GHSA,
  issue: HOME.issue,
  title: `[${GHSA}] Path traversal in the file upload endpoint`,
  body: settleTemplateBody(bodyWith(writtenFile()), [posted], HOME, SECRET, BOT),
  comments: [posted.body],
};

describe('syntheticGhsa', () => {
  it('gives every case its own GHSA-shaped ID', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (a, b) => {
        expect(syntheticGhsa(a)).toMatch(/^GHSA-bnch-[2-9cfghjmpqrvwx]{4}-[2-9cfghjmpqrvwx]{4}$/);
        expect(syntheticGhsa(a) === syntheticGhsa(b)).toBe(a === b);
      }),
    );
  });
});

describe('settleTemplateBody', () => {
  it('records the posted reply and applies the effects its signed reference names done', () => {
    const before = writtenFile();
    const file = fileOf(template.body, HOME);
    expect(file.pending).toEqual([]);
    expect(file.outbox).toEqual([]);
    expect(file.rev).toBe(3);
    expect(file.case).toEqual(expectedCase(before));
    expect(file.case.advisory.state).toBe('draft');
    expect(file.log.map((l) => l.note)).toEqual([
      'Case opened',
      'Phase triage → fix',
      'Report accepted: the advisory is a draft',
    ]);
    expect(file.comments).toEqual([
      {
        id: 1021,
        nodeId: 'IC_1021',
        kind: 'reply',
        key: JOB,
        digest: commentDigest(posted.body),
        replyTo: 9,
      },
    ]);
    // The people's text and the status section are kept byte for byte.
    const outside = (body: string) => body.replace(/<!-- advisory-pilot:case-file [^\n]*/, '');
    expect(outside(template.body)).toBe(outside(bodyWith(before)));
  });

  it('leaves a case file with nothing waiting as it is', () => {
    expect(settleTemplateBody(template.body, [posted], HOME, SECRET, BOT)).toBe(template.body);
  });

  const stillWaiting: [string, PostedComment[]][] = [
    ['no reply at all', []],
    ['a reply that does not name the effect done', [reply({ done: [] })]],
    ['a reply for another job', [reply({ job: 'delivery-3' })]],
    ['a reply signed for another issue', [reply({}, { ...HOME, issue: 8 })]],
    ['a reply by someone else', [{ ...posted, author: 'maintainer-max' }]],
  ];
  it.each(stillWaiting)('refuses a template left waiting: %s', (_name, comments) => {
    expect(() => settleTemplateBody(bodyWith(writtenFile()), comments, HOME, SECRET, BOT)).toThrow(
      /still waits on/,
    );
  });
});

describe('cloneCase', () => {
  it('moves the case to another GHSA ID and issue, with a case file signed for it and nothing pending', () => {
    const clone = cloneCase(template, 41, 42);
    const ghsa = syntheticGhsa(41);
    const home = { ...HOME, issue: 42 };
    expect(readCaseMarker(clone.body)).toEqual({ repo: 'acme/widget', ghsaId: ghsa });
    expect(clone.title).toContain(ghsa);
    const file = fileOf(clone.body, home);
    expect(file.case.ghsaId).toBe(ghsa);
    expect(file.case.tracking).toEqual({ repo: 'acme/security-tracking', issue: 42 });
    expect(file.case.phase).toBe('fix');
    expect(file.case.advisory.state).toBe('draft');
    expect(file.pending).toEqual([]);
    expect(file.outbox).toEqual([]);
    expect(file.rev).toBe(3);
    expect(file.comments).toEqual([
      {
        id: 1021,
        nodeId: 'IC_1021',
        kind: 'reply',
        key: JOB,
        digest: commentDigest(clone.comments[0] ?? ''),
        replyTo: 9,
      },
    ]);
    expect(decodeReplyRef(clone.comments[0] ?? '', home, SECRET)).toEqual({
      job: JOB,
      rev: 2,
      done: ['accept-report'],
      replyTo: 9,
    });
    expect(visibleText(clone.comments[0] ?? '')).toBe(`✅ Reproduced. Advisory ${ghsa} accepted.`);
    expect([clone.title, clone.body, ...clone.comments].join('\n')).not.toContain(GHSA);
  });

  it('signs for the clone’s issue only: the template’s issue and other clones refuse it', () => {
    const clone = cloneCase(template, 1, 2);
    expect(decodeCaseFile(clone.body, HOME, SECRET).kind).toBe('unreadable');
    expect(decodeCaseFile(clone.body, { ...HOME, issue: 3 }, SECRET).kind).toBe('unreadable');
    expect(decodeReplyRef(clone.comments[0] ?? '', HOME, SECRET)).toBeUndefined();
  });

  it('signs nothing a reader with another secret would trust', () => {
    const clone = cloneCase(template, 1, 2);
    const home = { ...HOME, issue: 2 };
    const read = decodeCaseFile(clone.body, home, 'other');
    expect(read.kind).toBe('unreadable');
    expect(read.kind === 'unreadable' ? read.reason : '').toMatch(/signature/);
    expect(clone.comments.map((body) => decodeReplyRef(body, home, 'other'))).toEqual([undefined]);
  });

  it('refuses a template whose case file does not verify', () => {
    expect(() => cloneCase({ ...template, issue: 8 }, 1, 2)).toThrow(/did not verify/);
  });
});

describe('idleScenario', () => {
  it('is a valid sandbox scenario with one labelled tracking issue per case, written by the App', () => {
    const scenario = Scenario.parse(idleScenario(template, 3));
    const tracking = scenario.repos.find((r) => r.name === 'acme/security-tracking');
    expect(tracking?.issues).toHaveLength(3);
    expect(tracking?.issues.every((i) => i.author === 'advisory-pilot[bot]')).toBe(true);
    expect(tracking?.issues.every((i) => i.labels.includes('security-advisory'))).toBe(true);
    expect(new Set(tracking?.issues.map((i) => readCaseMarker(i.body ?? '')?.ghsaId)).size).toBe(3);
    expect(
      tracking?.issues.map(
        (i, n) => decodeCaseFile(i.body ?? '', { ...HOME, issue: n + 1 }, SECRET).kind,
      ),
    ).toEqual(['found', 'found', 'found']);
    expect(scenario.users.map((u) => u.login)).toContain('advisory-pilot[bot]');
  });
});
