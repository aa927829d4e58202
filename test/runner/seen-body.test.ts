import { describe, expect, it } from 'vitest';
import { encodeCaseFile } from '../../src/domain/case-file-codec.js';
import { createCaseMemory } from '../../src/runner/case-memory.js';
import { runCaseJob } from '../../src/runner/run-case.js';
import { runInput } from '../../src/runner/run-input.js';
import { setup, TRACKING, VECTOR } from './runner-setup.js';

describe('a tracking-issue body the job already holds', () => {
  it('stands in for the read when it shows the revision this instance last wrote', async () => {
    const { deps, report, comment, issue, count } = setup();
    await runInput(deps, TRACKING, report);
    const reads = count('getIssue');
    const job = comment([`/cvss ${VECTOR}`]);
    await runCaseJob(deps, TRACKING, { ...job, seen: { body: issue().body, from: 'event' } });
    expect(count('getIssue')).toBe(reads);
    expect(issue().body).toContain('CVSS:4.0/AV:N');
  });

  it('is read again when a write moved the revision since the body was taken', async () => {
    const { deps, report, comment, issue, file, count } = setup();
    await runInput(deps, TRACKING, report);
    const held = issue().body;
    await runCaseJob(deps, TRACKING, comment([`/cvss ${VECTOR}`]));
    const reads = count('getIssue');
    await runCaseJob(deps, TRACKING, {
      ...comment(['/reproduced']),
      seen: { body: held, from: 'event' },
    });
    expect(count('getIssue')).toBe(reads + 1);
    // The stale copy wrote nothing over the score recorded after it.
    expect(file().case.cvss?.vector).toBe(VECTOR);
  });

  it('is read after a restart, when this instance remembers no revision', async () => {
    const { deps, report, comment, issue, count } = setup();
    await runInput(deps, TRACKING, report);
    const held = issue().body;
    const reads = count('getIssue');
    await runCaseJob({ ...deps, memory: createCaseMemory() }, TRACKING, {
      ...comment(['/reproduced']),
      seen: { body: held, from: 'event' },
    });
    expect(count('getIssue')).toBe(reads + 1);
  });

  it('never trusts a case file that fails verification', async () => {
    const { deps, report, comment, issue, file, count } = setup();
    await runInput(deps, TRACKING, report);
    const forged = encodeCaseFile(
      { ...file(), case: { ...file().case, phase: 'closed' } },
      TRACKING,
      'not-the-secret',
    );
    const reads = count('getIssue');
    await runCaseJob(deps, TRACKING, {
      ...comment(['/reproduced']),
      seen: { body: `${issue().body.split('<!--')[0] ?? ''}${forged}`, from: 'event' },
    });
    expect(count('getIssue')).toBe(reads + 1);
    expect(file().case.phase).toBe('triage');
  });

  it('opens a case on the issue the job just created without reading it back', async () => {
    const { deps, report, issue, file, count } = setup();
    await runInput(deps, TRACKING, report, {
      newIssue: true,
      seen: { body: issue().body, from: 'created' },
    });
    expect(count('getIssue')).toBe(0);
    expect(file().case.phase).toBe('triage');
  });
});

describe('closing the tracking issue', () => {
  it("rides on the intent's write when it is the job's only effect: one PATCH with the body and the state", async () => {
    const { github, deps, report, comment, issue, file, appComments } = setup();
    await runInput(deps, TRACKING, report);
    // A manual case (no advisory): rejecting it closes only the tracking issue.
    const { repo: _repo, ghsaId: _ghsa, ...manual } = file().case;
    const intro = issue().body.slice(0, issue().body.indexOf('<!-- advisory-pilot:case-file'));
    issue().body = `${intro}${encodeCaseFile({ ...file(), case: manual, rev: file().rev + 1 }, TRACKING, deps.identity.secret)}`;
    await runCaseJob(deps, TRACKING, comment(['/scope out Self-XSS, out of scope in SECURITY.md']));
    const before = github.calls.length;
    await runCaseJob(deps, TRACKING, comment(['/confirm']));
    const updates = github.calls.slice(before).filter((c) => c.method === 'updateIssue');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args[2]).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
    expect(updates[0]?.args[2]).toHaveProperty('body');
    expect(issue().state).toBe('closed');
    expect(file().pending).toEqual([]);
    expect(file().case.phase).toBe('rejected');
    expect(appComments().at(-1)?.body).toContain('rejected');
  });
});

describe('the memory of replicas that share cases (queue mode)', () => {
  it('keeps no revision, so no body an event carries is taken for what GitHub has', () => {
    const memory = createCaseMemory({ shared: true });
    memory.revs.set('acme/t#1', 4);
    expect(memory.revs.get('acme/t#1')).toBeUndefined();
    const own = createCaseMemory();
    own.revs.set('acme/t#1', 4);
    expect(own.revs.get('acme/t#1')).toBe(4);
  });
});
