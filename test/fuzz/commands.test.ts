import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { decide } from '../../src/domain/decide.js';
import { fold } from '../../src/domain/fold.js';
import { readRecord } from '../../src/domain/records.js';
import { ADMIN, Driver, MAINTAINER, READER, reportedAdvisory } from '../domain/driver.js';
import { injectionProblems } from '../security/injection-checks.js';
import { trickyLine } from './arbitraries.js';

// Every command of the registry, with arbitrary arguments, in several phases and for several
// roles: `decide` never throws, always answers, writes only records the reader accepts back,
// and its reply is inert (no ping, link, checkbox or hidden marker from the arguments).

const VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N';

function config() {
  const result = parseConfig({ timeZone: 'Europe/Berlin' });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

function triage(): Driver {
  return new Driver(config(), new Date('2026-11-23T09:00:00Z')).send({
    type: 'report-received',
    advisory: reportedAdvisory(),
    tracking: { repo: 'acme/security-tracking', issue: 7 },
  });
}

function release(): Driver {
  return triage()
    .command('/reproduced')
    .command('/scope in')
    .command(`/cvss ${VECTOR}`)
    .command('/ack')
    .command('/fork')
    .command('/fixed 3f2c1ab --test test/upload.test.ts')
    .command('/validated')
    .command('/merged 7d1e0c2a9b')
    .command('/cve')
    .command('/advisory range "< 0.71.1" patched 0.71.1')
    .send({
      type: 'advisory-observed',
      advisory: reportedAdvisory({
        state: 'draft',
        cveId: 'CVE-2026-4242',
        description:
          '## Summary\nS\n## Impact\nI\n## Patches\nP\n## Workarounds\nW\n## References\nR',
      }),
    })
    .command('/draft')
    .command('/embargo');
}

function publish(): Driver {
  return release()
    .command('/release')
    .send({ type: 'workflow-run-completed', runId: 4242, conclusion: 'success', url: 'https://x' })
    .send({ type: 'release-published', tag: 'v0.71.1' })
    .command('/notify')
    .command('/notify sent')
    .command('/confirm-date')
    .command('/notify sent')
    .command('/confirm');
}

const STATES = { triage: triage(), release: release(), publish: publish() };

describe('every command with arbitrary arguments', () => {
  it('states reached', () => {
    expect(STATES.triage.state.phase).toBe('triage');
    expect(STATES.release.state.phase).toBe('release');
    expect(STATES.publish.state.phase).toBe('publish');
  });

  it.each(COMMANDS.map((c) => c.name))('/%s', (name) => {
    fc.assert(
      fc.property(
        trickyLine,
        fc.constantFrom(...Object.keys(STATES)),
        fc.constantFrom(MAINTAINER, ADMIN, READER),
        (argsText, phase, actor) => {
          const driver = STATES[phase as keyof typeof STATES];
          const before = fold(driver.records);
          const decision = decide(
            before.case,
            {
              type: 'command',
              delivery: 'fuzz',
              commentId: 999_999,
              index: 0,
              name,
              argsText: argsText.trim(),
              actor,
            },
            driver.ctx(),
          );
          expect(decision.reply, `/${name} ${argsText}`).toBeTruthy();
          // `/assign` mentions the person it assigns on purpose (a validated login, not text).
          const reply = (decision.reply ?? '').replace(/^Assigned to @[A-Za-z0-9-]+;/, '');
          expect(injectionProblems(reply), `/${name} ${argsText}`).toEqual([]);
          for (const record of decision.records) {
            expect(readRecord(JSON.parse(JSON.stringify(record))).ok).toBe(true);
          }
          expect(fold([...driver.records, ...decision.records]).problems).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
