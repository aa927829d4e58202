import { describe, expect, it } from 'vitest';
import { validateAdvisoryMetadata } from '../../../src/domain/advisory-metadata.js';
import type { Case } from '../../../src/domain/case.js';
import {
  describeVector,
  isPlaceholderSection,
  renderAdvisoryDescription,
  workaroundsOf,
} from '../../../src/domain/render/advisory-description.js';
import {
  changesetsCase,
  configOf,
  ctxOf,
  openSourceConfig,
  productConfig,
  releaseCase,
  WRITTEN_DESCRIPTION,
} from './fixtures.js';

const HEADINGS = /^## (Summary|Impact|Patches|Workarounds|References)$/gm;

describe('renderAdvisoryDescription', () => {
  it('drafts a new description from the case (default profile)', async () => {
    const text = renderAdvisoryDescription(releaseCase(), ctxOf(productConfig));
    await expect(text).toMatchFileSnapshot('./__golden__/advisory-description-new.md');
    expect([...text.matchAll(HEADINGS)].map((m) => m[1])).toEqual([
      'Summary',
      'Impact',
      'Patches',
      'Workarounds',
      'References',
    ]);
  });

  it('drafts a new description for a changesets-preset npm library', async () => {
    const text = renderAdvisoryDescription(changesetsCase(), ctxOf(openSourceConfig));
    await expect(text).toMatchFileSnapshot('./__golden__/advisory-description-changesets.md');
  });

  it('fills only the empty sections of a description people started', async () => {
    const text = renderAdvisoryDescription(
      releaseCase(),
      ctxOf(productConfig),
      WRITTEN_DESCRIPTION,
    );
    await expect(text).toMatchFileSnapshot('./__golden__/advisory-description-merged.md');
    expect(text).toContain(
      '## Summary\nThe file upload endpoint did not normalise file names, so a crafted name containing `../` could place the file outside the configured storage root.\n',
    );
    expect(text).toContain(
      '## Workarounds\nSet `AP_FILE_STORAGE_TYPE=s3`: object storage is not affected.\n',
    );
  });

  it('returns the same text when run again with nothing new (no needless API write)', () => {
    const ctx = ctxOf(productConfig);
    for (const start of [
      undefined,
      '',
      WRITTEN_DESCRIPTION,
      '### Summary\nreporter text\n### PoC\ncurl …',
    ]) {
      const once = renderAdvisoryDescription(releaseCase(), ctx, start);
      expect(renderAdvisoryDescription(releaseCase(), ctx, once)).toBe(once);
    }
  });

  it('fills Patches later, once the patched version is known, without touching the rest', () => {
    const ctx = ctxOf(productConfig);
    const early: Case = {
      ...releaseCase(),
      release: {},
      advisory: { ...releaseCase().advisory, patchedVersion: undefined },
    };
    const first = renderAdvisoryDescription(early, ctx);
    expect(first).toContain('## Patches\n<!-- The version that fixes it and how to upgrade. -->\n');
    const edited = first.replace(/## Summary\n[^\n]*\n/, '## Summary\nWritten by a person.\n');
    const second = renderAdvisoryDescription(releaseCase(), ctx, edited);
    expect(second).toContain('## Summary\nWritten by a person.\n');
    expect(second).toContain('## Patches\nFixed in **0.71.1**.');
  });

  it('inserts missing sections in the canonical order and keeps other sections and text', () => {
    const existing =
      'Intro by the reporter.\n\n## Impact\nAttackers can overwrite config files.\n\n## Details\nSee the PoC.\n';
    const text = renderAdvisoryDescription(releaseCase(), ctxOf(productConfig), existing);
    expect([...text.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([
      'Summary',
      'Impact',
      'Details',
      'Patches',
      'Workarounds',
      'References',
    ]);
    expect(text.startsWith('Intro by the reporter.\n\n## Summary\n')).toBe(true);
    expect(text).toContain(
      '## Impact\nAttackers can overwrite config files.\n\n## Details\nSee the PoC.\n',
    );
  });

  it('does not split at a heading inside a code fence', () => {
    const existing = '## Summary\nText.\n\n```md\n## Patches\n```\n';
    const text = renderAdvisoryDescription(releaseCase(), ctxOf(productConfig), existing);
    expect(text.startsWith('## Summary\nText.\n\n```md\n## Patches\n```\n')).toBe(true);
    expect(text.match(/^## Patches$/gm)).toHaveLength(2);
  });

  it('passes the metadata validation once people wrote the workaround', () => {
    const state = releaseCase();
    const text = renderAdvisoryDescription(state, ctxOf(productConfig), WRITTEN_DESCRIPTION);
    const check = validateAdvisoryMetadata({
      summary: state.advisory.summary,
      description: text,
      severity: state.severity,
      cvssScore: state.cvss?.score,
      vulnerableVersionRange: state.advisory.vulnerableVersionRange,
      patchedVersion: state.advisory.patchedVersion,
    });
    expect(check).toMatchObject({ ok: true });
  });

  it('leaves Workarounds for a person, so the metadata gate asks for it', () => {
    const state = releaseCase();
    const text = renderAdvisoryDescription(state, ctxOf(productConfig));
    const check = validateAdvisoryMetadata({
      summary: state.advisory.summary,
      description: text,
      severity: state.severity,
      cvssScore: state.cvss?.score,
      vulnerableVersionRange: state.advisory.vulnerableVersionRange,
      patchedVersion: state.advisory.patchedVersion,
    });
    expect(check.ok).toBe(false);
    if (!check.ok)
      expect(check.problems.map((p) => p.message).join('\n')).toContain(
        '"## Workarounds" is empty',
      );
  });

  it('starts from a configured template', () => {
    const config = configOf({
      templates: {
        advisoryDescription:
          '## Summary\n{summary} ({severity}, {score}).\n\n## Impact\n\n## Patches\n{version}\n',
      },
    });
    const text = renderAdvisoryDescription(releaseCase(), ctxOf(config));
    expect(
      text.startsWith(
        '## Summary\nPath traversal in the file upload endpoint (high, 8.6).\n\n## Impact\nSeverity: **High**',
      ),
    ).toBe(true);
    expect(text).toContain('## Patches\n0.71.1\n');
    expect(text).toContain('## Workarounds\n');
    expect(text).toContain('## References\n');
  });
});

describe('isPlaceholderSection', () => {
  it.each([
    ['', true],
    ['\n  \n', true],
    ['<!-- anything -->', true],
    ['The patched version and how to upgrade.', true],
    ['_What kind of vulnerability is it? Who is impacted?_', true],
    ['Upgrade to 1.2.3.', false],
  ])('%j → %s', (body, expected) => {
    expect(isPlaceholderSection(body)).toBe(expected);
  });
});

describe('workaroundsOf', () => {
  it('reads the human text of the Workarounds section', () => {
    expect(workaroundsOf(WRITTEN_DESCRIPTION)).toBe(
      'Set `AP_FILE_STORAGE_TYPE=s3`: object storage is not affected.',
    );
    expect(workaroundsOf('## Workarounds\n\n## References\nx')).toBeUndefined();
    expect(workaroundsOf(undefined)).toBeUndefined();
  });
});

describe('describeVector', () => {
  it.each([
    [
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N',
      'An attacker can exploit this over the network, with a low-privileged account and without any user interaction. On the vulnerable system it has high impact on confidentiality and integrity, no impact on availability.',
    ],
    [
      'CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:A/VC:L/VI:N/VA:N/SC:L/SI:N/SA:N',
      'An attacker can exploit this with local access, without an account and only if a user is tricked into a specific action. Exploitation is harder because the attacker must defeat protective measures such as address-space randomisation and it depends on conditions the attacker does not control, such as a specific configuration or winning a race. On the vulnerable system it has low impact on confidentiality, no impact on integrity and availability. On other systems it has low impact on confidentiality, no impact on integrity and availability.',
    ],
  ])('%s', (vector, expected) => {
    expect(describeVector(vector)).toBe(expected);
  });

  it('says nothing about a malformed vector', () => {
    expect(describeVector('CVSS:3.1/AV:N')).toBeUndefined();
  });
});
