import { Queue, QueueEvents, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunnerLog } from '../runner/runner-deps.js';
import type { TickSummary } from './tick-scope.js';

const QUEUE = 'ticks';
const SCHEDULE = 'tick-interval';

/** The scheduler a replica runs a tick job with (`Scheduler`). */
export interface LocalTicker {
  tick(): Promise<TickSummary> | undefined;
  stop(): Promise<void>;
}

/**
 * Queue mode's tick, one at a time across every replica: a BullMQ job scheduler adds a tick job
 * every interval (upserted by each replica that has an interval, so it is one schedule however
 * many start), and the queue's global concurrency of 1 lets only one replica run a tick job at a
 * time; a tick asked for while one runs waits its turn. The replica that takes the job runs its
 * own `Scheduler` for it.
 */
export class ClusterTick {
  readonly #queue: Queue;
  readonly #connection: Redis;
  readonly #prefix: string;
  #worker: Worker | undefined;
  #events: QueueEvents | undefined;

  constructor(
    connection: Redis,
    private readonly local: LocalTicker,
    private readonly log: RunnerLog,
    prefix = 'advisory-pilot',
  ) {
    this.#connection = connection;
    this.#prefix = prefix;
    this.#queue = new Queue(QUEUE, { connection, prefix });
  }

  /** Takes tick jobs from now on, and makes sure the interval's schedule exists (0: none added). */
  async start(intervalSeconds: number): Promise<void> {
    await this.#queue.setGlobalConcurrency(1);
    if (intervalSeconds > 0)
      await this.#queue.upsertJobScheduler(
        SCHEDULE,
        { every: intervalSeconds * 1000 },
        { name: 'tick', opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    this.#worker = new Worker(
      QUEUE,
      async () => {
        const run = this.local.tick();
        // A tick the route started here before queue mode took over: this job waits for it.
        if (!run) throw new Error('a tick is already running in this replica');
        return run;
      },
      {
        connection: this.#connection.duplicate(),
        prefix: this.#prefix,
        concurrency: 1,
        lockDuration: 60_000,
      },
    );
    this.#worker.on('error', (error) => {
      this.log.error({ error: String(error) }, 'queue mode: the tick worker lost Redis');
    });
  }

  /** Asks for one tick now; resolves with its summary once a replica has run it. */
  async request(): Promise<TickSummary> {
    this.#events ??= new QueueEvents(QUEUE, {
      connection: this.#connection.duplicate(),
      prefix: this.#prefix,
    });
    await this.#events.waitUntilReady();
    const job = await this.#queue.add('tick', {}, { removeOnComplete: 100, removeOnFail: 100 });
    return (await job.waitUntilFinished(this.#events)) as TickSummary;
  }

  /** Ticks running anywhere or waiting their turn. */
  async pending(): Promise<number> {
    const counts = await this.#queue.getJobCounts('active', 'waiting');
    return (counts.active ?? 0) + (counts.waiting ?? 0);
  }

  /** Stops taking tick jobs (a running one ends after the case it is on) and closes. */
  async stop(): Promise<void> {
    await Promise.all([this.local.stop(), this.#worker?.close()]);
    await this.#events?.close();
    await this.#queue.close();
  }
}
