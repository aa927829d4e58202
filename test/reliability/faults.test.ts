import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario, TRACKING_REPO } from '../../src/demo/scenario.js';
import { DEMO_VECTOR, playDefaultProfile } from '../../src/demo/script.js';
import type { World } from '../../src/demo/world.js';
import type { Case } from '../../src/domain/case.js';
import { expectedCase } from '../../src/domain/effect-plan.js';
import { CASE_FILE_OPEN, STATUS_END, STATUS_START } from '../../src/domain/markers.js';
import { createOpenApiValidator, type Delivery, type Sandbox } from '../../src/sandbox/index.js';
import {
  answersTo,
  appRequests,
  appWrites,
  BOT,
  caseOf,
  jobsOfComment,
  startHarness,
  unfinishedOf,
  type Harness,
  type OctokitFlavour,
} from './harness.js';

// GitHub fails on every route the lifecycle uses, once each: 5xx, a secondary rate limit with
// `retry-after`, and an answer slower than the delivery timeout. The App must neither lose nor
// repeat work: after each step, redelivering that step's webhooks (what GitHub's "redeliver"
// and the tick do) must bring the case, the status section and every write to exactly what a
// run without faults produced.
const validator = createOpenApiValidator();
const worlds: Harness[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

/** What must be the same after each step with and without faults. */
interface Snapshot {
  cases: {
    issue: number;
    /** The tracking issue as GitHub shows it: title, open or closed (and why), labels. */
    tracking: string;
    state: string;
    /** The case log, one line per entry. */
    log: string;
    botComments: number;
    /** The status section a person reads (the signed case file in it differs by IDs and signature). */
    status: string;
    /** Human comments the App answered more than once. */
    answeredTwice: number[];
    /** Pending effects and decided comments nothing on GitHub confirms (by kind). */
    unfinished: string[];
  }[];
  /** Successful content-creating App requests so far (method and path, sorted). */
  writes: string[];
  /** What became public in the product repository (distinct texts, sorted). */
  publicWrites: string[];
}

/** IDs the sandbox hands out differ between runs (every delivery takes one); their shape does not. */
function normalise(text: string): string {
  return text
    .replace(/GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/gi, 'GHSA-…')
    .replace(/CVE-\d{4}-\d+/g, 'CVE-…')
    .replace(/\d{3,}/g, 'N');
}

function projection(state: Case | undefined): string {
  if (!state) return '(no case)';
  return normalise(
    JSON.stringify(
      {
        phase: state.phase,
        items: Object.fromEntries(
          Object.entries(state.items)
            .map(([id, item]) => [id, item.status])
            .sort(([a = ''], [b = '']) => a.localeCompare(b)),
        ),
        release: state.release,
        pullRequests: Object.keys(state.pullRequests).sort(),
        cve: state.cve,
        advisory: state.advisory.state,
        fork: state.fork?.name,
        pending: state.pending?.action,
        milestones: Object.keys(state.milestones).sort(),
        handled: state.handledComments.length,
      },
      null,
      1,
    ),
  );
}

async function snapshot(w: Harness): Promise<Snapshot> {
  const client = w.as(DEMO_USERS.lead);
  const [owner = '', repo = ''] = TRACKING_REPO.split('/');
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    owner,
    repo,
    state: 'all',
    per_page: 100,
  });
  const cases: Snapshot['cases'] = [];
  for (const issue of issues.sort((a, b) => a.number - b.number)) {
    const body = issue.body ?? '';
    if (!body.includes('<!-- advisory-pilot:case ')) continue;
    const read = await caseOf(w, issue.number);
    const start = body.indexOf(STATUS_START);
    const end = body.indexOf(STATUS_END);
    const status = start >= 0 && end > start ? body.slice(start, end) : '(none)';
    const fileAt = status.indexOf(CASE_FILE_OPEN);
    const unfinished = unfinishedOf(read);
    cases.push({
      issue: issue.number,
      tracking: normalise(
        `${issue.title} · ${issue.state}${issue.state_reason ? ` (${issue.state_reason})` : ''} · ${issue.labels
          .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
          .sort()
          .join(', ')}`,
      ),
      state: projection(read.standing && expectedCase(read.standing)),
      log: normalise((read.standing?.log ?? []).map((e) => `${e.by}: ${e.note}`).join('\n')),
      botComments: read.comments.filter((c) => c.author === BOT).length,
      status: normalise(fileAt >= 0 ? status.slice(0, fileAt) : status),
      answeredTwice: read.comments
        .filter(
          (c) =>
            c.author !== BOT &&
            answersTo(w, issue.number, read.comments, jobsOfComment(w, c.id)).length > 1,
        )
        .map((c) => c.id),
      unfinished: [
        ...unfinished.effects.map((e) => `effect ${e.slice(e.lastIndexOf(' ') + 1)}`),
        ...unfinished.comments.map(() => 'comment'),
      ],
    });
  }
  return {
    cases,
    // Blobs, trees and commits are not visible until a ref points at them: a bump retried from
    // scratch after a fault may create them again, the branch below is what must be right.
    // Writes of a tracking issue are the App's own state: a run a fault stopped records what it
    // did (one more write); the body they leave (status, case file) and the issue's state are
    // compared above.
    // GraphQL writes are cosmetic (pinning the dashboard, folding old reminders) and best effort:
    // a pin lost to a fault is not retried (see the README).
    writes: appWrites(w.raw)
      .filter(
        (r) =>
          r.status < 400 &&
          !/\/git\/(?:blobs|trees|commits)$/.test(r.path) &&
          !(
            r.method === 'PATCH' && /^\/repos\/acme\/security-tracking\/issues\/\d+$/.test(r.path)
          ) &&
          r.path !== '/graphql',
      )
      .map((r) => normalise(`${r.method} ${r.path}`))
      .sort(),
    publicWrites: w.raw
      .publicWrites()
      .filter((p) => p.actor.startsWith('installation:'))
      .map((p) => normalise(`${p.kind}: ${p.text}`))
      .filter((text, i, all) => all.indexOf(text) === i)
      .sort(),
  };
}

/**
 * A view of the world that calls `afterStep` once every step of a script has settled (each
 * report, comment, action and clock move), with the deliveries the step caused.
 */
function stepping(
  w: Harness,
  afterStep: (index: number, deliveries: Delivery[]) => Promise<void>,
): World {
  let steps = 0;
  let seen = w.raw.deliveries().length;
  const step = async (): Promise<void> => {
    await w.quiet();
    const fresh = w.raw
      .deliveries()
      .slice(seen)
      .filter((d) => !d.redelivery);
    await afterStep(steps++, fresh);
    seen = w.raw.deliveries().length;
  };
  const sandbox = Object.create(w.sandbox) as Sandbox;
  Object.assign(sandbox, {
    settled: step,
    advance: async (duration: string | number) => {
      const fired = await w.raw.advance(duration);
      await step();
      return fired;
    },
  });
  return { ...w, sandbox };
}

/** The route of a request as a fault pattern: GitHub's path template with `*` for parameters. */
function routeOf(method: string, path: string): string {
  const pathname = path.replace(/\?.*$/, '');
  const match = validator.match(method, pathname);
  if (!match) return `${method} ${pathname}`;
  const segments = match.template.split('/');
  return `${method} ${segments
    .map((s, i) =>
      /^\{.+\}$/.test(s) ? (match.greedyTail && i === segments.length - 1 ? '**' : '*') : s,
    )
    .join('/')}`;
}

let reference: { steps: Snapshot[]; routes: string[] };

beforeAll(async () => {
  const w = await startHarness({ scenario: demoScenario('default'), validator });
  worlds.push(w);
  const steps: Snapshot[] = [];
  const view = stepping(w, async () => {
    steps.push(await snapshot(w));
  });
  const play = await playDefaultProfile(view);
  expect((await play.state())?.phase).toBe('closed');
  const routes = [...new Set(appRequests(w.raw).map((r) => routeOf(r.method, r.path)))].sort();
  reference = { steps, routes };
}, 60_000);

/** The release branch holds exactly one version bump on top of what it was cut from. */
async function expectOneReleaseCommit(w: Harness, branch: string): Promise<void> {
  const git = w.as(DEMO_USERS.lead).rest.git;
  const commit = async (sha: string) =>
    (await git.getCommit({ owner: 'acme', repo: 'widget', commit_sha: sha })).data;
  const { data: ref } = await git.getRef({ owner: 'acme', repo: 'widget', ref: `heads/${branch}` });
  const head = await commit(ref.object.sha);
  expect(head.message).toBe('chore: release 0.71.1');
  expect(head.parents).toHaveLength(1);
  const parent = await commit(head.parents[0]?.sha ?? '');
  expect(parent.message).not.toBe('chore: release 0.71.1');
}

interface FaultRun {
  /** Redelivery rounds each step needed. */
  rounds: number[];
  /** Faults never hit (a route the run did not use again). */
  leftOver: string[];
  /** Deliveries the App did not answer with 200 in time (event and the sandbox's status). */
  failedDeliveries: string[];
}

/** Plays the default profile with one fault per App route, recovering after each step. */
async function playWithFaults(
  flavour: OctokitFlavour,
  fault: { status?: 503 | 403; retryAfter?: number; latencyMs?: number },
  deliveryTimeoutMs?: number,
): Promise<FaultRun> {
  const w = await startHarness({
    scenario: demoScenario('default'),
    validator,
    flavour,
    ...(deliveryTimeoutMs ? { deliveryTimeoutMs } : {}),
  });
  worlds.push(w);
  w.faultsOnlyForTheApp();
  for (const route of reference.routes) {
    const [method = '*', path = '/'] = route.split(' ');
    w.fault({ method, path, ...fault });
  }
  const rounds: number[] = [];
  let lastTick = w.app.scheduler.memory.lastTick;
  const view = stepping(w, async (index, deliveries) => {
    const expected = reference.steps[index];
    const { scheduler } = w.app;
    const ticked = scheduler.memory.lastTick !== lastTick;
    let round = 0;
    let now = await snapshot(w);
    // Redeliver the step's webhooks (and, for a tick, tick again once its backoff is over) until
    // the step is complete: each round can meet the one-shot fault of a route not reached yet.
    while (JSON.stringify(now) !== JSON.stringify(expected) && round < 15) {
      for (const d of deliveries) w.raw.core.webhooks.redeliver(d.id);
      if (ticked) {
        scheduler.memory.backoffUntil.clear();
        await scheduler.tick();
      }
      await w.quiet();
      round++;
      now = await snapshot(w);
    }
    lastTick = scheduler.memory.lastTick;
    rounds.push(round);
    expect(now, `step ${String(index)} after ${String(round)} redelivery rounds`).toEqual(expected);
  });
  const play = await playDefaultProfile(view);
  const state = await play.state();
  expect(state?.phase).toBe('closed');
  expect(rounds).toHaveLength(reference.steps.length);
  await expectOneReleaseCommit(w, state?.release.branch ?? '');
  expect(w.sandbox.violations()).toEqual([]);
  return {
    rounds,
    leftOver: w.raw.core.faults.list().map((f) => `${f.method} ${f.path}`),
    failedDeliveries: w.raw
      .deliveries()
      .filter((d) => d.statusCode !== 200)
      .map((d) => `${d.event}.${d.action ?? ''}: ${d.status}`),
  };
}

describe('GitHub faults on every route of the lifecycle', () => {
  it('uses enough routes for the test to mean something', () => {
    expect(reference.routes.length).toBeGreaterThan(20);
    expect(reference.routes).toEqual(
      expect.arrayContaining([
        'POST /repos/*/*/issues/*/comments',
        'POST /repos/*/*/git/refs',
        'POST /repos/*/*/security-advisories/*/forks',
        'PATCH /repos/*/*/security-advisories/*',
      ]),
    );
  });

  it('5xx once per route, no retries in the client: redelivery completes every step', async () => {
    const run = await playWithFaults('bare', { status: 503 });
    expect(run.leftOver).toEqual([]);
    expect(run.failedDeliveries).toEqual([]);
    expect(run.rounds.some((r) => r > 0)).toBe(true);
  });

  it('5xx once per route, with Probot’s retry plugin: absorbed, no step needs a redelivery', async () => {
    const run = await playWithFaults('probot', { status: 503 });
    expect(run.leftOver).toEqual([]);
    expect(run.failedDeliveries).toEqual([]);
    expect(run.rounds.every((r) => r === 0)).toBe(true);
  });

  it('a secondary rate limit with retry-after once per route: nothing lost or repeated', async () => {
    const run = await playWithFaults('probot', { status: 403, retryAfter: 1 });
    expect(run.leftOver).toEqual([]);
    expect(run.failedDeliveries).toEqual([]);
  });
});

describe('an answer slower than the delivery timeout', () => {
  it('once per route: every delivery answered in time, no step needs a redelivery', async () => {
    // The sandbox gives up on a delivery after 800 ms (GitHub: 10 s) and each route answers the
    // App 1 s late once: only work done after the acknowledgement keeps deliveries alive.
    const run = await playWithFaults('bare', { latencyMs: 1_000 }, 800);
    expect(run.leftOver).toEqual([]);
    expect(run.failedDeliveries).toEqual([]);
    expect(run.rounds.every((r) => r === 0)).toBe(true);
  }, 180_000);

  it('is acknowledged, and a redelivery while the slow work runs repeats nothing', async () => {
    const w = await startHarness({ scenario: demoScenario('default'), validator });
    worlds.push(w);
    const play = new Play(w);
    await play.report('Path traversal in the file upload endpoint', 'Uploads escape the folder.');
    await play.say(DEMO_USERS.lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
    w.faultsOnlyForTheApp();
    // GitHub gives up on a delivery after 10 s; the sandbox answers the App's first read of the
    // tracking issue (the case file) 10.5 s late.
    w.fault({ method: 'GET', path: '/repos/*/*/issues/*', latencyMs: 10_500 });
    await w.as(DEMO_USERS.lead).rest.issues.createComment({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: play.issue,
      body: '/fork',
    });
    await w.raw.settled();
    const fork = w.raw.deliveries().at(-1);
    expect(fork?.event).toBe('issue_comment');
    expect(fork?.statusCode).toBe(200);
    w.raw.core.webhooks.redeliver(fork!.id);
    await w.quiet();
    expect(w.raw.core.faults.list()).toEqual([]);

    const read = await caseOf(w, play.issue);
    expect(read.read.kind).toBe('found');
    expect(unfinishedOf(read)).toEqual({ effects: [], comments: [] });
    expect(read.state?.items['private-fork']).toBeTruthy();
    const commentId = (fork!.payload.comment as { id: number }).id;
    const answers = answersTo(w, play.issue, read.comments, jobsOfComment(w, commentId));
    expect(answers).toHaveLength(1);
    expect(answers[0]?.body).toContain(read.state?.fork?.name ?? '(no fork)');
    expect([...w.raw.core.state.repos.values()].filter((r) => r.forkOf)).toHaveLength(1);
  }, 30_000);
});
