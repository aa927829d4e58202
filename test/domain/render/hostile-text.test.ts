import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/case.js';
import type { TimelineEntry } from '../../../src/domain/fold.js';
import { renderAcknowledgement } from '../../../src/domain/render/acknowledgement.js';
import { renderAdvisoryDescription } from '../../../src/domain/render/advisory-description.js';
import { renderChangelogEntry } from '../../../src/domain/render/changelog-entry.js';
import { renderDisclosureEmail } from '../../../src/domain/render/disclosure-email.js';
import { postmortemPath, renderPostmortem } from '../../../src/domain/render/postmortem.js';
import { renderReminder } from '../../../src/domain/render/reminder.js';
import { renderStatusSection } from '../../../src/domain/render/status-section.js';
import {
  configOf,
  ctxOf,
  HOSTILE,
  HOSTILE_PARTS,
  openSourceConfig,
  productConfig,
  publishedCase,
} from './fixtures.js';

/** Every field people can type into, filled with hostile text. */
function hostileCase(): Case {
  const base = publishedCase();
  const item = {
    status: 'done' as const,
    at: '2026-11-20T09:00:00.000Z',
    by: HOSTILE.slice(0, 39),
    evidence: HOSTILE,
  };
  return {
    ...base,
    phase: 'disclosure',
    summary: HOSTILE,
    reporter: '@everyone',
    assignee: '@everyone',
    credits: [{ login: '@everyone', type: HOSTILE }],
    embargo: {
      date: '2027-01-01',
      timeZone: 'Europe/Berlin',
      history: [{ date: '2027-01-01', reason: HOSTILE, by: '@everyone', at: base.reportedAt }],
    },
    cve: { requestedAt: base.reportedAt, waived: HOSTILE },
    advisory: {
      ...base.advisory,
      summary: HOSTILE,
      packageName: HOSTILE,
      vulnerableVersionRange: HOSTILE,
      patchedVersion: HOSTILE,
      description: `## Workarounds\n${HOSTILE}\n`,
    },
    release: { ...base.release, version: HOSTILE, branch: HOSTILE },
    fixes: [{ sha: 'deadbeef', testPath: HOSTILE, at: base.reportedAt, by: '@everyone' }],
    items: Object.fromEntries(Object.keys(base.items).map((k) => [k, item])),
    pending: { action: 'publish', argsText: HOSTILE, by: '@everyone', at: base.reportedAt },
    planned: [{ key: 'custom:1', dueAt: base.reportedAt, text: HOSTILE, by: '@everyone' }],
  };
}

const TIMELINE: TimelineEntry[] = [
  { at: '2026-11-20T09:00:00.000Z', by: '@everyone', note: HOSTILE },
  { at: '2026-11-21T09:00:00.000Z', by: HOSTILE, note: `Rejected as out of scope: ${HOSTILE}` },
];

function outputs(): [string, string][] {
  const state = hostileCase();
  const ctx = ctxOf(productConfig);
  const email = renderDisclosureEmail(state, ctx, {
    productionAt: '2026-11-20T09:00:00.000Z',
    disclosureDate: '2026-11-30',
  });
  return [
    ['status section', renderStatusSection(state, TIMELINE, ctx)],
    ['status section (changesets)', renderStatusSection(state, TIMELINE, ctxOf(openSourceConfig))],
    ['acknowledgement', renderAcknowledgement(state, ctx)],
    [
      'acknowledgement (template)',
      renderAcknowledgement(
        state,
        ctxOf(configOf({ templates: { acknowledgement: '{summary} {reporter}' } })),
      ),
    ],
    [
      'advisory description',
      renderAdvisoryDescription(
        { ...state, advisory: { ...state.advisory, description: undefined } },
        ctx,
      ),
    ],
    ['changelog entry', renderChangelogEntry(state, ctx)],
    ['changelog entry (markdown)', renderChangelogEntry(state, ctxOf(openSourceConfig))],
    ['disclosure email subject', email.subject],
    ['disclosure email body', email.body],
    ['postmortem', renderPostmortem(state, TIMELINE, ctx)],
    ['postmortem path', postmortemPath(state, ctx)],
    ...(
      [
        'ack-due-soon',
        'ack-overdue',
        'cve-pending',
        'phase-stalled',
        'embargo-ending',
        'disclosure-reached',
        'reach-check',
        'custom',
      ] as const
    ).map((kind): [string, string] => [
      `reminder ${kind}`,
      renderReminder(
        {
          kind,
          state,
          dueAt: '2026-11-23T09:00:00.000Z',
          mention: '@maintainer-max',
          escalation: true,
          detail: kind === 'embargo-ending' ? '7' : HOSTILE,
        },
        ctx,
      ),
    ]),
  ];
}

describe('hostile user text', () => {
  it.each(
    outputs().flatMap(([name, text]) => HOSTILE_PARTS.map((part) => [name, part, text] as const)),
  )('%s does not repeat %j raw', (_name, part, text) => {
    expect(text).not.toContain(part);
  });

  it.each(outputs())('%s has no hidden marker but its own', (_name, text) => {
    const comments = [...text.matchAll(/<!--[\s\S]*?-->/g)].map((m) => m[0]);
    for (const comment of comments) {
      expect(comment).toMatch(
        /^<!-- (advisory-pilot:status:(start|end)|item:[a-z-]+|[A-Z][^<>]*) -->$/,
      );
    }
  });

  it('keeps the status section’s checkboxes to the App’s own items', () => {
    const text = renderStatusSection(hostileCase(), TIMELINE, ctxOf(productConfig));
    for (const line of text.split('\n').filter((l) => /^\s*[-*] \[[ xX]\]/.test(l))) {
      expect(line).toMatch(/<!-- item:[a-z-]+ -->$/);
      expect(line.match(/<!--/g)).toHaveLength(1);
    }
  });

  it('keeps a person’s own advisory text verbatim (it is theirs, not echoed user input)', () => {
    const existing = `## Summary\nSee [the docs](https://example.com/docs) — thanks @jane.\n`;
    const text = renderAdvisoryDescription(publishedCase(), ctxOf(productConfig), existing);
    expect(text.startsWith(existing)).toBe(true);
  });
});
