import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { Case } from '../../src/domain/case.js';
import { fold } from '../../src/domain/fold.js';
import type { Input } from '../../src/domain/inputs.js';
import { ADMIN, Driver, MAINTAINER, READER, reportedAdvisory, SECOND, WRITER } from './driver.js';

const config = (() => {
  const result = parseConfig({ timeZone: 'Europe/Berlin' });
  if (!result.ok) throw new Error('config');
  return result.config;
})();

const ARGS = [
  '',
  'in',
  'out duplicate',
  'ok',
  'sent',
  'skip no fork needed',
  'waive not released',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:N',
  '2027-01-20 vendor',
  'extend 2027-03-01 more time',
  '+5bd',
  '@octocat',
  '@acme/security',
  '@octocat reporter',
  'create acme/widget',
  'range "< 0.71.1" patched 0.71.1',
  '0.71.1',
  '0.72.0',
  'abc123f --test test/x.test.ts',
  'publish --force reason',
  '"unclosed',
  '--bogus',
  '<!-- advisory-pilot:record {} -->',
  '@everyone [x](http://e)',
];

const command = fc.record({
  name: fc.constantFrom(...COMMANDS.map((c) => c.name), 'acknowledge', 'unknown'),
  argsText: fc.constantFrom(...ARGS),
  actor: fc.constantFrom(MAINTAINER, SECOND, WRITER, READER, ADMIN),
});

const observation = fc.oneof(
  fc.constant({
    type: 'advisory-observed',
    advisory: reportedAdvisory({ state: 'draft', cveId: 'CVE-2026-4242' }),
  } as const),
  fc.constant({
    type: 'workflow-run-completed',
    runId: 4242,
    conclusion: 'success',
    url: 'https://x',
  } as const),
  fc.constant({
    type: 'workflow-run-completed',
    runId: 4242,
    conclusion: 'failure',
    url: 'https://x',
  } as const),
  fc.constant({ type: 'release-published', tag: 'v0.71.1' } as const),
  fc.constant({ type: 'pull-request-merged', number: 102 } as const),
  fc.constant({ type: 'database-published', ghsaId: 'GHSA-2c5f-hj7m-pq9r' } as const),
  fc.constant({ type: 'tick' } as const),
  fc.constant({
    type: 'public-activity',
    kind: 'pull-request',
    action: 'opened',
    number: 12,
    url: 'https://github.com/acme/widget/pull/12',
    author: 'maintainer-max',
    title: 'Fix GHSA-2c5f-hj7m-pq9r',
    body: 'A security fix.',
    branch: 'fix-upload',
    repoPrivate: false,
  } as const),
  fc.constant({
    type: 'push',
    ref: 'refs/heads/main',
    before: 'a'.repeat(40),
    after: 'b'.repeat(40),
    defaultBranch: true,
    commits: [
      { sha: 'b'.repeat(40), message: 'Path traversal in the file upload endpoint', url: 'u' },
    ],
    pusher: 'maintainer-mia',
  } as const),
  fc.constant({
    type: 'checkbox-toggled',
    item: 'validated',
    checked: true,
    actor: MAINTAINER,
  } as const),
);

const step = fc.oneof(
  { weight: 4, arbitrary: command.map((c) => ({ kind: 'command' as const, ...c })) },
  { weight: 1, arbitrary: observation.map((o) => ({ kind: 'observation' as const, o })) },
);

type Step =
  | { kind: 'command'; name: string; argsText: string; actor: typeof MAINTAINER }
  | { kind: 'observation'; o: Omit<Input, 'delivery'> };

function play(steps: readonly Step[]): Driver {
  const driver = new Driver(config, new Date('2026-11-23T09:00:00Z'));
  driver.send({
    type: 'report-received',
    advisory: reportedAdvisory(),
    tracking: { repo: 'acme/security-tracking', issue: 7 },
  });
  for (const s of steps) {
    driver.advance(3 * 3_600_000);
    if (s.kind === 'command') driver.command(`/${s.name} ${s.argsText}`, s.actor);
    else driver.send(s.o as never);
  }
  return driver;
}

describe('decide, for any sequence of inputs', () => {
  it('never throws and always folds to a schema-valid case', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const driver = play(steps);
        expect(Case.safeParse(driver.state).success).toBe(true);
        expect(fold(driver.records).problems).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same case when the log is replayed or records are duplicated', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 30 }),
        fc.integer({ min: 0, max: 1000 }),
        (steps, seed) => {
          const driver = play(steps);
          const records = driver.records;
          const duplicated = records.flatMap((r, i) => ((i + seed) % 3 === 0 ? [r, r] : [r]));
          expect(fold([...records, ...records]).case).toEqual(fold(records).case);
          expect(fold(duplicated).case).toEqual(fold(records).case);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        expect(play(steps).records).toEqual(play(steps).records);
      }),
      { numRuns: 50 },
    );
  });

  it('never lets a read-only user change the case beyond marking the comment answered', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMANDS.filter((c) => c.whoCanUse !== 'read').map((c) => c.name)),
        fc.constantFrom(...ARGS),
        (name, args) => {
          const driver = play([]);
          const before = driver.state;
          driver.command(`/${name} ${args}`, READER);
          expect({ ...driver.state, handledComments: [] }).toEqual({
            ...before,
            handledComments: [],
          });
          expect(driver.lastReply).toContain('permission');
        },
      ),
    );
  });
});
