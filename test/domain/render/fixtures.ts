import { parseConfig } from '../../../src/config/parse-config.js';
import type { AdvisoryPilotConfig, AdvisoryPilotConfigInput } from '../../../src/config/schema.js';
import type { Case, ItemState } from '../../../src/domain/case.js';
import type { TimelineEntry } from '../../../src/domain/fold.js';
import type { RenderContext } from '../../../src/domain/render/context.js';

/** The fixed clock of the render tests: Monday 2026-11-23, 11:00 in Berlin. */
export const NOW = new Date('2026-11-23T10:00:00.000Z');
/** A week later, after publication, for the texts written then (changelog, postmortem). */
export const PUBLISHED_AT = '2026-11-30T09:00:00.000Z';
export const AFTER_PUBLICATION = new Date('2026-12-01T10:00:00.000Z');

/** Wednesday 2026-11-18 is a company holiday; Christmas and New Year's Eve are too. */
const CALENDAR: AdvisoryPilotConfigInput = {
  timeZone: 'Europe/Berlin',
  holidays: ['2026-11-18', '2026-12-24', '2026-12-25', '2026-12-31'],
};

export function configOf(input: AdvisoryPilotConfigInput = {}): AdvisoryPilotConfig {
  const result = parseConfig({ ...CALENDAR, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

/** The product company's playbook (default profile). */
export const productConfig = configOf({
  productName: 'Acme Widget',
  tracking: { repository: 'acme/security-tracking', team: 'acme/security' },
});
/** The open-source runbook (changesets preset). */
export const openSourceConfig = configOf({
  preset: 'changesets',
  productName: 'Plugin Kit',
  tracking: { repository: 'acme/plugin-kit-security', team: 'acme/plugin-kit-maintainers' },
});

export function ctxOf(config: AdvisoryPilotConfig, now: Date = NOW): RenderContext {
  return { now, config };
}

const BOT = 'advisory-pilot[bot]';

function done(at: string, by: string, evidence?: string): ItemState {
  return { status: 'done', at, by, ...(evidence === undefined ? {} : { evidence }) };
}

function baseCase(overrides: Partial<Case>): Case {
  return {
    repoPrivate: false,
    source: 'advisory',
    tracking: { repo: 'acme/security-tracking', issue: 1 },
    summary: 'placeholder',
    reportedAt: '2026-11-01T00:00:00.000Z',
    phase: 'triage',
    phaseEnteredAt: '2026-11-01T00:00:00.000Z',
    items: {},
    credits: [],
    collaborators: { users: [], teams: [] },
    cve: {},
    advisory: {},
    release: {},
    fixes: [],
    exploited: false,
    pullRequests: {},
    reminders: {},
    milestones: {},
    planned: [],
    handledComments: [],
    lastActivityAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

const HIGH_VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N';
const MEDIUM_VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N';

/**
 * Default profile, high severity, in the release phase: reported Monday 2 November, CVE
 * assigned, fix merged in the private fork, hotfix branch cut and the workflow dispatched on
 * Thursday 19 November; canary not verified yet.
 */
export function releaseCase(): Case {
  return baseCase({
    repo: 'acme/widget',
    ghsaId: 'GHSA-2c5f-hj7m-pq9r',
    tracking: { repo: 'acme/security-tracking', issue: 42 },
    summary: 'Path traversal in the file upload endpoint',
    reportedAt: '2026-11-02T08:15:00.000Z',
    reporter: 'reporter-jane',
    phase: 'release',
    phaseEnteredAt: '2026-11-19T08:30:00.000Z',
    severity: 'high',
    cvss: { vector: HIGH_VECTOR, score: 8.6, nomenclature: 'CVSS-B' },
    assignee: 'maintainer-max',
    credits: [{ login: 'reporter-jane', type: 'finder' }],
    collaborators: { users: [], teams: ['acme/security'] },
    embargo: {
      date: '2027-01-01',
      timeZone: 'Europe/Berlin',
      history: [
        {
          date: '2027-01-01',
          reason: 'default: report + 60 days',
          by: 'maintainer-max',
          at: '2026-11-11T09:10:00.000Z',
        },
      ],
    },
    cve: { requestedAt: '2026-11-11T09:05:00.000Z', id: 'CVE-2026-41234' },
    advisory: {
      state: 'draft',
      summary: 'Path traversal in the file upload endpoint',
      ecosystem: 'npm',
      packageName: '@acme/widget-server',
      vulnerableVersionRange: '< 0.71.1',
      patchedVersion: '0.71.1',
      previousVersion: '0.71.0',
    },
    release: {
      strategy: 'hotfix',
      version: '0.71.1',
      branch: 'deploy/cloud/2026-11-19',
      runId: 9_876_543,
      runUrl: 'https://github.com/acme/widget/actions/runs/9876543',
    },
    fork: {
      name: 'acme/widget-ghsa-2c5f-hj7m-pq9r',
      url: 'https://github.com/acme/widget-ghsa-2c5f-hj7m-pq9r',
    },
    fixes: [
      {
        sha: '3f2a9c1d',
        testPath: 'packages/server/test/upload-path.test.ts',
        at: '2026-11-04T10:00:00.000Z',
        by: 'maintainer-max',
        merged: {
          at: '2026-11-19T08:00:00.000Z',
          via: 'push',
          commits: ['3f2a9c1d'.padEnd(40, '7')],
          files: ['packages/server/src/upload.ts'],
        },
      },
    ],
    items: {
      reproduced: done(
        '2026-11-02T13:40:00.000Z',
        'maintainer-max',
        'upload with ../../ in the file name writes to /srv',
      ),
      'in-scope': done('2026-11-02T13:42:00.000Z', 'maintainer-max'),
      'cvss-scored': done('2026-11-02T13:50:00.000Z', 'maintainer-max', HIGH_VECTOR),
      acknowledged: done('2026-11-03T10:05:00.000Z', 'maintainer-max', 'advisory comment'),
      'draft-advisory': done('2026-11-03T10:20:00.000Z', BOT, 'report accepted'),
      'private-fork': done(
        '2026-11-03T10:25:00.000Z',
        'maintainer-max',
        'acme/widget-ghsa-2c5f-hj7m-pq9r',
      ),
      'fix-merged': done(
        '2026-11-10T16:00:00.000Z',
        'dev-sam',
        '3f2a9c1d with packages/server/test/upload-path.test.ts',
      ),
      validated: done(
        '2026-11-10T17:30:00.000Z',
        'dev-sam',
        'npm run lint-dev, npm run test-unit, npm run test-api',
      ),
      cve: done('2026-11-11T09:05:00.000Z', 'maintainer-max', 'requested'),
      embargo: done('2026-11-11T09:10:00.000Z', 'maintainer-max', '2027-01-01'),
      metadata: done('2026-11-18T16:45:00.000Z', 'maintainer-max'),
      'fix-landed': done('2026-11-19T08:00:00.000Z', BOT, 'on the default branch (push)'),
      'release-opened': done(
        '2026-11-19T08:30:00.000Z',
        BOT,
        'deploy/cloud/2026-11-19, run 9876543',
      ),
    },
    milestones: {
      reported: '2026-11-02T08:15:00.000Z',
      acknowledged: '2026-11-03T10:05:00.000Z',
      'fix-public': '2026-11-19T08:00:00.000Z',
      'phase:fix': '2026-11-03T10:20:00.000Z',
      fixed: '2026-11-10T16:00:00.000Z',
      'phase:draft': '2026-11-10T17:30:00.000Z',
      'cve-assigned': '2026-11-12T14:00:00.000Z',
      'phase:release': '2026-11-19T08:30:00.000Z',
    },
    lastActivityAt: '2026-11-19T08:30:00.000Z',
  });
}

/** The same case's history as the fold tells it. */
export function releaseTimeline(): TimelineEntry[] {
  return [
    { at: '2026-11-02T08:16:00.000Z', by: BOT, note: 'Case opened' },
    {
      at: '2026-11-02T13:40:00.000Z',
      by: 'maintainer-max',
      note: 'Reproduced: upload with ../../ in the file name writes to /srv',
    },
    { at: '2026-11-02T13:42:00.000Z', by: 'maintainer-max', note: 'In scope' },
    { at: '2026-11-02T13:50:00.000Z', by: 'maintainer-max', note: 'Scored CVSS 4.0 8.6 (high)' },
    { at: '2026-11-03T10:05:00.000Z', by: 'maintainer-max', note: 'Reporter acknowledged' },
    { at: '2026-11-03T10:20:00.000Z', by: BOT, note: 'Phase triage → fix' },
    {
      at: '2026-11-03T10:25:00.000Z',
      by: BOT,
      note: 'Temporary private fork acme/widget-ghsa-2c5f-hj7m-pq9r created',
    },
    {
      at: '2026-11-10T16:00:00.000Z',
      by: 'dev-sam',
      note: 'Fix merged: 3f2a9c1d (test packages/server/test/upload-path.test.ts)',
    },
    { at: '2026-11-10T17:30:00.000Z', by: 'dev-sam', note: 'Local validation run' },
    { at: '2026-11-10T17:30:00.000Z', by: BOT, note: 'Phase fix → draft' },
    { at: '2026-11-11T09:05:00.000Z', by: 'maintainer-max', note: 'CVE requested' },
    { at: '2026-11-11T09:10:00.000Z', by: 'maintainer-max', note: 'Embargo set to 2027-01-01' },
    { at: '2026-11-12T14:00:00.000Z', by: BOT, note: 'CVE-2026-41234 assigned' },
    { at: '2026-11-18T16:45:00.000Z', by: 'maintainer-max', note: 'Advisory metadata complete' },
    { at: '2026-11-19T08:30:00.000Z', by: BOT, note: 'Phase draft → release' },
    {
      at: '2026-11-19T08:30:00.000Z',
      by: 'maintainer-max',
      note: 'Release 0.71.1: branch deploy/cloud/2026-11-19, workflow dispatched',
    },
  ];
}

/** The advisory description people wrote during the draft phase (Workarounds filled by hand). */
export const WRITTEN_DESCRIPTION = [
  '## Summary',
  'The file upload endpoint did not normalise file names, so a crafted name containing `../` could place the file outside the configured storage root.',
  '',
  '## Impact',
  '<!-- What an attacker can do, what data or systems are at risk, and which versions and configurations are affected. -->',
  '',
  '## Patches',
  '',
  '## Workarounds',
  'Set `AP_FILE_STORAGE_TYPE=s3`: object storage is not affected.',
  '',
  '## References',
  '<!-- The fix commit, related CVEs or upstream advisories, and credit for the reporter. -->',
  '',
].join('\n');

/** Release done, on production since Friday 20 November, customer notice being drafted now. */
export function disclosureCase(): Case {
  const state = releaseCase();
  const by = 'maintainer-max';
  return {
    ...state,
    phase: 'disclosure',
    phaseEnteredAt: '2026-11-20T09:00:00.000Z',
    advisory: { ...state.advisory, description: WRITTEN_DESCRIPTION },
    release: {
      ...state.release,
      canaryAt: '2026-11-19T15:00:00.000Z',
      productionAt: '2026-11-20T09:00:00.000Z',
    },
    items: {
      ...state.items,
      canary: done('2026-11-19T15:00:00.000Z', BOT, 'workflow run 9876543 succeeded'),
      production: done('2026-11-20T09:00:00.000Z', by, 'deployed to cloud'),
      'changelog-drafted': done('2026-11-20T09:00:00.000Z', by, 'drafted in the tracking issue'),
    },
    milestones: {
      ...state.milestones,
      released: '2026-11-20T09:00:00.000Z',
      'phase:disclosure': '2026-11-20T09:00:00.000Z',
    },
    lastActivityAt: '2026-11-20T09:00:00.000Z',
  };
}

/** Published on Monday 30 November, reached the database, now in the postmortem phase. */
export function publishedCase(): Case {
  const state = disclosureCase();
  const by = 'maintainer-max';
  return {
    ...state,
    phase: 'postmortem',
    phaseEnteredAt: '2026-11-30T09:20:00.000Z',
    disclosureDate: '2026-11-30',
    reporterDate: '2026-11-30',
    advisory: { ...state.advisory, state: 'published' },
    release: {
      ...state.release,
      from: 'v0.71.0',
      fromSha: '1'.repeat(40),
      headSha: 'e'.repeat(40),
      bumped: ['package.json@0.71.1'],
      canaryEvidence: 'workflow',
      productionEvidence: 'deployment',
    },
    items: {
      ...state.items,
      'notice-sent': done('2026-11-23T11:00:00.000Z', by, 'public disclosure 2026-11-30'),
      'date-confirmed': done('2026-11-23T10:30:00.000Z', by, 'reporter agreed on 2026-11-30'),
      published: done(PUBLISHED_AT, BOT, 'advisory published'),
      reached: done('2026-11-30T09:20:00.000Z', BOT, 'listed in the GitHub Advisory Database'),
      'changelog-posted': done('2026-11-30T11:00:00.000Z', BOT, 'PR #812 merged'),
    },
    milestones: {
      ...state.milestones,
      notified: '2026-11-23T11:00:00.000Z',
      'phase:publish': '2026-11-23T11:00:00.000Z',
      published: PUBLISHED_AT,
      database: '2026-11-30T09:20:00.000Z',
      'phase:postmortem': '2026-11-30T09:20:00.000Z',
    },
    pullRequests: { changelog: 812 },
    lastActivityAt: '2026-11-30T11:00:00.000Z',
  };
}

export function publishedTimeline(): TimelineEntry[] {
  return [
    ...releaseTimeline(),
    {
      at: '2026-11-19T15:00:00.000Z',
      by: BOT,
      note: 'Canary verified (workflow run 9876543 succeeded)',
    },
    {
      at: '2026-11-20T09:00:00.000Z',
      by: 'maintainer-max',
      note: 'On production (deployed to cloud)',
    },
    { at: '2026-11-20T09:00:00.000Z', by: BOT, note: 'Phase release → disclosure' },
    {
      at: '2026-11-23T10:00:00.000Z',
      by: 'maintainer-max',
      note: 'Customer notice drafted; public disclosure 2026-11-30',
    },
    {
      at: '2026-11-23T10:30:00.000Z',
      by: 'maintainer-max',
      note: 'Disclosure date re-confirmed with the reporter',
    },
    { at: '2026-11-23T11:00:00.000Z', by: 'maintainer-max', note: 'Customer notice sent' },
    { at: '2026-11-23T11:00:00.000Z', by: BOT, note: 'Phase disclosure → publish' },
    { at: PUBLISHED_AT, by: BOT, note: 'Advisory published' },
    { at: '2026-11-30T09:20:00.000Z', by: BOT, note: 'Reached the GitHub Advisory Database' },
    { at: '2026-11-30T09:20:00.000Z', by: BOT, note: 'Phase publish → postmortem' },
    { at: '2026-11-30T11:00:00.000Z', by: BOT, note: 'Changelog PR #812 merged' },
  ];
}

/**
 * The changesets preset: a medium stored XSS in an npm library, in the draft phase. The CVE was
 * requested early (Tuesday 17 November) and has not arrived; nobody is assigned.
 */
export function changesetsCase(): Case {
  const by = 'maintainer-kim';
  return baseCase({
    repo: 'acme/plugin-kit',
    ghsaId: 'GHSA-7x4q-m2vw-9hfr',
    tracking: { repo: 'acme/plugin-kit-security', issue: 9 },
    summary: 'Stored cross-site scripting in the catalog entity page',
    reportedAt: '2026-11-16T13:00:00.000Z',
    reporter: 'h4ck3r-lee',
    phase: 'draft',
    phaseEnteredAt: '2026-11-20T15:00:00.000Z',
    severity: 'medium',
    cvss: { vector: MEDIUM_VECTOR, score: 5.3, nomenclature: 'CVSS-B' },
    credits: [
      { login: 'h4ck3r-lee', type: 'finder' },
      { login: 'outside-dev', type: 'remediation_developer' },
    ],
    collaborators: { users: ['outside-dev'], teams: [] },
    embargo: {
      date: '2027-01-15',
      timeZone: 'Europe/Berlin',
      history: [
        {
          date: '2027-01-15',
          reason: 'default: report + 60 days',
          by,
          at: '2026-11-20T15:05:00.000Z',
        },
      ],
    },
    cve: { requestedAt: '2026-11-17T10:00:00.000Z' },
    advisory: {
      state: 'draft',
      summary: 'Stored cross-site scripting in the catalog entity page',
      ecosystem: 'npm',
      packageName: '@acme/plugin-kit',
      vulnerableVersionRange: '< 1.14.3',
      patchedVersion: '1.14.3',
      previousVersion: '1.14.2',
    },
    fork: {
      name: 'acme/plugin-kit-ghsa-7x4q-m2vw-9hfr',
      url: 'https://github.com/acme/plugin-kit-ghsa-7x4q-m2vw-9hfr',
    },
    fixes: [
      {
        sha: 'a91c0e7',
        testPath: 'plugins/catalog/src/EntityPage.test.tsx',
        at: '2026-11-18T10:00:00.000Z',
        by,
      },
    ],
    items: {
      reproduced: done('2026-11-16T15:10:00.000Z', by),
      'in-scope': done('2026-11-16T15:12:00.000Z', by),
      'cvss-scored': done('2026-11-16T15:20:00.000Z', by, MEDIUM_VECTOR),
      acknowledged: done('2026-11-17T09:30:00.000Z', by, 'advisory comment'),
      'draft-advisory': done('2026-11-17T09:31:00.000Z', 'advisory-pilot[bot]', 'report accepted'),
      'private-fork': done('2026-11-17T09:40:00.000Z', by, 'acme/plugin-kit-ghsa-7x4q-m2vw-9hfr'),
      cve: done('2026-11-17T10:00:00.000Z', by, 'requested'),
      'fix-merged': done(
        '2026-11-20T14:00:00.000Z',
        'outside-dev',
        'a91c0e7 with plugins/catalog/src/EntityPage.test.tsx',
      ),
      validated: done('2026-11-20T15:00:00.000Z', by, 'yarn tsc, yarn lint, yarn test'),
      embargo: done('2026-11-20T15:05:00.000Z', by, '2027-01-15'),
    },
    milestones: {
      reported: '2026-11-16T13:00:00.000Z',
      acknowledged: '2026-11-17T09:30:00.000Z',
      'phase:fix': '2026-11-17T09:31:00.000Z',
      fixed: '2026-11-20T14:00:00.000Z',
      'phase:draft': '2026-11-20T15:00:00.000Z',
    },
    lastActivityAt: '2026-11-20T15:05:00.000Z',
  });
}

export function changesetsTimeline(): TimelineEntry[] {
  return [
    { at: '2026-11-16T13:01:00.000Z', by: BOT, note: 'Case opened' },
    { at: '2026-11-16T15:10:00.000Z', by: 'maintainer-kim', note: 'Reproduced' },
    { at: '2026-11-16T15:12:00.000Z', by: 'maintainer-kim', note: 'In scope' },
    { at: '2026-11-16T15:20:00.000Z', by: 'maintainer-kim', note: 'Scored CVSS 4.0 5.3 (medium)' },
    { at: '2026-11-17T09:30:00.000Z', by: 'maintainer-kim', note: 'Reporter acknowledged' },
    { at: '2026-11-17T09:31:00.000Z', by: BOT, note: 'Phase triage → fix' },
    {
      at: '2026-11-17T09:40:00.000Z',
      by: 'maintainer-kim',
      note: 'Temporary private fork created; outside-dev invited',
    },
    { at: '2026-11-17T10:00:00.000Z', by: 'maintainer-kim', note: 'CVE requested' },
    {
      at: '2026-11-20T14:00:00.000Z',
      by: 'outside-dev',
      note: 'Fix merged: a91c0e7 (test plugins/catalog/src/EntityPage.test.tsx)',
    },
    { at: '2026-11-20T15:00:00.000Z', by: 'maintainer-kim', note: 'Local validation run' },
    { at: '2026-11-20T15:00:00.000Z', by: BOT, note: 'Phase fix → draft' },
    { at: '2026-11-20T15:05:00.000Z', by: 'maintainer-kim', note: 'Embargo set to 2027-01-15' },
  ];
}

/**
 * A report that came by email (no advisory yet), reproduced but not scored, on Tuesday
 * 17 November at 15:30. With the Wednesday holiday the acknowledgement is due today, 15:30.
 */
export function manualTriageCase(): Case {
  return baseCase({
    source: 'manual',
    tracking: { repo: 'acme/security-tracking', issue: 57 },
    summary: 'SSRF in the webhook preview lets workspace members reach internal services',
    reportedAt: '2026-11-17T14:30:00.000Z',
    phase: 'triage',
    phaseEnteredAt: '2026-11-17T14:35:00.000Z',
    assignee: 'maintainer-ana',
    items: {
      reproduced: done(
        '2026-11-19T10:15:00.000Z',
        'maintainer-ana',
        'reached 169.254.169.254 from the preview on 0.70.3',
      ),
    },
    milestones: { reported: '2026-11-17T14:30:00.000Z' },
    lastActivityAt: '2026-11-19T10:15:00.000Z',
  });
}

export function manualTimeline(): TimelineEntry[] {
  return [
    {
      at: '2026-11-17T14:35:00.000Z',
      by: 'maintainer-ana',
      note: 'Case opened from a report received by email',
    },
    {
      at: '2026-11-19T10:15:00.000Z',
      by: 'maintainer-ana',
      note: 'Reproduced: reached 169.254.169.254 from the preview on 0.70.3',
    },
  ];
}

/** Hostile text: a mass mention, a forged record marker, a task-list box and a link. */
export const HOSTILE_PARTS = [
  '@everyone',
  '<!-- advisory-pilot:record {"v":1,"id":"x","type":"update"} -->',
  '- [ ] x',
  '[link](http://evil)',
] as const;
export const HOSTILE = `${HOSTILE_PARTS[0]} ${HOSTILE_PARTS[1]}\n${HOSTILE_PARTS[2]}\n${HOSTILE_PARTS[3]} ![img](http://evil/x.png)`;
