import { describe, expect, it } from 'vitest';
import { encodeCaseFile } from '../../src/domain/case-file-codec.js';
import { expectedCase } from '../../src/domain/effect-plan.js';
import {
  CASE_FILE_CLOSE,
  CASE_FILE_OPEN,
  STATUS_END,
  STATUS_START,
} from '../../src/domain/markers.js';
import { decodeReplyRef, encodeReplyRef } from '../../src/domain/reply-ref.js';
import { createCaseMemory } from '../../src/runner/case-memory.js';
import { runCaseJob, type CaseJob } from '../../src/runner/run-case.js';
import { runInput } from '../../src/runner/run-input.js';
import { TrackingRepoNotPrivateError } from '../../src/store/tracking-guard.js';

import { commentIdOf, INTRO, SECOND, SECRET, setup, TRACKING, VECTOR } from './runner-setup.js';

describe('runCaseJob', () => {
  it('opens a case: one body write with the status section and the signed case file, no comment', async () => {
    const { deps, report, issue, file, count } = setup();
    const result = await runInput(deps, TRACKING, report);
    expect(result).toMatchObject({ writes: 1, comments: 0 });
    expect(result.state?.phase).toBe('triage');
    expect(count('updateIssue')).toBe(1);
    expect(count('createComment')).toBe(0);
    expect(issue().comments).toEqual([]);
    const body = issue().body;
    expect(body.startsWith(`${INTRO}\n\n${STATUS_START}`)).toBe(true);
    expect(body).toContain('Acknowledge the reporter (3 business days)');
    expect(file().deliveries).toEqual(['guid-1']);
    expect(file().log.map((e) => e.note)).toEqual(['Case opened']);
  });

  it('does nothing when the same webhook is delivered again', async () => {
    const { github, deps, report } = setup();
    await runInput(deps, TRACKING, report);
    const writes = github.writes().length;
    const again = await runInput(deps, TRACKING, report);
    expect(again).toMatchObject({ writes: 0, comments: 0 });
    expect(github.writes()).toHaveLength(writes);
  });

  it('answers a command exactly once even when its delivery is replayed', async () => {
    const { github, deps, report, command, appComments } = setup();
    await runInput(deps, TRACKING, report);
    const input = command('/reproduced');
    await runInput(deps, TRACKING, input);
    const writes = github.writes().length;
    const again = await runInput(deps, TRACKING, { ...input, delivery: 'redelivered-guid' });
    expect(again).toMatchObject({ writes: 0, comments: 0 });
    expect(github.writes()).toHaveLength(writes);
    expect(appComments().filter((c) => c.body.includes('Reproduced.'))).toHaveLength(1);
  });

  it('serialises two maintainers commanding on one case at the same moment', async () => {
    const { deps, report, command, file, count, appComments } = setup();
    await runInput(deps, TRACKING, report);
    const opened = file().rev;
    await Promise.all([
      runInput(deps, TRACKING, command('/reproduced')),
      runInput(deps, TRACKING, command('/scope in', SECOND)),
    ]);
    expect(Object.keys(expectedCase(file()).items).sort()).toEqual(['in-scope', 'reproduced']);
    // The opening, then one body write and one reply per command: neither lost the other's.
    expect(file().rev).toBe(opened + 2);
    expect(count('updateIssue')).toBe(3);
    expect(appComments()).toHaveLength(2);
  });

  it('runs a job of four commands with one body write and one comment', async () => {
    const { github, deps, report, comment, file, appComments } = setup();
    await runInput(deps, TRACKING, report);
    const job = comment(['/reproduced on 0.71.0', '/scope in', `/cvss ${VECTOR}`, '/ack']);
    const id = job.origin.kind === 'comment' ? job.origin.commentId : 0;
    const calls = github.calls.length;
    const result = await runCaseJob(deps, TRACKING, job);

    expect(result).toMatchObject({ writes: 1, comments: 1 });
    // Every write of the job, in order: the intent (the body), the two updates of the advisory
    // merged into one PATCH, the acknowledgement on the advisory, then the one comment.
    const writes = github.calls.slice(calls).filter((c) => github.writes().includes(c));
    expect(writes.map((c) => c.method)).toEqual([
      'updateIssue',
      'updateAdvisory',
      'commentOnAdvisory',
      'createComment',
    ]);
    expect(writes[1]?.args).toEqual([
      'acme/widget',
      'GHSA-2c5f-hj7m-pq9r',
      { cvss_vector_string: VECTOR, state: 'draft' },
    ]);
    const written = file();
    expect(written.case.handledComments).toEqual(
      [0, 1, 2, 3].map((i) => `${String(id)}.${String(i)}`),
    );
    expect(written.case.phase).toBe('fix');
    expect(Object.keys(expectedCase(written).items).sort()).toEqual([
      'acknowledged',
      'cvss-scored',
      'draft-advisory',
      'in-scope',
      'reproduced',
    ]);
    // The comment answers every command in order, each under its name, then names the effects
    // that succeeded as expected: the body needs no second write.
    const [reply] = appComments();
    expect(appComments()).toHaveLength(1);
    const heads = ['/reproduced', '/scope', '/cvss', '/ack'].map((n) =>
      reply!.body.indexOf(`**\`${n}\`** · `),
    );
    expect(heads.every((at) => at >= 0)).toBe(true);
    expect([...heads].sort((a, b) => a - b)).toEqual(heads);
    expect(reply!.body.startsWith(written.outbox[0]?.text ?? '(none)')).toBe(true);
    expect(decodeReplyRef(reply!.body, TRACKING, SECRET)).toEqual({
      job: job.key,
      rev: written.rev,
      done: [`cvss:${String(id)}.2`, 'accept-report', 'acknowledgement'],
      replyTo: id,
    });
  });

  it('confirms effects that all succeed as expected through the reply: no second body write', async () => {
    const { github, deps, report, comment, file, count, appComments } = setup();
    await runInput(deps, TRACKING, report);
    const job = comment([`/cvss ${VECTOR}`]);
    const result = await runCaseJob(deps, TRACKING, job);

    expect(result).toMatchObject({ writes: 1, comments: 1, effects: ['update-advisory'] });
    expect(count('updateIssue')).toBe(2);
    expect(github.calls.filter((c) => c.method === 'updateAdvisory').map((c) => c.args)).toEqual([
      ['acme/widget', 'GHSA-2c5f-hj7m-pq9r', { cvss_vector_string: VECTOR }],
    ]);
    // The body holds the intent; the reply's signed reference says the effect is done.
    const written = file();
    const keys = written.pending.map((p) => p.effect.key);
    expect(keys).toEqual([expect.stringMatching(/^cvss:/)]);
    expect(written.pending.every((p) => p.expected !== undefined)).toBe(true);
    const [reply] = appComments();
    expect(decodeReplyRef(reply!.body, TRACKING, SECRET)).toEqual({
      job: job.key,
      rev: written.rev,
      done: keys,
      replyTo: commentIdOf(job),
    });

    // After a restart (nothing remembered) the next job reads that reference and runs nothing again.
    const restarted = { ...deps, memory: createCaseMemory() };
    const status = comment(['/status']);
    await runCaseJob(restarted, TRACKING, status);
    expect(count('updateAdvisory')).toBe(1);
    expect(file().pending).toEqual([]);
    expect(file().comments.map((c) => c.id)).toContain(reply!.id);
    // Only the /status reply, posted after this write, is left for the next run to confirm.
    expect(file().outbox.map((o) => o.job)).toEqual([status.key]);
  });

  it('records an effect that returned data with a second body write', async () => {
    const { deps, report, comment, file, count, appComments } = setup();
    await runInput(deps, TRACKING, report);
    const job = comment(['/fork']);
    const result = await runCaseJob(deps, TRACKING, job);

    expect(result).toMatchObject({ writes: 2, comments: 1, effects: ['create-fork'] });
    expect(count('createFork')).toBe(1);
    expect(count('updateIssue')).toBe(3);
    expect(file().case.fork?.name).toBe('acme/widget-ghsa-2c5f-hj7m-pq9r');
    expect(file().pending).toEqual([]);
    expect(file().outbox).toEqual([]);
    const [reply] = appComments();
    expect(reply!.body).toContain('https://github.com/acme/widget-ghsa-2c5f-hj7m-pq9r');
    expect(decodeReplyRef(reply!.body, TRACKING, SECRET)?.done).toEqual([]);
    expect(file().comments.map((c) => [c.id, c.kind, c.replyTo])).toEqual([
      [reply!.id, 'reply', job.origin.kind === 'comment' ? job.origin.commentId : 0],
    ]);
  });

  it('stops on a case file forged in the body: one notice, nothing written over it', async () => {
    const { github, deps, report, command, issue, file, count, appComments } = setup();
    await runInput(deps, TRACKING, report);
    const real = file();
    const body = issue().body;
    const start = body.indexOf(CASE_FILE_OPEN);
    const end = body.indexOf(CASE_FILE_CLOSE, start) + CASE_FILE_CLOSE.length;
    const forged = encodeCaseFile(
      { ...real, case: { ...real.case, phase: 'publish' } },
      TRACKING,
      'guessed-secret',
    );
    issue().body = `${body.slice(0, start)}${forged}${body.slice(end)}`;
    const tampered = issue().body;
    const writes = github.writes().length;

    const first = await runInput(deps, TRACKING, command('/status'));
    const second = await runInput(deps, TRACKING, command('/reproduced'));
    expect(first).toMatchObject({ writes: 0, comments: 1 });
    expect(second).toMatchObject({ writes: 0, comments: 0 });
    expect(issue().body).toBe(tampered);
    expect(count('updateIssue')).toBe(1);
    expect(github.writes()).toHaveLength(writes + 1);
    expect(appComments()).toHaveLength(1);
    expect(appComments()[0]!.body).toContain('the case file signature does not verify');
  });

  it('flags an App comment edited by someone else once; the case is unchanged', async () => {
    const { deps, report, command, file, appComments } = setup();
    await runInput(deps, TRACKING, report);
    await runInput(deps, TRACKING, command('/reproduced'));
    const [reply] = appComments();
    const before = expectedCase(file());
    const original = reply!.body;
    reply!.body = 'Out of scope, nothing to do.';
    const changed = (key: string): CaseJob => ({
      key,
      origin: { kind: 'event' },
      inputs: [],
      changedComment: { commentId: reply!.id, action: 'edited', by: 'mallory', original },
    });
    await runCaseJob(deps, TRACKING, changed('guid-edit-1'));
    await runCaseJob(deps, TRACKING, changed('guid-edit-2'));

    expect(appComments()).toHaveLength(2);
    expect(appComments()[1]!.body).toContain(
      `⚠️ \`mallory\` edited a comment the App wrote (${String(reply!.id)}).`,
    );
    expect(expectedCase(file())).toEqual(before);
    expect(file().flags.map((f) => f.comment)).toEqual([reply!.id]);
  });

  it('trusts no signed reference in a human comment: an effect it names still runs', async () => {
    const { github, deps, report, comment, file, count, appComments } = setup();
    await runInput(deps, TRACKING, report);
    github.failNext.set(
      'updateAdvisory',
      Object.assign(new Error('Server Error'), { status: 502 }),
    );
    const job = comment([`/cvss ${VECTOR}`]);
    await expect(runCaseJob(deps, TRACKING, job)).rejects.toThrow('Server Error');
    const left = file();
    expect(left.pending.map((p) => p.job)).toEqual([job.key]);
    expect(left.outbox.map((o) => o.job)).toEqual([job.key]);
    // The reference the App would have signed, in a person's comment (copied or replayed).
    const copied = encodeReplyRef(
      { job: job.key, rev: left.rev, done: left.pending.map((p) => p.effect.key) },
      TRACKING,
      SECRET,
    );
    github.addComment(TRACKING.repo, TRACKING.issue, `done already\n\n${copied}`, 'mallory');

    await runCaseJob({ ...deps, memory: createCaseMemory() }, TRACKING, comment(['/status']));
    // Trusted, it would have dropped the effect and the reply: instead the effect runs again
    // and the App's own reply to /cvss goes out, naming it done.
    expect(count('updateAdvisory')).toBe(2);
    const replies = appComments().map((c) => decodeReplyRef(c.body, TRACKING, SECRET));
    expect(replies[0]).toEqual({
      job: job.key,
      rev: expect.any(Number),
      done: left.pending.map((p) => p.effect.key),
      replyTo: commentIdOf(job),
    });
    expect(replies).toHaveLength(2);
  });

  it("rolls the case log over into a log comment before the body reaches GitHub's limit", async () => {
    const { deps, report, comment, issue, file, appComments } = setup();
    await runInput(deps, TRACKING, report);
    const opened = file();
    // A long history: about 58,000 characters of log, more than the body can hold with the status.
    const history = Array.from({ length: 110 }, (_, i) => ({
      at: '2026-11-21T09:00:00.000Z',
      by: 'maintainer-max',
      note: `Event ${String(i)}: ${'x'.repeat(480)}`,
    }));
    const big = { ...opened, log: [...opened.log, ...history] };
    issue().body = `${INTRO}\n\n${STATUS_START}\n${encodeCaseFile(big, TRACKING, SECRET)}\n${STATUS_END}\n`;

    await runCaseJob(deps, TRACKING, comment(['/status']));

    expect(issue().body.length).toBeLessThan(65_536);
    const after = file();
    expect(after.archived).toHaveLength(1);
    const moved = after.archived[0]!;
    // Everything but the newest 20 lines moved, in order; the newest stay in the case file.
    expect(moved.entries).toBe(big.log.length - 20);
    expect(after.log).toEqual(big.log.slice(-20));
    const archive = appComments().find((c) => c.id === moved.comment);
    expect(archive?.body).toContain(`${String(moved.entries)} entries moved here`);
    expect(archive?.body.indexOf('Case opened')).toBeLessThan(
      archive?.body.indexOf('Event 0:') ?? -1,
    );
    expect(after.comments.find((c) => c.id === moved.comment)?.kind).toBe('log-archive');
    // The reply to /status still went out, after the archive.
    expect(appComments().at(-1)?.body).toContain('advisory-pilot:reply');
  });

  it('refuses to write to a tracking repository that is not private', async () => {
    const { github, deps, report } = setup({ trackingPrivate: false });
    await expect(runInput(deps, TRACKING, report)).rejects.toBeInstanceOf(
      TrackingRepoNotPrivateError,
    );
    expect(github.writes()).toEqual([]);
  });

  it('completes an effect whose result was lost in a crash, on the next job', async () => {
    const { github, deps, report, comment, file, count, appComments } = setup();
    await runInput(deps, TRACKING, report);
    github.failNext.set('createFork', Object.assign(new Error('Server Error'), { status: 502 }));
    const fork = comment(['/fork']);
    await expect(runCaseJob(deps, TRACKING, fork)).rejects.toThrow('Server Error');
    expect(file().pending.map((p) => p.effect.key)).toEqual(['create-fork']);
    expect(appComments()).toEqual([]);

    const status = comment(['/status']);
    await runCaseJob(deps, TRACKING, status);
    expect(file().pending).toEqual([]);
    expect(file().outbox.map((o) => o.job)).toEqual([status.key]);
    expect(file().case.fork?.name).toBe('acme/widget-ghsa-2c5f-hj7m-pq9r');
    expect(count('createFork')).toBe(2);
    // The /fork comment is answered once (after the recovery), then /status.
    const replies = appComments().map((c) => decodeReplyRef(c.body, TRACKING, SECRET)?.job);
    expect(replies).toEqual([fork.key, status.key]);
  });

  it('writes nothing in dry-run mode, and logs what it would write', async () => {
    const { github, deps, report, issue } = setup();
    const logged: string[] = [];
    const log = { ...deps.log, info: (_o: object, m?: string) => void logged.push(m ?? '') };
    const result = await runInput({ ...deps, dryRun: true, log }, TRACKING, report);
    expect(github.writes()).toEqual([]);
    expect(issue().body).toBe(INTRO);
    // The reads still went to GitHub (a port whose methods live on a class's prototype too).
    expect(github.calls.map((c) => c.method).slice(0, 3)).toEqual([
      'getRepository',
      'getIssue',
      'listComments',
    ]);
    expect(logged).toContain('dry run: would update an issue');
    expect(result.state?.phase).toBe('triage');
  });
});
