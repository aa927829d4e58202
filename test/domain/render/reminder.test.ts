import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/case.js';
import type { ReminderKind } from '../../../src/domain/reminders.js';
import { renderReminder } from '../../../src/domain/render/reminder.js';
import {
  changesetsCase,
  ctxOf,
  disclosureCase,
  manualTriageCase,
  NOW,
  openSourceConfig,
  productConfig,
  publishedCase,
  releaseCase,
} from './fixtures.js';

interface Row {
  kind: ReminderKind;
  state: Case;
  dueAt: string;
  mention: string;
  escalation: boolean;
  detail?: string;
  now?: string;
  preset?: 'open-source';
}

const ROWS: Row[] = [
  {
    kind: 'ack-due-soon',
    state: manualTriageCase(),
    dueAt: '2026-11-23T14:30:00.000Z',
    mention: '@maintainer-ana',
    escalation: false,
  },
  {
    kind: 'ack-overdue',
    state: manualTriageCase(),
    dueAt: '2026-11-23T14:30:00.000Z',
    mention: '@maintainer-ana @acme/security',
    escalation: true,
    now: '2026-11-25T08:00:00.000Z',
  },
  {
    kind: 'cve-pending',
    state: changesetsCase(),
    dueAt: '2026-11-20T10:00:00.000Z',
    mention: '@acme/plugin-kit-maintainers',
    escalation: false,
    preset: 'open-source',
  },
  {
    kind: 'phase-stalled',
    state: releaseCase(),
    dueAt: '2026-11-23T08:30:00.000Z',
    mention: '@maintainer-max',
    escalation: false,
  },
  {
    kind: 'embargo-ending',
    state: releaseCase(),
    dueAt: '2026-12-31T23:00:00.000Z',
    mention: '@maintainer-max',
    escalation: false,
    detail: '7',
    now: '2026-12-25T09:00:00.000Z',
  },
  {
    kind: 'embargo-ending',
    state: releaseCase(),
    dueAt: '2026-12-31T23:00:00.000Z',
    mention: '@maintainer-max',
    escalation: false,
    detail: '1',
    now: '2026-12-31T09:00:00.000Z',
  },
  {
    kind: 'embargo-overrun',
    state: releaseCase(),
    dueAt: '2027-01-01T23:00:00.000Z',
    mention: '@maintainer-max',
    escalation: true,
    detail: '3',
    now: '2027-01-04T09:00:00.000Z',
  },
  {
    kind: 'disclosure-reached',
    state: { ...disclosureCase(), disclosureDate: '2026-11-30' },
    dueAt: '2026-11-29T23:00:00.000Z',
    mention: '@maintainer-max',
    escalation: false,
    now: '2026-11-30T07:00:00.000Z',
  },
  {
    kind: 'reach-check',
    state: {
      ...publishedCase(),
      reach: { urlChecks: 3, urlError: 'https://status.acme.test/health answered 503' },
    },
    dueAt: '2026-11-30T11:05:00.000Z',
    mention: '@maintainer-max',
    escalation: false,
    now: '2026-11-30T11:05:00.000Z',
  },
  {
    kind: 'database-missing',
    state: {
      ...publishedCase(),
      reach: {
        databaseChecks: 9,
        databaseProblem: 'The GitHub Advisory Database lists no CVE instead of CVE-2026-41234',
      },
    },
    dueAt: '2026-12-03T09:05:00.000Z',
    mention: '@maintainer-max',
    escalation: false,
    now: '2026-12-03T09:05:00.000Z',
  },
  {
    kind: 'custom',
    state: releaseCase(),
    dueAt: '2026-11-23T08:00:00.000Z',
    mention: '@maintainer-max',
    escalation: false,
    detail: 'check the canary dashboards before promoting',
  },
];

describe('renderReminder', () => {
  it('writes one short paragraph per kind', async () => {
    const text = ROWS.map((row) => {
      const config = row.preset ? openSourceConfig : productConfig;
      const ctx = ctxOf(config, row.now ? new Date(row.now) : NOW);
      const body = renderReminder(
        {
          kind: row.kind,
          state: row.state,
          dueAt: row.dueAt,
          mention: row.mention,
          escalation: row.escalation,
          ...(row.detail ? { detail: row.detail } : {}),
        },
        ctx,
      );
      return `### ${row.kind}${row.detail && row.kind !== 'custom' ? ` (${row.detail})` : ''}\n\n${body}\n`;
    }).join('\n');
    await expect(text).toMatchFileSnapshot('./__golden__/reminders.md');
  });

  it.each(ROWS.map((row) => [row.kind, row] as const))(
    '%s names who, the command and stays one paragraph',
    (_kind, row) => {
      const body = renderReminder(
        { ...row },
        ctxOf(row.preset ? openSourceConfig : productConfig, row.now ? new Date(row.now) : NOW),
      );
      expect(body.indexOf(` ${row.mention}: `)).toBeLessThan(3);
      expect(body).not.toContain('\n');
      if (row.kind !== 'custom') expect(body).toMatch(/`\/[a-z]/);
    },
  );

  it('addresses the security team when nobody is assigned and no team is configured', () => {
    const body = renderReminder(
      {
        kind: 'ack-due-soon',
        state: manualTriageCase(),
        dueAt: '2026-11-23T14:30:00.000Z',
        mention: '',
        escalation: false,
      },
      ctxOf(productConfig),
    );
    expect(
      body.startsWith(
        '⏰ Security team: the reporter of case #57 must be acknowledged by **2026-11-23 15:30 CET** (today;',
      ),
    ).toBe(true);
    expect(body).toContain('score it with `/cvss <vector>`, then type `/ack`');
  });
});
