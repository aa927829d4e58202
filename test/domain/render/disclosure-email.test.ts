import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/case.js';
import { renderDisclosureEmail } from '../../../src/domain/render/disclosure-email.js';
import { configOf, ctxOf, disclosureCase, productConfig } from './fixtures.js';

const DATES = { productionAt: '2026-11-20T09:00:00.000Z', disclosureDate: '2026-11-30' };

describe('renderDisclosureEmail', () => {
  it('drafts the playbook’s customer notice with the workaround from the advisory', async () => {
    const email = renderDisclosureEmail(disclosureCase(), ctxOf(productConfig), DATES);
    expect(email.subject).toBe(
      '[Security] Acme Widget High advisory CVE-2026-41234 — patched in 0.71.1',
    );
    await expect(`Subject: ${email.subject}\n\n${email.body}\n`).toMatchFileSnapshot(
      './__golden__/disclosure-email.txt',
    );
  });

  it('says "none" when the Workarounds section is empty or a template hint', () => {
    const state: Case = {
      ...disclosureCase(),
      advisory: {
        ...disclosureCase().advisory,
        description:
          '## Workarounds\n<!-- What users who cannot upgrade yet can do, or that upgrading is the only fix. -->\n',
      },
    };
    const { body } = renderDisclosureEmail(state, ctxOf(productConfig), DATES);
    expect(body).toContain('Mitigation if you cannot upgrade: none');
  });

  it('turns a multi-paragraph workaround with code into plain text', () => {
    const description = [
      '## Workarounds',
      'Block uploads at the proxy:',
      '',
      '```nginx',
      'location /api/v1/files { deny all; }',
      '```',
      '',
      '## References',
    ].join('\n');
    const state: Case = {
      ...disclosureCase(),
      advisory: { ...disclosureCase().advisory, description },
    };
    const { body } = renderDisclosureEmail(state, ctxOf(productConfig), DATES);
    expect(body).toContain(
      'Mitigation if you cannot upgrade:\n\nBlock uploads at the proxy:\n\nlocation /api/v1/files { deny all; }\n',
    );
    expect(body).not.toContain('```');
  });

  it('names the GHSA ID while no CVE is assigned', () => {
    const state: Case = { ...disclosureCase(), cve: { requestedAt: '2026-11-11T09:05:00.000Z' } };
    const email = renderDisclosureEmail(state, ctxOf(productConfig), DATES);
    expect(email.subject).toBe(
      '[Security] Acme Widget High advisory GHSA-2c5f-hj7m-pq9r — patched in 0.71.1',
    );
    expect(email.body).toContain("when we'll publish advisory GHSA-2c5f-hj7m-pq9r on GitHub.");
  });

  it('dates the deployment in the configured time zone', () => {
    const email = renderDisclosureEmail(disclosureCase(), ctxOf(productConfig), {
      productionAt: '2026-11-19T23:30:00.000Z',
      disclosureDate: '2026-11-30',
    });
    expect(email.body).toContain('the fix was deployed on 20 November 2026.');
  });

  it('takes the subject from a template’s first line', () => {
    const config = configOf({
      productName: 'Acme Widget',
      templates: {
        disclosureEmail:
          'Subject: Security notice for {product}: {id}\n\nPlease upgrade to {version} before {disclosureDate}. Mitigation: {workaround}.',
      },
    });
    const email = renderDisclosureEmail(disclosureCase(), ctxOf(config), DATES);
    expect(email).toEqual({
      subject: 'Security notice for Acme Widget: CVE-2026-41234',
      body: 'Please upgrade to 0.71.1 before 30 November 2026. Mitigation: Set `AP_FILE_STORAGE_TYPE=s3`: object storage is not affected..',
    });
  });
});
