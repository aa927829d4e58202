import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/case.js';
import { renderAcknowledgement } from '../../../src/domain/render/acknowledgement.js';
import {
  changesetsCase,
  configOf,
  ctxOf,
  manualTriageCase,
  openSourceConfig,
  productConfig,
  releaseCase,
} from './fixtures.js';

/** The manual report once scored: what `/ack` sends by hand, through the original channel. */
function scoredManualCase(): Case {
  return {
    ...manualTriageCase(),
    severity: 'critical',
    cvss: {
      vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:N',
      score: 9.4,
      nomenclature: 'CVSS-B',
    },
  };
}

describe('renderAcknowledgement', () => {
  it('acknowledges a default-profile report with the embargo as the expected date', async () => {
    const state: Case = { ...releaseCase(), phase: 'triage' };
    await expect(renderAcknowledgement(state, ctxOf(productConfig))).toMatchFileSnapshot(
      './__golden__/acknowledgement-default.md',
    );
  });

  it('acknowledges a changesets-preset report (no customer notice)', async () => {
    await expect(
      renderAcknowledgement(changesetsCase(), ctxOf(openSourceConfig)),
    ).toMatchFileSnapshot('./__golden__/acknowledgement-changesets.md');
  });

  it('acknowledges a manual report with a date the maintainer chose', async () => {
    const text = renderAcknowledgement(scoredManualCase(), ctxOf(productConfig), {
      resolveBy: '2026-12-18',
    });
    await expect(text).toMatchFileSnapshot('./__golden__/acknowledgement-manual.md');
  });

  it.each<[string, { resolveBy?: string }, Partial<Case>, string]>([
    ['the --resolve-by option', { resolveBy: '2026-12-18' }, {}, '18 December 2026'],
    ['the date already promised', {}, { resolveBy: '2026-12-11' }, '11 December 2026'],
    [
      'the embargo',
      {},
      { embargo: { date: '2027-01-04', timeZone: 'Europe/Berlin', history: [] } },
      '4 January 2027',
    ],
    ['report + embargoDays', {}, {}, '16 January 2027'],
  ])('takes the expected date from %s', (_name, options, overrides, expected) => {
    const state: Case = { ...scoredManualCase(), ...overrides };
    const text = renderAcknowledgement(state, ctxOf(productConfig), options);
    expect(text).toContain(`**Expected resolution:** by ${expected}.`);
  });

  it('fills a configured template and leaves unknown placeholders visible', () => {
    const config = configOf({
      productName: 'Acme Widget',
      templates: {
        acknowledgement:
          'Thanks for {summary}! {product} rates it {severity} ({score}); fix by {resolveBy} ({resolveByDate}). Ref {ghsa}. {unknown}',
      },
    });
    const text = renderAcknowledgement(releaseCase(), ctxOf(config));
    expect(text).toBe(
      'Thanks for Path traversal in the file upload endpoint! Acme Widget rates it high (8.6); fix by 1 January 2027 (2027-01-01). Ref GHSA-2c5f-hj7m-pq9r. {unknown}',
    );
  });

  it('does not promise a CVE when it was waived', () => {
    const state: Case = { ...changesetsCase(), cve: { waived: 'not a distributed package' } };
    const text = renderAcknowledgement(state, ctxOf(openSourceConfig));
    expect(text).toContain('and then publish the security advisory, crediting you');
    expect(text).not.toContain('CVE ID');
  });
});
