import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/handlers/services.js';
import { createAppState, type AppState } from '../../src/instance-state.js';
import type { Job } from '../../src/jobs/job.js';
import { RedisJobQueue } from '../../src/jobs/redis-job-queue.js';
import { runAdvisoryEvent, runManualReport } from '../../src/jobs/report-jobs.js';
import { runnerDepsOf } from '../../src/runner/runner-deps.js';
import { ClusterTick } from '../../src/scheduler/cluster-tick.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { runVisitJob } from '../../src/scheduler/visit-job.js';
import { DASHBOARD_MARKER } from '../../src/domain/dashboard.js';
import { readCaseMarker } from '../../src/store/case-index.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { BOT, SECRET } from './fake-app.js';
import { setup, TRACKING } from './harness.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await redis.close();
});

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let prefixes = 0;

type Harness = ReturnType<typeof setup>;

/**
 * A replica in queue mode: its own App state on the shared Redis, a scheduler, and a worker
 * that runs the job kinds the tick produces (visits, lost reports) the way `runJob` does.
 */
function replica(
  t: Harness,
  prefix: string,
  now: () => Date,
  options: { ingressOnly?: boolean; gate?: (job: Job) => Promise<void> } = {},
) {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const ran: Job[] = [];
  const lent: { scheduler?: Scheduler } = {};
  const worker = (state: AppState) => async (job: Job) => {
    ran.push(job);
    await options.gate?.(job);
    const access = await t.app.installation({ id: job.installationId, account: 'acme' });
    const identity = await t.app.identity();
    const services: Services = {
      github: access.github,
      identity,
      configOf: (repo) => access.configOf(repo),
      deps: (config) =>
        runnerDepsOf(state, { github: access.github, config, identity, log: quiet }),
    };
    switch (job.kind) {
      case 'tick-visit':
        if (!lent.scheduler) throw new Error('no scheduler yet');
        return runVisitJob(lent.scheduler.visitHost(), state, services, job);
      case 'advisory-event':
        return runAdvisoryEvent(state, services, job, quiet);
      case 'manual-report':
        return runManualReport(state, services, job, quiet);
      default:
        return undefined;
    }
  };
  const state = createAppState(
    {
      now,
      botLogin: BOT,
      stateSecret: SECRET,
      redis: {
        connection,
        prefix,
        lockMs: 5_000,
        retryDelayMs: 10,
        ...(options.ingressOnly ? { ingressOnly: true } : {}),
      },
    },
    worker,
    quiet,
  );
  const scheduler = new Scheduler(t.app, state, quiet, { pauseMs: 0, redeliver: false });
  lent.scheduler = scheduler;
  const jobs = state.jobs;
  if (!(jobs instanceof RedisJobQueue)) throw new Error('not in queue mode');
  return {
    state,
    scheduler,
    jobs,
    ran,
    connection,
    async close() {
      await jobs.close();
      connection.disconnect();
    },
  };
}

describe('the tick in queue mode, fanned out as jobs', () => {
  it('visits each case as a job in its inbox, run by the replica that drains it', async () => {
    const t = setup();
    t.addAdvisory();
    let clock = new Date('2026-11-23T09:05:00.000Z');
    t.github.now = () => clock;
    const prefix = `fan-${String(process.pid)}-${String(prefixes++)}`;
    // The ticking replica drains nothing: whatever the tick does to a case, the other one did.
    const ticker = replica(t, prefix, () => clock, { ingressOnly: true });
    const drainer = replica(t, prefix, () => clock);
    try {
      await ticker.scheduler.tick();
      await ticker.jobs.settled();
      const issues = t.github.repo(TRACKING).issues;
      const cases = issues.filter((i) => readCaseMarker(i.body));
      expect(cases).toHaveLength(1);
      expect(drainer.ran.map((j) => `${j.kind}:${j.delivery}`)).toEqual([
        'advisory-event:poll:GHSA-2c5f-hj7m-pq9r:reported',
      ]);

      clock = new Date('2026-11-25T09:30:00.000Z'); // the acknowledgement is due soon
      const summary = await ticker.scheduler.tick();
      const issue = cases[0]?.number ?? 0;
      expect(drainer.ran.filter((j) => j.kind === 'tick-visit').length).toBeGreaterThan(0);
      expect(summary?.reminders).toBe(1);
      expect(summary?.errors).toBe(0);
      expect(
        t.comments(issue).filter((c) => c.body.includes('must be acknowledged by')),
      ).toHaveLength(1);
      // The index learnt the case's state from the reply: once the feed has shown the tick its
      // own write, an idle tick loads nothing.
      await ticker.scheduler.tick();
      const idle = await ticker.scheduler.tick();
      expect(idle?.loaded).toBe(0);
      expect(idle?.reminders).toBe(0);
    } finally {
      await ticker.close();
      await drainer.close();
    }
  }, 60_000);

  it('runs a visit only after the webhook work queued on the case before it', async () => {
    const t = setup();
    t.addAdvisory();
    let clock = new Date('2026-11-23T09:05:00.000Z');
    t.github.now = () => clock;
    const prefix = `fan-${String(process.pid)}-${String(prefixes++)}`;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const order: string[] = [];
    const gate = async (job: Job) => {
      order.push(`start ${job.kind}`);
      if (job.kind === 'database-published') await held;
      order.push(`end ${job.kind}`);
    };
    const a = replica(t, prefix, () => clock, { gate });
    const b = replica(t, prefix, () => clock, { gate });
    try {
      await a.scheduler.tick();
      await a.jobs.settled();
      const issue = t.github.repo(TRACKING).issues.find((i) => readCaseMarker(i.body))?.number;
      expect(issue).toBeDefined();
      order.length = 0;
      // A webhook's job on the case, still running on some replica when the tick comes.
      await b.jobs.add({
        kind: 'database-published',
        event: 'security_advisory.published',
        delivery: 'slow-1',
        installationId: 1,
        tracking: { repo: TRACKING, issue: issue ?? 0 },
        productRepo: 'acme/widget',
        ghsaId: 'GHSA-2c5f-hj7m-pq9r',
      });
      clock = new Date('2026-11-25T09:30:00.000Z');
      const tick = a.scheduler.tick();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(order).toEqual(['start database-published']);
      release();
      const summary = await tick;
      expect(order).toEqual([
        'start database-published',
        'end database-published',
        'start tick-visit',
        'end tick-visit',
      ]);
      expect(summary?.reminders).toBe(1);
    } finally {
      release();
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('two replicas ticking at the same instant: one tracking issue, one dashboard, each reminder once', async () => {
    const t = setup();
    t.addAdvisory();
    let clock = new Date('2026-11-23T09:05:00.000Z');
    t.github.now = () => clock;
    const prefix = `fan-${String(process.pid)}-${String(prefixes++)}`;
    const replicas = [0, 1].map(() => replica(t, prefix, () => clock));
    const ticks = replicas.map((r) => new ClusterTick(r.connection, r.scheduler, quiet, prefix));
    try {
      await Promise.all(ticks.map((c) => c.start(0)));
      await Promise.all(ticks.map((c) => c.request()));
      await replicas[0]?.jobs.settled();
      await Promise.all(ticks.map((c) => c.request()));
      const issues = t.github.repo(TRACKING).issues;
      expect(issues.filter((i) => readCaseMarker(i.body))).toHaveLength(1);
      expect(issues.filter((i) => i.body.includes(DASHBOARD_MARKER))).toHaveLength(1);

      clock = new Date('2026-11-25T09:30:00.000Z');
      const due = await Promise.all(ticks.map((c) => c.request()));
      expect(due.map((s) => s.reminders).sort()).toEqual([0, 1]);
      const issue = issues.find((i) => readCaseMarker(i.body))?.number ?? 0;
      expect(
        t.comments(issue).filter((c) => c.body.includes('must be acknowledged by')),
      ).toHaveLength(1);
    } finally {
      await Promise.all(ticks.map((c) => c.stop()));
      for (const r of replicas) await r.close();
    }
  }, 60_000);
});
