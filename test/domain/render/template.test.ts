import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../../src/domain/render/template.js';

describe('fillTemplate', () => {
  it.each([
    [
      'Fixed {summary} ({cve})',
      { summary: 'a bug', cve: 'CVE-2026-1' },
      'Fixed a bug (CVE-2026-1)',
    ],
    ['{a}{a}', { a: 'x' }, 'xx'],
    ['Dear {reporter}', {}, 'Dear {reporter}'],
    ['Typo {serverity} stays', { severity: 'high' }, 'Typo {serverity} stays'],
    ['Known but missing {cve}', { cve: undefined }, 'Known but missing {cve}'],
    [
      'Not a placeholder: { summary } {1x} {}',
      { summary: 's' },
      'Not a placeholder: { summary } {1x} {}',
    ],
    ['{toString} {constructor}', {}, '{toString} {constructor}'],
  ])('fills %j', (template, values, expected) => {
    expect(fillTemplate(template, values)).toBe(expected);
  });

  it('never expands placeholders inside substituted values', () => {
    expect(fillTemplate('{summary} / {ghsa}', { summary: 'see {ghsa}', ghsa: 'GHSA-x' })).toBe(
      'see {ghsa} / GHSA-x',
    );
  });

  it('keeps replacement patterns like $& literally', () => {
    expect(fillTemplate('{summary}', { summary: '$& $1 $$' })).toBe('$& $1 $$');
  });
});
