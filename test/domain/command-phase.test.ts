import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { Driver, MAINTAINER, reportedAdvisory } from './driver.js';

const VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N';
const DESCRIPTION =
  '## Summary\nS\n## Impact\nI\n## Patches\n0.71.1\n## Workarounds\nNone\n## References\nR';

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({ timeZone: 'Europe/Berlin', ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

/** A case brought to the start of `phase` through the real commands. */
function caseIn(
  phase: 'triage' | 'fix' | 'draft' | 'release' | 'disclosure' | 'publish' | 'postmortem',
  repoPrivate = false,
): Driver {
  const d = new Driver(config(), new Date('2026-11-23T09:00:00Z'));
  d.send({
    type: 'report-received',
    advisory: reportedAdvisory({ repoPrivate }),
    tracking: { repo: 'acme/security-tracking', issue: 7 },
  });
  if (phase === 'triage') return d;
  d.command('/reproduced').command('/scope in').command(`/cvss ${VECTOR}`).command('/ack');
  if (phase === 'fix') return d;
  d.command('/fork')
    .command('/fixed abc1234 --test t.test.ts')
    .command('/validated')
    .command('/merged 7d1e0c2a9b');
  if (phase === 'draft') return d;
  d.command('/cve waive internal component').command('/advisory range "< 0.71.1" patched 0.71.1');
  d.send({
    type: 'advisory-observed',
    advisory: reportedAdvisory({ state: 'draft', description: DESCRIPTION, repoPrivate }),
  });
  d.command('/draft').command('/embargo');
  if (phase === 'release') return d;
  d.command('/release');
  d.send({ type: 'workflow-run-completed', runId: 4242, conclusion: 'success', url: 'https://x' });
  d.send({ type: 'release-published', tag: 'v0.71.1' });
  if (phase === 'disclosure') return d;
  d.command('/notify')
    .command('/confirm-date 2026-12-01 the reporter presents it on 2026-12-02')
    .command('/notify sent')
    .command('/confirm');
  if (phase === 'publish') return d;
  d.at('2026-12-01T09:00:00Z').command('/publish').command('/confirm');
  d.listedInDatabase();
  d.send({ type: 'pull-request-merged', number: d.state.pullRequests.changelog ?? -1 });
  return d;
}

type Phase = Parameters<typeof caseIn>[0];

describe('each phase is reached through its commands', () => {
  it.each<Phase>(['triage', 'fix', 'draft', 'release', 'disclosure', 'publish', 'postmortem'])(
    '%s',
    (phase) => {
      expect(caseIn(phase).state.phase).toBe(phase);
    },
  );
});

describe('command × phase', () => {
  const cells: [Phase, string, RegExp, boolean][] = [
    [
      'triage',
      '/release',
      /needs the \*\*triage\*\* phase to be complete first\. Missing: Reproduced locally/,
      false,
    ],
    ['triage', '/publish', /needs the \*\*triage\*\* phase to be complete first/, false],
    ['triage', '/confirm-date', /There is no disclosure date to confirm yet/, false],
    [
      'release',
      '/embargo 2027-03-01 the vendor asked',
      /more than 90 days after the report/,
      false,
    ],
    ['triage', '/notify', /once the patched version is on production/, false],
    ['triage', '/ack', /Score the report first/, false],
    ['triage', '/draft', /Finish triage first/, false],
    ['triage', '/close', /A case closes after publication/, false],
    ['triage', '/canary ok', /Start the release first/, false],
    ['fix', '/scope out late', /Scope is decided in triage/, false],
    ['fix', '/fixed abc1234', /Usage: `\/fixed <commit> \[--pr <number>\] --test <path>`/, false],
    ['fix', '/fixed main~1 --test t.ts', /./, false],
    ['fix', '/fork skip patch prepared privately', /Private fork skipped/, true],
    ['fix', '/embargo 2020-01-01', /is in the past/, false],
    [
      'draft',
      '/release',
      /needs the \*\*draft\*\* phase to be complete first\. Missing: CVE requested/,
      false,
    ],
    ['draft', '/embargo extend 2027-02-01 vendor', /No embargo is set yet/, false],
    ['draft', '/advisory range "< 0.71.1" patched 0.71.0', /inside the vulnerable range/, false],
    ['draft', '/advisory range "banana" patched 0.71.1', /not a valid version range/, false],
    ['release', '/release 0.72.0', /patch number 0/, false],
    ['release', '/release 0.71.2', /The advisory says the patch is 0.71.1/, false],
    ['release', '/production', /Start the release first/, false],
    [
      'release',
      '/embargo extend 2027-02-15 vendor asked for more time',
      /This moves the embargo from 2027-01-19 to \*\*2027-02-15\*\* \(later\)\. Reason: vendor asked/,
      true,
    ],
    [
      'release',
      '/embargo extend 2027-01-01 sooner',
      /is not later than the current embargo end/,
      false,
    ],
    ['disclosure', '/notify sent', /Draft the notice first/, false],
    ['disclosure', '/publish', /needs the \*\*disclosure\*\* phase to be complete first/, false],
    ['publish', '/publish', /Not yet: every gate must pass/, false],
    ['publish', '/confirm', /Nothing is waiting for confirmation/, false],
    ['publish', '/exploited seen in the wild', /actively exploited/, true],
    ['postmortem', '/close', /Missing: Postmortem written/, false],
    [
      'postmortem',
      '/postmortem skip nothing to learn',
      /A postmortem is required for high severity/,
      false,
    ],
    [
      'postmortem',
      '/cve',
      /The CVE was waived \(internal component\)\. Type `\/cve request`/,
      false,
    ],
  ];

  it.each(cells)('in %s, %s', (phase, line, reply, accepted) => {
    const d = caseIn(phase);
    const before = d.state;
    d.command(line, MAINTAINER);
    expect(d.lastReply).toMatch(reply);
    const changed =
      JSON.stringify({ ...d.state, handledComments: [], lastActivityAt: '' }) !==
      JSON.stringify({ ...before, handledComments: [], lastActivityAt: '' });
    expect(changed).toBe(accepted);
  });

  it('refuses a CVE request on a private repository with what to do instead', () => {
    const d = caseIn('draft', true);
    d.command('/cve');
    expect(d.lastReply).toContain('GitHub assigns CVEs only for advisories on public repositories');
  });

  it('lets an exploited case publish before the customer lead time elapses', () => {
    const d = caseIn('publish');
    d.command('/publish');
    expect(d.lastReply).toContain('❌ Customer lead time');
    d.command('/exploited PoC circulating').command('/publish');
    expect(d.lastReply).toContain('not required: actively exploited');
    expect(d.state.pending?.action).toBe('publish');
  });

  it('expires a confirmation after 24 hours', () => {
    const d = caseIn('triage');
    d.command('/scope out duplicate');
    d.advance(25 * 3_600_000).command('/confirm');
    expect(d.lastReply).toContain('older than 24 hours');
    expect(d.state.phase).toBe('triage');
  });
});
