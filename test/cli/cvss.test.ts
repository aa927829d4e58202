import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CVSS4_METRIC_ORDER, CVSS4_METRIC_VALUES } from '../../src/domain/cvss.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

const CRITICAL = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
const MISSING_AT = 'CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

function cvss(args: string[], input?: string, timeout = 15_000) {
  const result = spawnSync(process.execPath, [CLI, 'cvss', ...args], {
    env: { PATH: process.env.PATH },
    input,
    encoding: 'utf8',
    cwd: mkdtempSync(join(tmpdir(), 'ap-cvss-')),
    timeout,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** The i-th of a deterministic spread of valid vectors (mixed radix over the metric values). */
function vectorNumber(i: number): string {
  let rest = i;
  const parts: string[] = [];
  for (const [index, name] of CVSS4_METRIC_ORDER.entries()) {
    const values: readonly string[] = CVSS4_METRIC_VALUES[name];
    const choices = index < 11 ? values : ['', ...values];
    const value = choices[rest % choices.length] ?? '';
    rest = Math.floor(rest / choices.length) + i;
    if (value !== '') parts.push(`${name}:${value}`);
  }
  return `CVSS:4.0/${parts.join('/')}`;
}

describe('advisory-pilot cvss', () => {
  it('scores the FIRST example from stdin as 9.3 critical CVSS-B (--json)', () => {
    const result = cvss(['--json'], `${CRITICAL}\n`);
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((line) => JSON.parse(line) as unknown)).toEqual([
      { vector: CRITICAL, valid: true, score: 9.3, severity: 'critical', nomenclature: 'CVSS-B' },
    ]);
  });

  it('scores vectors given as arguments, one human line each', () => {
    const result = cvss([CRITICAL, `${CRITICAL}/E:U`]);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      `9.3 critical CVSS-B ${CRITICAL}`,
      `8.1 high CVSS-BT ${CRITICAL}/E:U`,
    ]);
  });

  it('prints every line and exits 1 when some input is invalid', () => {
    const input = `${CRITICAL}\n${MISSING_AT}\n`;
    const human = cvss([], input);
    expect(human.code).toBe(1);
    expect(lines(human.stdout)).toEqual([
      `9.3 critical CVSS-B ${CRITICAL}`,
      `invalid: missing base metric "AT" (all 11 base metrics are mandatory)  ${MISSING_AT}`,
    ]);
    const json = cvss(['--json'], input);
    expect(json.code).toBe(1);
    expect(lines(json.stdout).map((line) => JSON.parse(line) as unknown)).toEqual([
      { vector: CRITICAL, valid: true, score: 9.3, severity: 'critical', nomenclature: 'CVSS-B' },
      {
        vector: MISSING_AT,
        valid: false,
        error: 'missing base metric "AT" (all 11 base metrics are mandatory)',
      },
    ]);
  });

  it('skips completely empty lines, reads CRLF input, and checks a line of spaces', () => {
    const result = cvss(['--json'], `\n${CRITICAL}\r\n\n   \n${CRITICAL}/E:U\n\n`);
    expect(result.code).toBe(1);
    expect(lines(result.stdout).map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ vector: CRITICAL, valid: true }),
      expect.objectContaining({
        vector: '   ',
        valid: false,
        error: expect.stringMatching(/^whitespace/),
      }),
      expect.objectContaining({ vector: `${CRITICAL}/E:U`, valid: true, score: 8.1 }),
    ]);
  });

  it('prints nothing and exits 0 for empty input', () => {
    expect(cvss([], '')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('streams 100,000 lines from stdin, one output line per input line', () => {
    const count = 100_000;
    const input: string[] = [];
    let invalid = 0;
    for (let i = 0; i < count; i++) {
      if (i % 1000 === 999) {
        input.push(`${vectorNumber(i % 3000)}/`);
        invalid++;
      } else {
        input.push(vectorNumber(i % 3000));
      }
    }
    const result = cvss(['--json'], `${input.join('\n')}\n`, 120_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const output = lines(result.stdout).map(
      (line) => JSON.parse(line) as { vector: string; valid: boolean },
    );
    expect(output).toHaveLength(count);
    expect(output.filter((record) => !record.valid)).toHaveLength(invalid);
    expect(output.map((record) => record.vector)).toEqual(input);
  }, 120_000);

  it('prints --help and refuses unknown options', () => {
    const help = cvss(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: advisory-pilot cvss/);
    const bad = cvss(['--csv', CRITICAL]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown option "--csv"');
  });
});
