import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'deadlines', ...args], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('advisory-pilot deadlines', () => {
  it('prints the deadlines of a report made on a Friday afternoon (default profile, UTC)', () => {
    const result = cli(['--reported-at', '2026-11-20T14:30:00Z', '--severity', 'high', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      reportedAt: '2026-11-20T14:30:00.000Z',
      timeZone: 'UTC',
      severity: 'high',
      ackWarnAt: '2026-11-24T14:30:00.000Z',
      ackDueAt: '2026-11-25T14:30:00.000Z',
      embargoEnds: '2027-01-19',
      noticeBy: '2027-01-12',
      stalledEveryBusinessDays: 2,
      cveFollowUpHours: 72,
    });
  });

  it('uses the configured time zone and holidays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ap-deadlines-'));
    const file = join(dir, 'advisory-pilot.yml');
    writeFileSync(file, 'timeZone: Europe/Berlin\nholidays: ["2026-12-24", "2026-12-25"]\n');
    const result = cli(['--reported-at', '2026-12-23T10:00:00Z', '--config', file]);
    expect(result.code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
    expect(result.stdout).toContain('ack due              2026-12-30 11:00 CET  (3 business days)');
  });

  it.each([
    [['--severity', 'high'], /--reported-at needs an ISO timestamp/],
    [['--reported-at', 'yesterday'], /--reported-at needs an ISO timestamp/],
    [
      ['--reported-at', '2026-11-20T14:30:00Z', '--severity', 'severe'],
      /--severity must be one of low, medium, high, critical/,
    ],
    [['--reported-at', '2026-11-20T14:30:00Z', '--bogus'], /Unknown option '--bogus'/],
  ])('rejects %j', (args, message) => {
    const result = cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
