import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppState } from '../../src/instance-state.js';
import { ClusterTick } from '../../src/scheduler/cluster-tick.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { emptySummary, type TickSummary } from '../../src/scheduler/tick-scope.js';
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

describe('the tick in queue mode', () => {
  it('never runs two ticks at once, whichever replicas ask', async () => {
    const prefix = `overlap-${String(process.pid)}`;
    let running = 0;
    let most = 0;
    let ran = 0;
    const connections: Redis[] = [];
    const replicas = [0, 1, 2].map(() => {
      const local = {
        tick: () => {
          running++;
          most = Math.max(most, running);
          return new Promise<TickSummary>((resolve) =>
            setTimeout(() => {
              running--;
              ran++;
              resolve(emptySummary(new Date(0)));
            }, 50),
          );
        },
        stop: () => Promise.resolve(),
      };
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      connections.push(connection);
      return new ClusterTick(connection, local, quiet, prefix);
    });
    try {
      await Promise.all(replicas.map((r) => r.start(0)));
      await Promise.all([...replicas, ...replicas].map((r) => r.request()));
      expect(ran).toBe(6);
      expect(most).toBe(1);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
      for (const c of connections) c.disconnect();
    }
  }, 60_000);

  it('runs one tick at a time across two replicas asked at the same instant', async () => {
    const t = setup();
    t.addAdvisory();
    let clock = new Date('2026-11-23T09:05:00.000Z');
    t.github.now = () => clock;
    const prefix = `cluster-${String(process.pid)}`;
    const connections: Redis[] = [];
    const replicas = [0, 1].map(() => {
      const state = createAppState({ now: () => clock, botLogin: BOT, stateSecret: SECRET });
      const scheduler = new Scheduler(t.app, state, quiet, { pauseMs: 0, redeliver: false });
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      connections.push(connection);
      return new ClusterTick(connection, scheduler, quiet, prefix);
    });
    try {
      await Promise.all(replicas.map((r) => r.start(0)));
      const first = await Promise.all(replicas.map((r) => r.request()));
      // Two ticks ran, one after the other: the second found the case the first opened.
      expect(first.map((s) => s.opened).sort()).toEqual([0, 1]);
      const issues = t.github.repo(TRACKING).issues;
      expect(issues.filter((i) => readCaseMarker(i.body))).toHaveLength(1);
      expect(issues.filter((i) => i.body.includes(DASHBOARD_MARKER))).toHaveLength(1);

      clock = new Date('2026-11-25T09:30:00.000Z'); // the acknowledgement is due soon
      const due = await Promise.all(replicas.map((r) => r.request()));
      expect(due.map((s) => s.reminders).sort()).toEqual([0, 1]);
      const issue = issues.find((i) => readCaseMarker(i.body))?.number ?? 0;
      expect(
        t.comments(issue).filter((c) => c.body.includes('must be acknowledged by')),
      ).toHaveLength(1);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
      for (const c of connections) c.disconnect();
    }
  }, 60_000);
});
