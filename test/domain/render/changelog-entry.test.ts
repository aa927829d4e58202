import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/case.js';
import {
  renderChangelogEntry,
  sentenceFragment,
} from '../../../src/domain/render/changelog-entry.js';
import {
  changesetsCase,
  configOf,
  ctxOf,
  openSourceConfig,
  productConfig,
  PUBLISHED_AT,
  publishedCase,
} from './fixtures.js';

const AT_PUBLICATION = new Date(PUBLISHED_AT);

describe('renderChangelogEntry', () => {
  it('writes exactly the playbook’s <Update> block', async () => {
    const text = renderChangelogEntry(publishedCase(), ctxOf(productConfig, AT_PUBLICATION));
    expect(text).toBe(
      [
        '<Update label="November 2026" description="Security advisory CVE-2026-41234">',
        '  ### Security',
        '  Fixed path traversal in the file upload endpoint (CVE-2026-41234, high). Upgrade to 0.71.1 immediately.',
        '</Update>',
        '',
      ].join('\n'),
    );
    await expect(text).toMatchFileSnapshot('./__golden__/changelog-update.mdx');
  });

  it('writes a Markdown section for the changesets preset', async () => {
    const text = renderChangelogEntry(changesetsCase(), ctxOf(openSourceConfig, AT_PUBLICATION));
    await expect(text).toMatchFileSnapshot('./__golden__/changelog-markdown.md');
  });

  it('names the GHSA ID while no CVE is assigned', () => {
    const state: Case = { ...publishedCase(), cve: {} };
    const text = renderChangelogEntry(state, ctxOf(productConfig, AT_PUBLICATION));
    expect(text).toContain('description="Security advisory GHSA-2c5f-hj7m-pq9r"');
    expect(text).toContain('(GHSA-2c5f-hj7m-pq9r, high)');
  });

  it.each([
    ['2026-11-30T22:59:00.000Z', 'November 2026'],
    ['2026-11-30T23:00:00.000Z', 'December 2026'],
    ['2026-12-31T23:30:00.000Z', 'January 2027'],
  ])('labels %s with the month in the configured zone (%s)', (now, label) => {
    const text = renderChangelogEntry(publishedCase(), ctxOf(productConfig, new Date(now)));
    expect(text.startsWith(`<Update label="${label}"`)).toBe(true);
  });

  it('escapes JSX and expressions in the summary so the MDX still compiles', () => {
    const state: Case = {
      ...publishedCase(),
      advisory: { ...publishedCase().advisory, summary: 'XSS via <svg onload> in {title}' },
    };
    const text = renderChangelogEntry(state, ctxOf(productConfig, AT_PUBLICATION));
    expect(text).toContain(
      'Fixed XSS via &lt;svg onload&gt; in \\{title\\} (CVE-2026-41234, high).',
    );
  });

  it('uses a configured template', () => {
    const config = configOf({ templates: { changelogEntry: '- {label}: {entry}' } });
    const text = renderChangelogEntry(publishedCase(), ctxOf(config, AT_PUBLICATION));
    expect(text).toBe(
      '- November 2026: Fixed path traversal in the file upload endpoint (CVE-2026-41234, high). Upgrade to 0.71.1 immediately.\n',
    );
  });
});

describe('sentenceFragment', () => {
  it.each([
    ['Path traversal in uploads.', 'path traversal in uploads'],
    ['XSS in the editor', 'XSS in the editor'],
    ['GitHub token leak', 'GitHub token leak'],
    ['A crafted name', 'a crafted name'],
    ['SQL injection', 'SQL injection'],
  ])('%j → %j', (input, expected) => {
    expect(sentenceFragment(input)).toBe(expected);
  });
});
