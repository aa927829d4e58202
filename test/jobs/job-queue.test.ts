import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/jobs/job.js';
import {
  createJsonJobQueue,
  createMemoryJobQueue,
  type DeliveryRef,
  type JobWorker,
} from '../../src/jobs/job-queue.js';
import { createMemoryQueue } from '../../src/queue.js';

/** A promise the test settles by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

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

function setup(work: JobWorker, create = createMemoryJobQueue) {
  const failed: DeliveryRef[] = [];
  const logged: { obj: object; msg?: string }[] = [];
  const queue = createMemoryQueue();
  const log = {
    error: (obj: object, msg?: string) => {
      logged.push({ obj, ...(msg === undefined ? {} : { msg }) });
    },
  };
  const jobs = create(queue, work, (d) => failed.push(d), log);
  return { jobs, queue, failed, logged };
}

describe('the job queue', () => {
  it('returns before the job has run, and idle() waits for it', async () => {
    const steps: string[] = [];
    const held = gate();
    const { jobs } = setup(async () => {
      steps.push('started');
      await held.promise;
      steps.push('finished');
    });
    await jobs.add(job('d1'));
    steps.push('acknowledged');
    expect(jobs.inFlight()).toEqual([{ event: 'security_advisory.published', id: 'd1' }]);

    const idle = jobs.idle().then(() => steps.push('idle'));
    await new Promise((resolve) => setImmediate(resolve));
    held.open();
    await idle;

    // The add resolved while the work was held open: the answer never waits for the work.
    expect(steps.filter((s) => s !== 'started')).toEqual(['acknowledged', 'finished', 'idle']);
    expect(jobs.inFlight()).toEqual([]);
  });

  it('logs and counts a failure, naming the delivery, and carries on with the next job', async () => {
    const ran: string[] = [];
    const { jobs, failed, logged } = setup((j) => {
      if (j.delivery === 'd1') return Promise.reject(new Error('GitHub said 502'));
      ran.push(j.delivery);
      return Promise.resolve();
    });
    await jobs.add(job('d1'));
    await jobs.add(job('d2'));
    await jobs.idle();

    expect(jobs.failures).toBe(1);
    expect(failed).toEqual([{ event: 'security_advisory.published', id: 'd1' }]);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.obj).toMatchObject({ event: 'security_advisory.published', delivery: 'd1' });
    expect(String((logged[0]?.obj as { err: Error }).err)).toContain('GitHub said 502');
    expect(ran).toEqual(['d2']);
  });

  it('runs jobs of one key in arrival order, and other keys meanwhile', async () => {
    const order: string[] = [];
    const first = gate();
    const other = gate();
    const { jobs } = setup(async (j) => {
      if (j.delivery === 'a1') await first.promise;
      order.push(j.delivery);
      if (j.delivery === 'b1') other.open();
    });
    await jobs.add(job('a1', 1));
    await jobs.add(job('a2', 1));
    await jobs.add(job('b1', 2));
    await other.promise;
    first.open();
    await jobs.idle();

    expect(order).toEqual(['b1', 'a1', 'a2']);
  });

  it('lets a job queue pipeline runs under the bare case key without deadlocking', async () => {
    const done: string[] = [];
    const holder: { queue?: ReturnType<typeof createMemoryQueue> } = {};
    const { jobs, queue } = setup(async () => {
      await holder.queue?.run('acme/t#1', () => {
        done.push('pipeline');
        return Promise.resolve();
      });
    });
    holder.queue = queue;
    await jobs.add(job('d1'));
    await jobs.idle();
    expect(done).toEqual(['pipeline']);
  });

  it('idle() also waits for pipeline runs queued outside the job queue (the tick)', async () => {
    const { jobs, queue } = setup(() => Promise.resolve());
    const held = gate();
    const steps: string[] = [];
    void queue.run('acme/t#9', async () => {
      await held.promise;
      steps.push('tick run');
    });
    const idle = jobs.idle().then(() => steps.push('idle'));
    held.open();
    await idle;
    expect(steps).toEqual(['tick run', 'idle']);
  });

  it('the JSON queue hands the worker a parsed copy, never the object that was added', async () => {
    const seen: Job[] = [];
    const worker: JobWorker = (j) => {
      seen.push(j);
      return Promise.resolve();
    };
    const { jobs } = setup(worker, createJsonJobQueue);
    const added = job('d1');
    await jobs.add(added);
    await jobs.idle();
    expect(seen[0]).toEqual(added);
    expect(seen[0]).not.toBe(added);
  });

  it('the JSON queue refuses a job that is not plain data', async () => {
    const { jobs, logged } = setup(() => Promise.resolve(), createJsonJobQueue);
    await jobs.add({ ...job('d1'), ghsaId: (() => 'x') as unknown as string });
    await jobs.idle();
    expect(jobs.failures).toBe(1);
    expect(String((logged[0]?.obj as { err: Error }).err)).toMatch(/ghsaId/);
  });
});
