import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/parse-config.js';
import type { Input } from '../../src/domain/inputs.js';
import { concernsNoCase } from '../../src/domain/product-event-filter.js';

const APP = 'advisory-pilot[bot]';
const push = (ref: string, pusher: string, defaultBranch: boolean): Input => ({
  type: 'push',
  delivery: 'd',
  ref,
  before: 'a'.repeat(40),
  after: 'b'.repeat(40),
  defaultBranch,
  commits: [],
  pusher,
});
const deployment = (environment: string, state: string): Input => ({
  type: 'deployment-status',
  delivery: 'd',
  environment,
  state,
  ref: 'deploy/cloud/2026-11-25',
  sha: 'c'.repeat(40),
});

describe('concernsNoCase', () => {
  it.each<[string, Input, boolean, boolean]>([
    ['the App’s push to its release branch', push('refs/heads/deploy/x', APP, false), false, true],
    [
      'a person’s push to a public branch (leak watch)',
      push('refs/heads/feature', 'dev', false),
      false,
      false,
    ],
    [
      'a person’s push to a private repository’s branch',
      push('refs/heads/feature', 'dev', false),
      true,
      true,
    ],
    [
      'any push to the default branch (fix arrival)',
      push('refs/heads/main', APP, true),
      true,
      false,
    ],
    ['a canary success', deployment('canary', 'success'), false, false],
    ['a production failure', deployment('production', 'failure'), false, false],
    ['a deployment in progress', deployment('canary', 'in_progress'), false, true],
    ['a staging deployment', deployment('staging', 'success'), false, true],
    [
      'a workflow run',
      { type: 'workflow-run-completed', delivery: 'd', runId: 1, conclusion: 'success', url: 'u' },
      false,
      false,
    ],
  ])('%s', (_name, input, repoPrivate, expected) => {
    expect(concernsNoCase(input, repoPrivate, defaultConfig(), APP)).toBe(expected);
  });
});
