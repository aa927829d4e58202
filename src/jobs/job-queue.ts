import type { KeyedQueue } from '../queue.js';
import { Job, jobKey, type TickVisitJob } from './job.js';

/** Names a webhook delivery in logs and in the shutdown report. */
export interface DeliveryRef {
  /** `event.action`, e.g. `issue_comment.created`. */
  event: string;
  /** The delivery GUID (`X-GitHub-Delivery`). */
  id: string;
}

/** The logger calls the queue makes (Probot's pino logger satisfies it). */
export interface JobQueueLog {
  error(obj: object, msg?: string): void;
}

/**
 * Runs one job; the App's worker loads the case, decides and writes. What it resolves with is
 * the reply of a job somebody waits for (`request`); other jobs' results are not kept.
 */
export type JobWorker = (job: Job) => Promise<unknown>;

/**
 * Work that runs after its webhook delivery was acknowledged, as plain data. GitHub wants a 2xx
 * within 10 s and Probot answers only when the handler returns, so a handler reads the payload
 * into a job, adds it and returns: a slow GitHub then delays the work, never the answer. Because
 * jobs are data, a queue on Redis can take this one's place without touching the handlers.
 */
export interface JobQueue {
  /**
   * Queues a job behind the others with the same key (`jobKey`), so two comments on one case are
   * read in the order they arrived. Resolves once the job is as durable as the queue makes it (in
   * memory: at once; on Redis: stored), so a handler awaits it before the delivery is answered.
   * A failure of the work is logged and counted, never thrown here.
   */
  add(job: Job): Promise<void>;
  /**
   * Queue mode: queues a tick's visit of a case in the case's inbox, like a webhook's job, and
   * resolves with the worker's result once whichever replica drains the case has run it. So the
   * tick's work on a case never runs beside a webhook's on another replica. The embedded queue
   * has none: there the tick visits in its own process, where the runner's per-case queue
   * already serialises it.
   */
  request?(job: TickVisitJob): Promise<unknown>;
  /**
   * Queue mode: restarts the drain of every case whose work waits with nobody to drain it (a
   * replica died between storing a delivery and queuing its drain). Run at start-up and by
   * every tick; returns how many it restarted.
   */
  recover?(): Promise<number>;
  /** Jobs added whose work has not settled yet (for the shutdown log). */
  inFlight(): DeliveryRef[];
  /**
   * The jobs are shared by every replica (queue mode): work the tick finds missing is queued
   * like a webhook's, in its case's turn, rather than run in the ticking process.
   */
  readonly shared: boolean;
  /** How many jobs failed since the App started. */
  readonly failures: number;
  /**
   * Resolves once every added job and every task of the keyed queue (pipelines the tick started
   * too) has settled, including work queued while waiting.
   */
  idle(): Promise<void>;
  /**
   * Releases what the queue holds open (Redis connections); the embedded queue has nothing.
   * `abandon`: do not wait for the work running (another replica takes it over).
   */
  close?(abandon?: boolean): Promise<void>;
}

/** How a queue hands a job to its worker: by reference in memory, or as a copy of its JSON. */
type Handover = (job: Job) => Job;

function createQueue(
  queue: KeyedQueue,
  worker: JobWorker,
  onFailure: (delivery: DeliveryRef) => void,
  log: JobQueueLog,
  handover: Handover,
): JobQueue {
  const inFlight = new Map<number, DeliveryRef>();
  const chains = new Map<number, Promise<void>>();
  let next = 0;
  let failures = 0;
  return {
    add(job) {
      const ticket = next++;
      const delivery = { event: job.event, id: job.delivery };
      inFlight.set(ticket, delivery);
      // The `intake:` namespace keeps job keys apart from the per-case keys the work itself
      // queues under: waiting on the same key from inside a task would deadlock.
      const chain = queue
        .run(`intake:${jobKey(job)}`, () => worker(handover(job)))
        .then(() => undefined)
        .catch((error: unknown) => {
          failures++;
          onFailure(delivery);
          log.error(
            {
              event: delivery.event,
              delivery: delivery.id,
              err: error instanceof Error ? error : new Error(String(error)),
            },
            'webhook processing failed after the delivery was acknowledged (redeliver it, or the next tick resumes the case)',
          );
        })
        .finally(() => {
          inFlight.delete(ticket);
          chains.delete(ticket);
        });
      chains.set(ticket, chain);
      return Promise.resolve();
    },
    inFlight: () => [...inFlight.values()],
    shared: false,
    get failures() {
      return failures;
    },
    async idle() {
      for (;;) {
        if (chains.size > 0) await Promise.all(chains.values());
        else if (queue.pending > 0) await queue.idle();
        else return;
      }
    },
  };
}

/** The embedded queue: jobs stay in this process and reach the worker as they were added. */
export function createMemoryJobQueue(
  queue: KeyedQueue,
  worker: JobWorker,
  onFailure: (delivery: DeliveryRef) => void,
  log: JobQueueLog,
): JobQueue {
  return createQueue(queue, worker, onFailure, log, (job) => job);
}

/**
 * The embedded queue with the handover a distributed queue has: every job reaches the worker as
 * a parsed copy of its JSON, so a job that is not plain data (a closure, a Date, a Map) fails
 * here, in tests, rather than in production on Redis.
 */
export function createJsonJobQueue(
  queue: KeyedQueue,
  worker: JobWorker,
  onFailure: (delivery: DeliveryRef) => void,
  log: JobQueueLog,
): JobQueue {
  return createQueue(queue, worker, onFailure, log, (job) =>
    Job.parse(JSON.parse(JSON.stringify(job))),
  );
}
