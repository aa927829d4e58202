import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const WORK = mkdtempSync(join(tmpdir(), 'ap-cli-'));
afterAll(() => {
  rmSync(WORK, { recursive: true, force: true });
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, ...env },
    input,
    encoding: 'utf8',
    cwd: WORK,
    timeout: 15_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readmeExampleConfig(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const match = /<!-- example-config -->\s*```yaml\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no ```yaml block after <!-- example-config -->');
  return match[1];
}

describe('advisory-pilot CLI', () => {
  it('serve with no environment exits non-zero naming APP_ID', () => {
    const result = cli(['serve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('APP_ID');
    expect(result.stderr).toContain('PRIVATE_KEY or PRIVATE_KEY_PATH');
    expect(result.stderr).toContain('WEBHOOK_SECRET');
  });

  it('serve names only what is missing', () => {
    const result = cli(['serve'], { APP_ID: '123', PRIVATE_KEY_PATH: '/nonexistent/key.pem' });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('APP_ID');
    expect(result.stderr).toContain('PRIVATE_KEY_PATH (no file at /nonexistent/key.pem)');
    expect(result.stderr).toContain('WEBHOOK_SECRET');
  });

  it.each(['serve', 'demo', 'check-config'])('%s --help prints usage and exits 0', (name) => {
    const result = cli([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: advisory-pilot ${name}`);
  });

  it('lists the commands and rejects an unknown one', () => {
    expect(cli(['--help']).stdout).toContain('check-config');
    const unknown = cli(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "deploy"');
  });

  it('demo --json plays a whole case to closed with zero OpenAPI violations', () => {
    const result = spawnSync(process.execPath, [CLI, 'demo', '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
      cwd: WORK,
    });
    expect(result.status).toBe(0);
    const transcript = JSON.parse(result.stdout) as {
      finalPhase: string;
      violations: unknown[];
      phasesReached: string[];
      publicWrites: { afterPublication: boolean; text: string }[];
    };
    expect(transcript.finalPhase).toBe('closed');
    expect(transcript.violations).toEqual([]);
    expect(transcript.phasesReached).toEqual([
      'triage',
      'fix',
      'draft',
      'release',
      'disclosure',
      'publish',
      'postmortem',
      'closed',
    ]);
    expect(
      transcript.publicWrites.filter((w) => !w.afterPublication && /GHSA-|CVE-/i.test(w.text)),
    ).toEqual([]);
  });

  it('demo rejects an unknown preset', () => {
    const result = cli(['demo', '--preset', 'enterprise']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--preset must be "default" or "changesets"');
  });

  it('check-config accepts the example configuration in the README', () => {
    const file = join(WORK, 'advisory-pilot.yml');
    writeFileSync(file, readmeExampleConfig());
    const result = cli(['check-config', file]);
    expect(result.stdout).toBe('ok\n');
    expect(result.code).toBe(0);
  });

  it('check-config prints path: message lines and exits 1', () => {
    const result = cli(
      ['check-config', '-'],
      {},
      'sla:\n  ackBusinessDays: 0\ntimeZone: Nowhere/Land\nfoo: 1\n',
    );
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'timeZone: is not an IANA time zone (e.g. "Europe/Berlin", "UTC")',
      'sla.ackBusinessDays: Too small: expected number to be >=1',
      expect.stringMatching(/^foo: unknown key; expected one of: preset, /),
    ]);
  });

  it('check-config explains a missing file', () => {
    const result = cli(['check-config', '/nonexistent/advisory-pilot.yml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read /nonexistent/advisory-pilot.yml (ENOENT)');
  });
});
