import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/case.js';
import {
  postmortemPath,
  renderPostmortem,
  slaFigures,
  slugify,
} from '../../../src/domain/render/postmortem.js';
import {
  AFTER_PUBLICATION,
  changesetsCase,
  changesetsTimeline,
  configOf,
  ctxOf,
  openSourceConfig,
  productConfig,
  publishedCase,
  publishedTimeline,
} from './fixtures.js';

describe('renderPostmortem', () => {
  it('writes the skeleton with the timeline and SLA figures of a published case', async () => {
    const text = renderPostmortem(
      publishedCase(),
      publishedTimeline(),
      ctxOf(productConfig, AFTER_PUBLICATION),
    );
    await expect(text).toMatchFileSnapshot('./__golden__/postmortem.mdx');
  });

  it('shows milestones that never happened as "not reached"', async () => {
    const text = renderPostmortem(changesetsCase(), changesetsTimeline(), ctxOf(openSourceConfig));
    await expect(text).toMatchFileSnapshot('./__golden__/postmortem-unfinished.md');
  });

  it('keeps the first and last rows of a very long timeline', () => {
    const timeline = Array.from({ length: 1000 }, (_, i) => ({
      at: new Date(Date.parse('2026-11-02T09:00:00.000Z') + i * 60_000).toISOString(),
      by: 'maintainer-max',
      note: `Event ${String(i)}`,
    }));
    const text = renderPostmortem(
      publishedCase(),
      timeline,
      ctxOf(productConfig, AFTER_PUBLICATION),
    );
    expect(text).toContain('| Event 0 |');
    expect(text).toContain('| Event 999 |');
    expect(text).toContain('| … | | 801 more events (see the tracking issue) |');
    expect(text).not.toContain('| Event 500 |');
  });

  it('uses a configured template', () => {
    const config = configOf({ templates: { postmortem: '# {title}\n\n{sla}\n\n{unknown}' } });
    const text = renderPostmortem(publishedCase(), [], ctxOf(config, AFTER_PUBLICATION));
    expect(
      text.startsWith(
        '# CVE-2026-41234: Path traversal in the file upload endpoint\n\n| Measure |',
      ),
    ).toBe(true);
    expect(text.endsWith('{unknown}')).toBe(true);
  });
});

describe('slaFigures', () => {
  it('measures the published case against its SLAs', () => {
    const figures = slaFigures(publishedCase(), ctxOf(productConfig, AFTER_PUBLICATION));
    expect(figures.map((f) => [f.measure, f.actual, f.met])).toEqual([
      ['Time to acknowledge', '1 business day', true],
      ['Time to fix', '8 days', undefined],
      ['Time to release', '18 days', undefined],
      ['Customer notice lead', '7 days', true],
      ['CVE turnaround', '29 hours', true],
      ['Public window (patch gap)', '11 days', undefined],
      ['Time to disclose', '28 days', true],
    ]);
  });

  it('flags a late acknowledgement, a short notice and a publication after the embargo', () => {
    const base = publishedCase();
    const state: Case = {
      ...base,
      embargo: { date: '2026-11-27', timeZone: 'Europe/Berlin', history: [] },
      milestones: {
        ...base.milestones,
        acknowledged: '2026-11-06T09:00:00.000Z',
        notified: '2026-11-26T09:00:00.000Z',
      },
    };
    const figures = slaFigures(state, ctxOf(productConfig, AFTER_PUBLICATION));
    expect(figures.filter((f) => f.met === false).map((f) => f.measure)).toEqual([
      'Time to acknowledge',
      'Customer notice lead',
      'Time to disclose',
    ]);
  });
});

describe('postmortemPath', () => {
  it('names the file after the publication date and the summary', () => {
    expect(postmortemPath(publishedCase(), ctxOf(productConfig, AFTER_PUBLICATION))).toBe(
      'docs/handbook/engineering/postmortems/2026-11-30-path-traversal-in-the-file-upload-endpoint.mdx',
    );
  });

  it('cuts a long summary at a word boundary', () => {
    const state: Case = {
      ...publishedCase(),
      advisory: {
        ...publishedCase().advisory,
        summary:
          'Path traversal in the file upload endpoint allows writing outside the storage root',
      },
    };
    expect(postmortemPath(state, ctxOf(productConfig, AFTER_PUBLICATION))).toBe(
      'docs/handbook/engineering/postmortems/2026-11-30-path-traversal-in-the-file-upload-endpoint-allows-writing.mdx',
    );
  });

  it('uses the local publication date', () => {
    const state: Case = {
      ...publishedCase(),
      milestones: { ...publishedCase().milestones, published: '2026-11-29T23:30:00.000Z' },
    };
    expect(postmortemPath(state, ctxOf(productConfig, AFTER_PUBLICATION))).toMatch(/\/2026-11-30-/);
  });
});

describe('slugify', () => {
  it.each([
    ['Path traversal in uploads', 'path-traversal-in-uploads'],
    ['Überprüfung: Café-Zugriff (CVE-2026-1)!', 'uberprufung-cafe-zugriff-cve-2026-1'],
    ['@everyone <!-- x --> [link](http://evil)', 'everyone-x-link-http-evil'],
    ['   ', 'security-advisory'],
    ['🚨🚨', 'security-advisory'],
    ['a'.repeat(80), 'a'.repeat(60)],
  ])('%j → %j', (input, expected) => {
    const slug = slugify(input);
    expect(slug).toBe(expected);
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(slug.length).toBeLessThanOrEqual(60);
  });
});
