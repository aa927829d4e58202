import { describe, expect, it } from 'vitest';
import { renderReleaseSection } from '../../../src/domain/render/postmortem-release.js';
import {
  AFTER_PUBLICATION,
  changesetsCase,
  ctxOf,
  openSourceConfig,
  productConfig,
  publishedCase,
} from './fixtures.js';

describe('renderReleaseSection', () => {
  it('names the evidence each stage was taken from', () => {
    const text = renderReleaseSection(publishedCase(), ctxOf(productConfig, AFTER_PUBLICATION));
    expect(text).toContain('- Canary: 2026-11-19 16:00 CET, release workflow run:');
    expect(text).toContain('- Production: 2026-11-20 10:00 CET, deployment status:');
  });

  it('calls a stage ticked by hand a person’s word, and a waived one waived', () => {
    const state = publishedCase();
    const { canaryEvidence: _c, productionEvidence: _p, ...release } = state.release;
    const text = renderReleaseSection(
      {
        ...state,
        release,
        items: {
          ...state.items,
          production: {
            status: 'waived',
            at: '2026-11-20T09:00:00.000Z',
            by: 'max',
            evidence: 'on-premise only',
          },
        },
      },
      ctxOf(productConfig, AFTER_PUBLICATION),
    );
    expect(text).toContain('- Canary: 2026-11-19 16:00 CET, confirmed by hand:');
    expect(text).toContain('- Production: waived on 2026-11-20 10:00 CET: on-premise only.');
  });

  it('has no canary line for a changeset release and says when nothing was released', () => {
    const state = changesetsCase();
    expect(renderReleaseSection(state, ctxOf(openSourceConfig))).toBe(
      '_No release was recorded for this case._',
    );
    const released = renderReleaseSection(
      { ...state, release: { ...state.release, version: '1.4.2' } },
      ctxOf(openSourceConfig),
    );
    expect(released).toContain('released through a changeset pull request');
    expect(released).not.toContain('Canary');
    expect(released).toContain('- Production: not reached.');
  });
});
