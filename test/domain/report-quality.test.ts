import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { outsideSupported, renderReportGaps, reportGaps } from '../../src/domain/report-quality.js';
import { Driver, reportedAdvisory } from './driver.js';

const FULL =
  'In 0.71.0 an attacker can overwrite server files.\n\n### Proof of concept\ncurl -F "file=@x;filename=../../x" …';

describe('reportGaps', () => {
  it.each([
    ['a complete report', { description: FULL, packageName: 'p' }, []],
    [
      'no version anywhere',
      {
        description: 'An attacker can write files. Steps to reproduce: upload ../x',
        packageName: 'p',
      },
      ['version'],
    ],
    [
      'the version in the range',
      {
        description: 'An attacker can write files. PoC: curl …',
        packageName: 'p',
        vulnerableVersionRange: '< 1.2.0',
      },
      [],
    ],
    [
      'no steps',
      { description: 'Version 1.2 lets an attacker write files.', packageName: 'p' },
      ['steps'],
    ],
    [
      'no impact',
      { description: 'In 1.2.0, steps to reproduce: upload ../x', packageName: 'p' },
      ['impact'],
    ],
    ['nothing at all', {}, ['version', 'steps', 'impact']],
    [
      'a maintainer’s draft without its package',
      { description: FULL, draftBy: 'max' },
      ['package'],
    ],
  ])('%s', (_name, report, expected) => {
    expect(reportGaps(report).map((g) => g.id)).toEqual(expected);
  });
});

describe('outsideSupported', () => {
  it.each([
    ['< 0.71.1', '0.x', false],
    ['>= 1.0.0, < 1.0.1', '0.x', true],
    ['< 0.9.0', '>=1.0.0', true],
    ['0.70.x', '0.70.x || 0.71.x', false],
    [undefined, '0.x', undefined],
    ['< 0.71.1', undefined, undefined],
    ['not a range', '0.x', undefined],
  ])('%s against %s: %s', (range, supported, expected) => {
    expect(outsideSupported(range, supported)).toBe(expected);
  });
});

describe('renderReportGaps', () => {
  it('lists what is missing with a ready /not-reproducible line, and nothing for a complete report', () => {
    const text = renderReportGaps(
      reportGaps({ description: 'It breaks.', packageName: 'p' }),
      undefined,
    );
    expect(text).toBe(
      [
        '📋 The report does not give what triage needs: the affected version; a proof of concept or steps to reproduce; the impact.',
        'To ask the reporter, copy this line into a comment:',
        '',
        '```',
        '/not-reproducible Which version (or commit) did you test? Could you send the steps to reproduce it, or a proof of concept? What can an attacker achieve with it?',
        '```',
      ].join('\n'),
    );
    expect(renderReportGaps([], undefined)).toBeUndefined();
  });
});

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({ timeZone: 'Europe/Berlin', ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe('a case opening', () => {
  it('says in its first comment what the report lacks', () => {
    const driver = new Driver(config(), new Date('2026-11-23T09:00:00Z')).send({
      type: 'report-received',
      advisory: reportedAdvisory({ description: 'Uploads can escape the folder.' }),
      tracking: { repo: 'acme/security-tracking', issue: 7 },
    });
    expect(driver.notices).toHaveLength(1);
    expect(driver.lastNotice).toContain(
      'the affected version; a proof of concept or steps to reproduce',
    );
    expect(driver.lastNotice).toContain(
      '/not-reproducible Which version (or commit) did you test?',
    );
  });

  it('says nothing of a complete report', () => {
    const driver = new Driver(config(), new Date('2026-11-23T09:00:00Z')).send({
      type: 'report-received',
      advisory: reportedAdvisory({ description: FULL }),
      tracking: { repo: 'acme/security-tracking', issue: 7 },
    });
    expect(driver.notices).toEqual([]);
  });

  it('names a report outside the supported versions, in the first comment and the scope check', () => {
    const driver = new Driver(
      config({ supportedVersions: '>=1.0.0' }),
      new Date('2026-11-23T09:00:00Z'),
    ).send({
      type: 'report-received',
      advisory: reportedAdvisory({ description: FULL, vulnerableVersionRange: '< 0.71.1' }),
      tracking: { repo: 'acme/security-tracking', issue: 7 },
    });
    expect(driver.lastNotice).toContain(
      'The report affects `< 0.71.1`, outside the supported versions (`>=1.0.0`',
    );
    driver.command('/scope in');
    expect(driver.lastReply).toContain(
      '✅ In scope, though it affects `< 0.71.1` only, outside the supported versions (`>=1.0.0`)',
    );
    expect(driver.state.items['in-scope']?.evidence).toBe(
      'affects < 0.71.1, outside supported >=1.0.0',
    );
  });

  it('refuses a supportedVersions that is not a semver range', () => {
    const result = parseConfig({ supportedVersions: 'the latest' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatchObject({
        path: 'supportedVersions',
        message: expect.stringContaining('is not a semver range'),
      });
  });
});
