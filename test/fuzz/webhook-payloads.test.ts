import fc from 'fast-check';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/instance-state.js';
import { ObservedAdvisory } from '../../src/domain/inputs.js';
import { toObservedAdvisory, type RestAdvisory } from '../../src/github/advisory-mapping.js';
import { HANDLERS } from '../../src/handlers/registry.js';
import { createApp } from '../../src/index.js';

// Webhook payloads come from GitHub, but the App must not trust their shape: a field of the
// wrong type, a missing object or a null where an object should be yields the App's own clear
// error or a valid value, and no payload takes the process down.

const ADVISORY: RestAdvisory = {
  ghsa_id: 'GHSA-2c5f-hj7m-pq9r',
  state: 'triage',
  summary: 'Path traversal in the file upload endpoint',
  description: 'Uploads escape the folder.',
  html_url: 'https://github.com/acme/widget/security/advisories/GHSA-2c5f-hj7m-pq9r',
  created_at: '2026-11-20T14:30:00Z',
  updated_at: '2026-11-20T14:30:00Z',
  published_at: null,
  cve_id: null,
  severity: 'high',
  cvss_severities: {
    cvss_v4: { vector_string: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N' },
  },
  author: { login: 'reporter-jane' },
  vulnerabilities: [
    {
      package: { ecosystem: 'npm', name: '@acme/widget' },
      vulnerable_version_range: '< 0.71.1',
      patched_versions: '0.71.1',
    },
  ],
};

/** Every path (as key lists) in a nested value, arrays included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, inner]) => pathsOf(inner, [...prefix, key]))];
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head = '', ...rest] = path;
  const copy: unknown =
    root !== null && typeof root === 'object'
      ? Array.isArray(root)
        ? [...(root as unknown[])]
        : { ...(root as Record<string, unknown>) }
      : {};
  const base = copy as Record<string | number, unknown>;
  if (value === undefined && rest.length === 0) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete base[head];
    return base;
  }
  base[head] = setAt(base[head], rest, value);
  return base;
}

const odd = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constantFrom('', 'published', 'withdrawn', 'not-a-date', '2026-13-45T99:00:00Z', 'critical'),
);

/** A payload with a few of its fields (or itself) replaced by values of any type. */
function mutationsOf(base: unknown): fc.Arbitrary<unknown> {
  return fc
    .array(fc.tuple(fc.constantFrom(...pathsOf(base)), odd), { minLength: 1, maxLength: 4 })
    .map((edits) => edits.reduce<unknown>((value, [path, v]) => setAt(value, path, v), base));
}

describe('toObservedAdvisory on mutated payloads', () => {
  it('returns a valid advisory or throws its own clear error', () => {
    fc.assert(
      fc.property(mutationsOf(ADVISORY), fc.boolean(), (raw, repoPrivate) => {
        let value: unknown;
        try {
          value = toObservedAdvisory(raw as RestAdvisory, 'acme/widget', repoPrivate);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^advisory .* does not fit: \S/);
          return;
        }
        expect(ObservedAdvisory.safeParse(value).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Minimal payloads of every event the App subscribes to. */
const REPOSITORY = {
  id: 5,
  name: 'security-tracking',
  full_name: 'acme/security-tracking',
  private: true,
  owner: { login: 'acme' },
};
const WIDGET = {
  ...REPOSITORY,
  id: 6,
  name: 'widget',
  full_name: 'acme/widget',
  private: false,
  default_branch: 'main',
};
const CASE_BODY = '<!-- advisory-pilot:case acme/widget GHSA-2c5f-hj7m-pq9r -->\nintro';
const EVENTS: { name: string; payload: Record<string, unknown> }[] = [
  {
    name: 'issue_comment',
    payload: {
      action: 'created',
      installation: { id: 99 },
      repository: REPOSITORY,
      issue: { number: 7, title: 'x', body: CASE_BODY, state: 'open', labels: [] },
      comment: { id: 71, body: '/status\n/ack', user: { login: 'maintainer-max', type: 'User' } },
      sender: { login: 'maintainer-max', type: 'User' },
    },
  },
  {
    name: 'issues',
    payload: {
      action: 'opened',
      installation: { id: 99 },
      repository: REPOSITORY,
      issue: {
        number: 12,
        title: 'SSRF',
        body: 'report',
        labels: [{ name: 'security-report' }],
        created_at: '2026-11-22T10:00:00Z',
      },
      sender: { login: 'maintainer-max', type: 'User' },
    },
  },
  {
    name: 'issues',
    payload: {
      action: 'edited',
      installation: { id: 99 },
      repository: REPOSITORY,
      issue: { number: 7, title: 'x', body: `${CASE_BODY}\n- [x] R <!-- item:reproduced -->` },
      changes: { body: { from: `${CASE_BODY}\n- [ ] R <!-- item:reproduced -->` } },
      sender: { login: 'maintainer-max', type: 'User' },
    },
  },
  {
    name: 'repository_advisory',
    payload: {
      action: 'reported',
      installation: { id: 99 },
      repository: { ...REPOSITORY, name: 'widget', full_name: 'acme/widget', private: false },
      repository_advisory: ADVISORY,
      sender: { login: 'reporter-jane', type: 'User' },
    },
  },
  {
    name: 'workflow_run',
    payload: {
      action: 'completed',
      installation: { id: 99 },
      repository: { ...REPOSITORY, full_name: 'acme/widget', private: false },
      workflow_run: {
        id: 4242,
        conclusion: 'success',
        html_url: 'https://github.com/acme/widget/actions/runs/4242',
      },
      sender: { login: 'maintainer-max', type: 'User' },
    },
  },
  {
    name: 'release',
    payload: {
      action: 'published',
      installation: { id: 99 },
      repository: { ...REPOSITORY, full_name: 'acme/widget', private: false },
      release: { tag_name: 'v0.71.1', html_url: 'https://github.com/acme/widget/releases/v0.71.1' },
      sender: { login: 'maintainer-max', type: 'User' },
    },
  },
  {
    name: 'pull_request',
    payload: {
      action: 'opened',
      installation: { id: 99 },
      repository: WIDGET,
      number: 12,
      pull_request: {
        number: 12,
        html_url: 'https://github.com/acme/widget/pull/12',
        title: 'Fix GHSA-2c5f-hj7m-pq9r',
        body: 'Path traversal in the file upload endpoint',
        head: { ref: 'fix-upload' },
        user: { login: 'maintainer-max', type: 'User' },
      },
      sender: { login: 'maintainer-max', type: 'User' },
    },
  },
  {
    name: 'issues',
    payload: {
      action: 'edited',
      installation: { id: 99 },
      repository: WIDGET,
      issue: {
        number: 30,
        html_url: 'https://github.com/acme/widget/issues/30',
        title: 'Is GHSA-2c5f-hj7m-pq9r fixed?',
        body: null,
        labels: [],
      },
      changes: { title: { from: 'Question' } },
      sender: { login: 'outsider-olga', type: 'User' },
    },
  },
  {
    name: 'issue_comment',
    payload: {
      action: 'edited',
      installation: { id: 99 },
      repository: WIDGET,
      issue: { number: 30, title: 'Uploads', body: 'x', state: 'open', labels: [] },
      comment: {
        id: 991,
        html_url: 'https://github.com/acme/widget/issues/30#issuecomment-991',
        body: 'Probably GHSA-2c5f-hj7m-pq9r.',
        user: { login: 'outsider-olga', type: 'User' },
      },
      changes: { body: { from: 'Probably.' } },
      sender: { login: 'outsider-olga', type: 'User' },
    },
  },
  {
    name: 'push',
    payload: {
      ref: 'refs/heads/main',
      before: 'a'.repeat(40),
      after: 'b'.repeat(40),
      installation: { id: 99 },
      repository: WIDGET,
      commits: [
        {
          id: 'b'.repeat(40),
          message: 'fix: GHSA-2c5f-hj7m-pq9r',
          url: 'https://github.com/acme/widget/commit/b',
        },
      ],
      pusher: { name: 'maintainer-mia' },
      sender: { login: 'maintainer-mia', type: 'User' },
    },
  },
  {
    name: 'security_advisory',
    payload: { action: 'published', security_advisory: { ghsa_id: 'GHSA-2c5f-hj7m-pq9r' } },
  },
  {
    name: 'installation',
    payload: {
      action: 'created',
      installation: { id: 99, account: { login: 'acme' } },
      sender: { login: 'acme', type: 'User' },
    },
  },
];

describe('handlers given malformed payloads', () => {
  let probot: Probot;
  let state: AppState | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    nock.disableNetConnect();
    process.on('unhandledRejection', onUnhandled);
    probot = new Probot({
      githubToken: 'test',
      logLevel: 'fatal',
      Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
        ...options,
        retry: { enabled: false },
        throttle: { enabled: false },
      })),
    });
    await probot.load(
      createApp({
        botLogin: 'advisory-pilot[bot]',
        stateSecret: 'fuzz',
        tickInterval: 0,
        handlers: [
          (_app, s) => {
            state = s;
          },
          ...HANDLERS,
        ],
      }),
      { cwd: process.cwd(), addHandler: () => undefined },
    );
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each(
    EVENTS.map((e) => ({
      ...e,
      action: typeof e.payload.action === 'string' ? e.payload.action : '(no action)',
    })),
  )(
    '$name ($action): never an unhandled failure, the App keeps answering',
    async ({ name, payload }) => {
      await fc.assert(
        fc.asyncProperty(mutationsOf(payload), async (mutated) => {
          try {
            await probot.receive({ name, id: 'fuzz', payload: mutated } as never);
          } catch (error) {
            // Probot answers the delivery with an error status; GitHub may redeliver it.
            expect(error).toBeInstanceOf(Error);
          }
          await state?.idle();
        }),
        { numRuns: 60 },
      );
      expect(unhandled).toEqual([]);
      expect(state?.queue.pending).toBe(0);
    },
  );
});
