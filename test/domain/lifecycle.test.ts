import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/config/parse-config.js';
import { Case } from '../../src/domain/case.js';
import { ADMIN, Driver, MAINTAINER, READER, reportedAdvisory, SECOND } from './driver.js';

const HIGH = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N';

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({ timeZone: 'Europe/Berlin', ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

function reported(driver: Driver): Driver {
  return driver.send({
    type: 'report-received',
    advisory: reportedAdvisory(),
    tracking: { repo: 'acme/security-tracking', issue: 7 },
  });
}

function triaged(driver: Driver): Driver {
  return reported(driver)
    .command('/reproduced')
    .command('/scope in')
    .command(`/cvss ${HIGH}`)
    .command('/ack');
}

function drafted(driver: Driver): Driver {
  const walked = triaged(driver)
    .command('/fork')
    .command('/fixed 3f2c1ab --test test/upload.test.ts')
    .command('/validated')
    .command('/merged 7d1e0c2a9b')
    .command('/cve')
    .command('/advisory range "< 0.71.1" patched 0.71.1')
    .command('/draft');
  // Only a profile with a default embargo asks for it (the runbook publishes once released).
  return driver.config.sla.embargoDays > 0 ? walked.command('/embargo') : walked;
}

describe('the default profile, end to end in the domain', () => {
  it('opens a case from a report with the ack deadline', () => {
    const driver = reported(new Driver(config(), new Date('2026-11-20T15:00:00Z')));
    expect(driver.state.phase).toBe('triage');
    expect(driver.lastReply).toContain('Acknowledge within 3 business days');
    expect(driver.lastReply).toContain('2026-11-25');
  });

  it('walks triage → fix → draft → release → disclosure → publish → postmortem → closed', () => {
    const driver = drafted(new Driver(config(), new Date('2026-11-23T09:00:00Z')));
    expect(driver.executed.map((e) => e.key)).toContain('accept-report');
    expect(driver.state.advisory.state).toBe('draft');
    expect(driver.state.items.metadata).toBeUndefined();
    expect(driver.lastReply).toContain('Embargo ends **2027-01-19**');
    // The description still has empty sections, so the metadata gate holds the case in draft.
    expect(driver.state.phase).toBe('draft');

    driver.send({
      type: 'advisory-observed',
      advisory: reportedAdvisory({
        state: 'draft',
        cveId: 'CVE-2026-4242',
        description: [
          '## Summary',
          'The upload endpoint accepted relative paths.',
          '## Impact',
          'An authenticated user could write files outside the upload directory.',
          '## Patches',
          'Fixed in 0.71.1.',
          '## Workarounds',
          'Disable uploads.',
          '## References',
          'Reported by reporter-jane.',
        ].join('\n'),
        vulnerableVersionRange: '< 0.71.1',
      }),
    });
    expect(driver.state.cve.id).toBe('CVE-2026-4242');
    driver.command('/draft');
    expect(driver.lastReply).toContain('Advisory metadata complete');
    expect(driver.state.phase).toBe('release');

    driver.command('/release');
    const kinds = driver.executed.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['cut-release-branch', 'dispatch-workflow']));
    const branch = driver.executed.find((e) => e.kind === 'cut-release-branch');
    expect(branch).toMatchObject({
      branch: 'deploy/cloud/2026-11-23',
      from: 'v0.71.0',
      fixes: [{ head: '7d1e0c2a9b'.padEnd(40, '0'), commits: ['7d1e0c2a9b'.padEnd(40, '0')] }],
      fixFiles: ['packages/server/src/upload.ts'],
    });
    expect(driver.executed.find((e) => e.kind === 'dispatch-workflow')).toMatchObject({
      ref: 'deploy/cloud/2026-11-23',
    });
    expect(driver.state.release.runId).toBe(4242);

    driver.send({
      type: 'workflow-run-completed',
      runId: 4242,
      conclusion: 'success',
      url: 'https://github.com/acme/widget/actions/runs/4242',
    });
    expect(driver.state.items.canary).toBeDefined();
    driver.send({ type: 'release-published', tag: 'v0.71.1' });
    expect(driver.lastReply).toContain(
      '<Update label="November 2026" description="Security advisory CVE-2026-4242">',
    );
    expect(driver.state.phase).toBe('disclosure');

    // Drafted on the 23rd, the notice plans the embargo's end: nothing earlier was agreed.
    driver.command('/notify');
    expect(driver.lastReply).toContain('Subject:');
    expect(driver.state.disclosureDate).toBe('2027-01-19');
    driver.command('/notify sent');
    expect(driver.lastReply).toContain('Re-confirm the disclosure date');
    // The reporter asks for an earlier date: the notice is drafted again for it.
    driver.command('/confirm-date 2026-12-01 the reporter presents it on 2026-12-02');
    expect(driver.state.reporterDate).toBe('2026-12-01');
    expect(driver.state.disclosureDate).toBe('2026-12-01');
    expect(driver.lastReply).toContain('The customer notice is drafted again for **2026-12-01**');
    // Sent three days later: customers still get their seven days, so the date moves.
    driver.at('2026-11-26T09:00:00Z').command('/notify sent').command('/confirm');
    expect(driver.state.items['notice-sent']).toBeDefined();
    expect(driver.state.disclosureDate).toBe('2026-12-03');
    expect(driver.state.phase).toBe('publish');

    driver.at('2026-12-02T09:00:00Z').command('/publish');
    expect(driver.lastReply).toContain('❌ Customer lead time (7 days from the notice)');
    expect(driver.state.pending).toBeUndefined();

    driver.at('2026-12-03T09:00:00Z').command('/publish');
    expect(driver.state.pending?.action).toBe('publish');
    driver.command('/confirm');
    expect(driver.executed.map((e) => e.kind)).toContain('publish-advisory');
    expect(driver.state.items.published).toBeDefined();
    const changelog = driver.executed.find(
      (e) => e.kind === 'open-pull-request' && e.purpose === 'changelog',
    );
    expect(changelog).toBeDefined();

    driver.listedInDatabase();
    driver.send({ type: 'pull-request-merged', number: driver.state.pullRequests.changelog ?? -1 });
    expect(driver.state.phase).toBe('postmortem');
    const postmortem = driver.executed.find(
      (e) => e.kind === 'open-pull-request' && e.purpose === 'postmortem',
    );
    expect(postmortem).toMatchObject({
      files: [
        {
          path: expect.stringMatching(
            /^docs\/handbook\/engineering\/postmortems\/2026-12-03-path-traversal/,
          ),
        },
      ],
    });

    driver.command('/close');
    expect(driver.lastReply).toContain('Postmortem written');
    driver.send({
      type: 'pull-request-merged',
      number: driver.state.pullRequests.postmortem ?? -1,
    });
    expect(driver.state.phase).toBe('closed');
    expect(driver.executed.at(-1)?.kind).toBe('close-tracking-issue');
    expect(Case.safeParse(driver.state).success).toBe(true);
  });

  it('refuses /release in draft and names every missing item', () => {
    const driver = triaged(new Driver(config(), new Date('2026-11-23T09:00:00Z')));
    driver.command('/release');
    expect(driver.state.phase).toBe('fix');
    expect(driver.lastReply).toContain('Temporary private fork');
    expect(driver.lastReply).toContain('Fix in a pull request of the private fork');
    expect(driver.lastReply).toContain('Local validation run');
  });

  it('rejects an out-of-scope report after confirmation: reason to the reporter, advisory closed', () => {
    const driver = reported(new Driver(config(), new Date('2026-11-23T09:00:00Z')));
    driver.command('/scope out duplicate of GHSA-wxwx-2345-cfgh');
    expect(driver.state.phase).toBe('triage');
    driver.command('/confirm');
    expect(driver.state.phase).toBe('rejected');
    expect(driver.executed.map((e) => e.key)).toEqual([
      'scope-out:reason',
      'scope-out:close',
      'close-tracking-issue',
    ]);
    driver.command('/reproduced');
    expect(driver.lastReply).toContain('This case is **rejected**');
  });

  it('enforces the two-person rule on publication', () => {
    const driver = drafted(
      new Driver(
        config({ publish: { twoPerson: true }, customerNotice: false }),
        new Date('2026-11-23T09:00:00Z'),
      ),
    );
    driver.send({
      type: 'advisory-observed',
      advisory: reportedAdvisory({
        state: 'draft',
        cveId: 'CVE-2026-4242',
        description:
          '## Summary\nS\n## Impact\nI\n## Patches\n0.71.1\n## Workarounds\nNone\n## References\nR',
      }),
    });
    driver.command('/draft').command('/release');
    driver.send({
      type: 'workflow-run-completed',
      runId: 4242,
      conclusion: 'success',
      url: 'https://x',
    });
    driver.send({ type: 'release-published', tag: 'v0.71.1' });
    expect(driver.state.phase).toBe('publish');
    driver.command('/confirm-date 2026-11-24 agreed with the reporter');
    driver.at('2026-11-24T09:00:00Z');
    driver.command('/publish', MAINTAINER).command('/confirm', MAINTAINER);
    expect(driver.lastReply).toContain('Two-person rule');
    expect(driver.state.items.published).toBeUndefined();
    driver.command('/confirm', SECOND);
    expect(driver.state.items.published).toBeDefined();
  });

  it('keeps the phase and explains a failed release workflow', () => {
    const driver = drafted(new Driver(config(), new Date('2026-11-23T09:00:00Z')));
    driver.send({
      type: 'advisory-observed',
      advisory: reportedAdvisory({
        state: 'draft',
        cveId: 'CVE-2026-4242',
        description:
          '## Summary\nS\n## Impact\nI\n## Patches\n0.71.1\n## Workarounds\nNone\n## References\nR',
      }),
    });
    driver.command('/draft').command('/release');
    const replies = driver.replies.length;
    expect(driver.notices).toEqual([]);
    driver.send({
      type: 'workflow-run-completed',
      runId: 4242,
      conclusion: 'failure',
      url: 'https://github.com/acme/widget/actions/runs/4242',
    });
    // Nobody typed the event: the explanation is a notice someone must act on, not a reply.
    expect(driver.replies).toHaveLength(replies);
    expect(driver.notices).toHaveLength(1);
    expect(driver.lastNotice).toContain('finished with **failure**');
    expect(driver.lastNotice).toContain('The phase stays at **release**');
    expect(driver.state.phase).toBe('release');
    expect(driver.state.items.canary).toBeUndefined();
  });

  it('refuses a non-patch release and a leaking branch pattern', () => {
    const driver = drafted(
      new Driver(
        config({ release: { branch: 'security/{date}-GHSA-fix' } }),
        new Date('2026-11-23T09:00:00Z'),
      ),
    );
    driver.send({
      type: 'advisory-observed',
      advisory: reportedAdvisory({
        state: 'draft',
        cveId: 'CVE-2026-4242',
        description:
          '## Summary\nS\n## Impact\nI\n## Patches\n0.71.1\n## Workarounds\nNone\n## References\nR',
      }),
    });
    driver.command('/draft');
    driver.command('/release 0.72.0');
    expect(driver.lastReply).toContain('0.72.0 has patch number 0');
    driver.command('/release');
    expect(driver.lastReply).toContain('Refused by the leak guard');
    expect(driver.lastReply).toContain('branch name contains the configured word "GHSA-"');
    expect(driver.executed.filter((e) => e.kind === 'create-branch')).toEqual([]);
  });

  it('answers an unauthorised user and changes nothing but the handled mark', () => {
    const driver = reported(new Driver(config(), new Date('2026-11-23T09:00:00Z')));
    const before = driver.state;
    driver.command('/reproduced', READER);
    expect(driver.lastReply).toContain('needs **write** permission');
    expect({ ...driver.state, handledComments: [] }).toEqual({ ...before, handledComments: [] });
  });

  it('lets only admins force a phase, with confirmation and a reason', () => {
    const driver = reported(new Driver(config(), new Date('2026-11-23T09:00:00Z')));
    driver.command('/phase publish --force already public', SECOND);
    expect(driver.lastReply).toContain('needs **admin**');
    driver
      .command('/phase publish --force the issue was disclosed by a third party', ADMIN)
      .command('/confirm', ADMIN);
    expect(driver.state.phase).toBe('publish');
  });

  it('suggests the closest command for a typo', () => {
    const driver = reported(new Driver(config(), new Date('2026-11-23T09:00:00Z')));
    driver.command('/acknowledge', MAINTAINER);
    expect(driver.lastReply).toContain('`/acknowledge` is not a command');
    driver.command('/reproducd');
    expect(driver.lastReply).toContain('Did you mean `/reproduced`?');
  });

  it('runs the changesets preset: early CVE required, changeset PR, no customer notice', () => {
    const driver = drafted(
      new Driver(config({ preset: 'changesets' }), new Date('2026-11-23T09:00:00Z')),
    );
    driver.send({
      type: 'advisory-observed',
      advisory: reportedAdvisory({
        state: 'draft',
        description:
          '## Summary\nS\n## Impact\nI\n## Patches\n0.71.1\n## Workarounds\nNone\n## References\nR',
      }),
    });
    driver.command('/draft').command('/release');
    const cut = driver.executed.find((e) => e.kind === 'cut-release-branch');
    expect(cut).toMatchObject({
      from: '@acme/widget@0.71.0',
      versionFiles: [],
      files: [{ content: '---\n"@acme/widget": patch\n---\n\nFixed an issue in @acme/widget.\n' }],
    });
    const pr = driver.executed.find((e) => e.kind === 'open-pull-request');
    expect(pr).toMatchObject({
      purpose: 'changeset',
      title: 'chore: release 0.71.1',
      base: 'release/0.71.x',
      baseFrom: 'f'.repeat(40),
      files: [],
    });
    expect(driver.state.items['release-opened']).toBeDefined();
    driver.send({ type: 'release-published', tag: '@acme/widget@0.71.1' });
    expect(driver.state.phase).toBe('publish');
    driver.command('/publish');
    expect(driver.lastReply).toContain('❌ CVE assigned or waived');
    driver.send({
      type: 'advisory-observed',
      advisory: reportedAdvisory({
        state: 'draft',
        cveId: 'CVE-2026-5151',
        description:
          '## Summary\nS\n## Impact\nI\n## Patches\n0.71.1\n## Workarounds\nNone\n## References\nR',
      }),
    });
    driver.command('/publish').command('/confirm');
    expect(
      driver.executed.some((e) => e.kind === 'open-pull-request' && e.purpose === 'changelog'),
    ).toBe(false);
    driver.listedInDatabase();
    expect(driver.state.phase).toBe('postmortem');
    driver.command('/postmortem skip contained quickly');
    expect(driver.state.phase).toBe('closed');
  });

  it('keeps the default profile defaults', () => {
    expect(defaultConfig().release.strategy).toBe('hotfix');
  });
});
