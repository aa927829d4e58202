import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/jobs/job.js';
import type { DeliveryRef, JobWorker } from '../../src/jobs/job-queue.js';
import { MAX_ATTEMPTS, RedisJobQueue } from '../../src/jobs/redis-job-queue.js';
import { createMemoryQueue } from '../../src/queue.js';
import { createMetrics } from '../../src/scheduler/metrics.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await redis.close();
});

/** A job on tracking issue `acme/t#<issue>` with the given delivery id. */
function job(delivery: string, issue = 1): Extract<Job, { kind: 'database-published' }> {
  return {
    kind: 'database-published',
    event: 'security_advisory.published',
    delivery,
    installationId: 1,
    tracking: { repo: 'acme/t', issue },
    productRepo: 'acme/widget',
    ghsaId: 'GHSA-2c5f-hj7m-pq9r',
  };
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

let prefixes = 0;

/** A replica: its own connections to the shared Redis, its own worker. */
function replica(
  prefix: string,
  work: JobWorker,
  options: { lockMs?: number; ingressOnly?: boolean; url?: string } = {},
) {
  const connection = new Redis(options.url ?? redis.url, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined); // a test kills Redis on purpose
  const failed: DeliveryRef[] = [];
  const logged: { obj: object; msg?: string }[] = [];
  const jobs = new RedisJobQueue(
    {
      connection,
      prefix,
      concurrency: 4,
      lockMs: options.lockMs ?? 5_000,
      retryDelayMs: 10,
      enqueueTimeoutMs: 1_000,
      ...(options.ingressOnly ? { ingressOnly: true } : {}),
    },
    createMemoryQueue(),
    work,
    (d) => failed.push(d),
    {
      error: (obj, msg) => {
        logged.push({ obj, ...(msg === undefined ? {} : { msg }) });
      },
    },
  );
  const handle = {
    jobs,
    failed,
    logged,
    async close() {
      await jobs.close();
      connection.disconnect();
    },
  };
  open.push(handle);
  return handle;
}

function freshPrefix(): string {
  return `test-${String(process.pid)}-${String(prefixes++)}`;
}

describe('queue mode on Redis', () => {
  it('runs each case’s jobs one at a time, in arrival order, across two replicas', async () => {
    const prefix = freshPrefix();
    const ran: string[] = [];
    const running = new Set<number>();
    let overlapped = false;
    const work: JobWorker = async (j) => {
      const issue = j.kind === 'database-published' ? j.tracking.issue : 0;
      if (running.has(issue)) overlapped = true;
      running.add(issue);
      await new Promise((resolve) => setTimeout(resolve, 2));
      ran.push(j.delivery);
      running.delete(issue);
    };
    const a = replica(prefix, work);
    const b = replica(prefix, work);
    // 50 deliveries on one case and one on each of 20 others, taken alternately by either replica.
    for (let i = 0; i < 50; i++) await (i % 2 === 0 ? a : b).jobs.add(job(`one-${String(i)}`));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).jobs.add(job(`many-${String(i)}`, i + 2)),
      ),
    );
    await a.jobs.settled();
    expect(ran.filter((d) => d.startsWith('one-'))).toEqual(
      Array.from({ length: 50 }, (_, i) => `one-${String(i)}`),
    );
    expect(ran.filter((d) => d.startsWith('many-')).sort()).toHaveLength(20);
    expect(new Set(ran).size).toBe(ran.length);
    expect(overlapped).toBe(false);
  }, 30_000);

  it('recovers a case whose work was stored by a replica that died before queuing its drain', async () => {
    const prefix = freshPrefix();
    const ran: string[] = [];
    const work: JobWorker = (j) => {
      ran.push(j.delivery);
      return Promise.resolve();
    };
    // What ENQUEUE leaves when its replica dies right after it: the job in the inbox, the claim
    // taken, and no drain job on BullMQ.
    const raw = new Redis(redis.url);
    const key = 'acme/t#7';
    await raw
      .multi()
      .rpush(`${prefix}:inbox:${key}`, JSON.stringify(job('orphan', 7)))
      .set(`${prefix}:generation:${key}`, '1')
      .set(`${prefix}:draining:${key}`, '1')
      .exec();
    raw.disconnect();
    const a = replica(prefix, work);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran).toEqual([]);
    expect(await a.jobs.recover()).toBe(1);
    await a.jobs.settled();
    expect(ran).toEqual(['orphan']);
    // Nothing is left to recover, and the case takes new work as before.
    expect(await a.jobs.recover()).toBe(0);
    await a.jobs.add(job('after', 7));
    await a.jobs.settled();
    expect(ran).toEqual(['orphan', 'after']);
  }, 30_000);

  it('answers a request with the result of the replica that drained the case', async () => {
    const prefix = freshPrefix();
    const ticking = replica(prefix, () => Promise.reject(new Error('drains nothing')), {
      ingressOnly: true,
    });
    let calls = 0;
    replica(prefix, (j) => {
      calls++;
      if (j.kind !== 'tick-visit') return Promise.resolve(undefined);
      if (j.tracking.issue === 2) return Promise.reject(new Error('GitHub answered 502'));
      return Promise.resolve({ visited: j.tracking.issue });
    });
    const visit = (issue: number): Extract<Job, { kind: 'tick-visit' }> => ({
      kind: 'tick-visit',
      event: 'tick.visit',
      delivery: `visit-${String(issue)}`,
      installationId: 1,
      tracking: { repo: 'acme/t', issue },
      minute: '2026-11-23T09:00Z',
      config: {},
      comments: [],
      minimizeBudget: 0,
    });
    await expect(ticking.jobs.request(visit(1))).resolves.toEqual({ visited: 1 });
    // A failed visit is answered as such at once: tried once, never a dead letter.
    await expect(ticking.jobs.request(visit(2))).rejects.toThrow('GitHub answered 502');
    expect(calls).toBe(2);
    expect(await ticking.jobs.deadLetters()).toBe(0);
  }, 30_000);

  it('handles a delivery sent to two replicas at once exactly once', async () => {
    const prefix = freshPrefix();
    const ran: string[] = [];
    const work: JobWorker = (j) => {
      ran.push(j.delivery);
      return Promise.resolve();
    };
    const a = replica(prefix, work);
    const b = replica(prefix, work);
    for (let i = 0; i < 10; i++)
      await Promise.all([a.jobs.add(job(`d${String(i)}`)), b.jobs.add(job(`d${String(i)}`))]);
    await a.jobs.settled();
    expect(ran).toEqual(Array.from({ length: 10 }, (_, i) => `d${String(i)}`));
  }, 30_000);

  it('takes over the case of a replica killed mid-job, from the job it was running', async () => {
    const prefix = freshPrefix();
    const ran: string[] = [];
    let started!: () => void;
    const first = new Promise<void>((resolve) => (started = resolve));
    // The first replica hangs in its first job, as a process does when it is killed.
    const dying = replica(
      prefix,
      () => {
        started();
        return new Promise<void>(() => undefined);
      },
      { lockMs: 300 },
    );
    await dying.jobs.add(job('k1'));
    await dying.jobs.add(job('k2'));
    await first;
    // Killed: it stops renewing its lock without giving the drain back.
    open.splice(open.indexOf(dying), 1);
    await dying.jobs.close(true);
    const survivor = replica(
      prefix,
      (j) => {
        ran.push(j.delivery);
        return Promise.resolve();
      },
      { lockMs: 300 },
    );
    await survivor.jobs.settled();
    expect(ran).toEqual(['k1', 'k2']);
  }, 30_000);

  it('sets a job that fails five times aside, logged with its case, and goes on', async () => {
    const prefix = freshPrefix();
    const ran: string[] = [];
    let attempts = 0;
    const r = replica(prefix, (j) => {
      if (j.delivery === 'bad') {
        attempts++;
        return Promise.reject(new Error('GitHub answered 500'));
      }
      ran.push(j.delivery);
      return Promise.resolve();
    });
    await r.jobs.add(job('bad'));
    await r.jobs.add(job('good'));
    await r.jobs.settled();
    expect(attempts).toBe(MAX_ATTEMPTS);
    expect(ran).toEqual(['good']);
    expect(await r.jobs.deadLetters()).toBe(1);
    // What /metrics serves, read from Redis at the scrape.
    const metrics = createMetrics();
    metrics.deadLetterSource.read = () => r.jobs.deadLetters();
    expect(await metrics.registry.metrics()).toContain('advisory_pilot_queue_dead_letters 1');
    expect(r.jobs.failures).toBe(MAX_ATTEMPTS);
    expect(r.failed).toHaveLength(MAX_ATTEMPTS);
    expect(r.logged.at(-1)).toMatchObject({
      obj: { case: 'acme/t#1', delivery: 'bad', attempt: MAX_ATTEMPTS },
      msg: 'queue mode: a job failed too often and was set aside in its case’s dead letters',
    });
  }, 30_000);

  it('loses no delivery it took when Redis restarts from its AOF mid-run', async () => {
    const durable = await startRedis({ appendOnly: true });
    try {
      const ran: string[] = [];
      let hold = true;
      const r = replica(
        freshPrefix(),
        async (j) => {
          while (hold) await new Promise((resolve) => setTimeout(resolve, 10));
          ran.push(j.delivery);
        },
        { url: durable.url, lockMs: 500 },
      );
      for (let i = 0; i < 5; i++) await r.jobs.add(job(`a${String(i)}`, (i % 2) + 1));
      await durable.restart(); // killed (SIGKILL) and started again from its append-only file
      hold = false;
      for (let i = 0; i < 5; i++) await r.jobs.add(job(`b${String(i)}`, (i % 2) + 1));
      await r.jobs.settled();
      expect([...ran].sort()).toEqual(
        ['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4'].sort(),
      );
      // Per case, in arrival order.
      expect(ran.filter((d) => ['a0', 'a2', 'a4', 'b0', 'b2', 'b4'].includes(d))).toEqual([
        'a0',
        'a2',
        'a4',
        'b0',
        'b2',
        'b4',
      ]);
    } finally {
      await durable.close();
    }
  }, 60_000);

  it('refuses a delivery with a 503 when Redis cannot take it', async () => {
    const gone = await startRedis();
    const r = replica(freshPrefix(), () => Promise.resolve(), { url: gone.url, ingressOnly: true });
    await gone.close();
    await expect(r.jobs.add(job('lost'))).rejects.toMatchObject({
      name: 'QueueUnavailableError',
      status: 503,
    });
  }, 30_000);
});
