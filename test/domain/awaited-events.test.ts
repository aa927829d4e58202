import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Case } from '../../src/domain/case.js';
import { awaitedEvents } from '../../src/domain/awaited-events.js';
import { summarize } from '../../src/domain/case-summary.js';
import { fold } from '../../src/domain/fold.js';
import { openedRecord } from './fixtures.js';

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({ timeZone: 'Europe/Berlin', ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const opened = fold([openedRecord()]).case;
if (!opened) throw new Error('the fixture did not open a case');
const at = '2026-11-30T10:00:00.000Z';
const done = { status: 'done' as const, at, by: 'maintainer-max' };
const releasing: Case = {
  ...opened,
  phase: 'release',
  items: { ...opened.items, 'release-opened': done },
  release: { strategy: 'hotfix', version: '0.71.1', runId: 77, branch: 'deploy/cloud/x' },
};

describe('what an open case waits on GitHub to announce', () => {
  it.each<{ name: string; state: Case; cfg?: Record<string, unknown>; expected: unknown[] }>([
    { name: 'a case in triage: nothing', state: opened, expected: [] },
    {
      name: 'a dispatched hotfix: its run, and the release of its version',
      state: releasing,
      expected: [
        { kind: 'workflow-run', repo: opened.repo, runId: 77 },
        { kind: 'release', repo: opened.repo, tag: 'v0.71.1' },
      ],
    },
    {
      name: 'canary verified: only the release',
      state: { ...releasing, items: { ...releasing.items, canary: done } },
      expected: [{ kind: 'release', repo: opened.repo, tag: 'v0.71.1' }],
    },
    {
      name: 'a changesets release: no canary run, the package tag',
      state: {
        ...releasing,
        advisory: { ...releasing.advisory, packageName: '@acme/widget' },
        release: { strategy: 'changesets', version: '0.71.1' },
      },
      cfg: { release: { strategy: 'changesets', tag: '{package}@{version}' } },
      expected: [{ kind: 'release', repo: opened.repo, tag: '@acme/widget@0.71.1' }],
    },
    {
      name: 'in production: nothing of the release',
      state: {
        ...releasing,
        items: { ...releasing.items, canary: done, production: done },
      },
      expected: [],
    },
    {
      name: 'published, PRs open: the changelog and the postmortem PRs',
      state: { ...opened, phase: 'postmortem', pullRequests: { changelog: 12, postmortem: 13 } },
      expected: [
        { kind: 'pull-request', repo: opened.repo, number: 12 },
        { kind: 'pull-request', repo: opened.repo, number: 13 },
      ],
    },
    {
      name: 'the changelog merged: the postmortem PR only',
      state: {
        ...opened,
        phase: 'postmortem',
        pullRequests: { changelog: 12, postmortem: 13 },
        items: { ...opened.items, 'changelog-posted': done },
      },
      expected: [{ kind: 'pull-request', repo: opened.repo, number: 13 }],
    },
    {
      name: 'closed: nothing',
      state: { ...releasing, phase: 'closed' },
      expected: [],
    },
  ])(
    '$name',
    ({
      state,
      cfg,
      expected,
    }: {
      state: Case;
      cfg?: Record<string, unknown>;
      expected: unknown[];
    }) => {
      expect(awaitedEvents(state, config(cfg))).toEqual(expected);
      // The tick decides from the summary it keeps, without loading the case.
      expect(awaitedEvents(summarize(state), config(cfg))).toEqual(expected);
    },
  );
});
