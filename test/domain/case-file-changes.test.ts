import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { applyRecords, decideJob } from '../../src/domain/case-file-changes.js';
import { decide } from '../../src/domain/decide.js';
import { fold } from '../../src/domain/fold.js';
import type { Input } from '../../src/domain/inputs.js';
import type { CaseRecord } from '../../src/domain/records.js';
import { APP, MAINTAINER, reportedAdvisory } from './driver.js';
import { NOW, openedRecord, updateRecord } from './fixtures.js';

const VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N';

function config() {
  const result = parseConfig({ timeZone: 'Europe/Berlin' });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}
const CTX = { now: NOW, config: config(), appLogin: APP, commands: COMMANDS };

const REPORT: Input = {
  type: 'report-received',
  delivery: 'report-1',
  advisory: reportedAdvisory(),
  tracking: { repo: 'acme/security-tracking', issue: 7 },
};

function command(index: number, line: string): Input {
  const [name = '', ...rest] = line.slice(1).split(' ');
  return {
    type: 'command',
    delivery: `comment-1:${String(index)}`,
    commentId: 1001,
    index,
    name,
    argsText: rest.join(' '),
    actor: MAINTAINER,
  };
}

const TRIAGE = ['/reproduced', '/scope in', `/cvss ${VECTOR}`, '/ack'].map((l, i) => command(i, l));

describe('applying records to a case file', () => {
  it('opens the file, patches the case and logs every note', () => {
    const applied = applyRecords(undefined, [
      openedRecord(),
      updateRecord('d:2', { set: { severity: 'high' } }, 'Scored high'),
    ]);
    expect(applied.problems).toEqual([]);
    expect(applied.file?.case.severity).toBe('high');
    expect(applied.file?.log.map((l) => l.note)).toEqual(['Case opened', 'Scored high']);
  });

  const refused: [string, CaseRecord[], RegExp][] = [
    ['an update before the opening', [updateRecord('d:1', {})], /before the case was opened/],
    ['a second opening', [openedRecord(), openedRecord()], /already open/],
    [
      'a patch that breaks the schema',
      [openedRecord(), updateRecord('d:2', { set: { summary: 'x'.repeat(2000) } })],
      /does not fit/,
    ],
  ];
  it.each(refused)('reports %s and skips it', (_name, records, problem) => {
    const applied = applyRecords(undefined, records);
    expect(applied.problems.join('\n')).toMatch(problem);
  });
});

describe('deciding a job', () => {
  it('decides the four triage commands of one comment on the state each one leaves', () => {
    const opened = decideJob(undefined, [REPORT], CTX);
    const job = decideJob(opened.file, TRIAGE, CTX);
    expect(job.answers).toHaveLength(4);
    expect(job.file?.case.phase).toBe('fix');
    expect(job.effects.map((e) => e.key)).toEqual([
      'cvss:1001.2',
      'acknowledgement',
      'accept-report',
    ]);
    expect(job.file?.case.handledComments).toEqual(['1001.0', '1001.1', '1001.2', '1001.3']);
    expect(job.file?.deliveries).toEqual(['report-1', ...TRIAGE.map((i) => i.delivery)]);
  });

  it('reaches the same case as the v1 fold of the same decisions', () => {
    const records: CaseRecord[] = [];
    for (const input of [REPORT, ...TRIAGE]) {
      const state = fold(records).case;
      records.push(...decide(state, input, { ...CTX, timeline: fold(records).timeline }).records);
    }
    const job = decideJob(undefined, [REPORT, ...TRIAGE], CTX);
    expect(job.file?.case).toEqual(fold(records).case);
    expect(job.file?.log).toEqual(fold(records).timeline);
  });

  it('changes nothing for a redelivered job', () => {
    const once = decideJob(decideJob(undefined, [REPORT], CTX).file, TRIAGE, CTX);
    const again = decideJob(once.file, TRIAGE, CTX);
    expect(again).toEqual({
      file: once.file,
      effects: [],
      answers: [],
      problems: [],
      changed: false,
    });
  });

  it('answers a command on an issue without a case and changes nothing', () => {
    const job = decideJob(undefined, [command(0, '/status')], CTX);
    expect(job.file).toBeUndefined();
    expect(job.answers[0]?.text).toMatch(/not a tracking issue/);
    expect(job.effects).toEqual([]);
  });
});
