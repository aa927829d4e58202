import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import type { KeyedQueue } from '../queue.js';
import { Job, jobKey, type TickVisitJob } from './job.js';
import type { DeliveryRef, JobQueue, JobQueueLog, JobWorker } from './job-queue.js';

/** GitHub redelivers a delivery for three days: a GUID seen within them is handled once. */
const DEDUPE_SECONDS = 3 * 24 * 3600;
/** A job that failed this many times goes to the case's dead-letter list, kept and logged. */
export const MAX_ATTEMPTS = 5;

/** How queue mode runs; every field but the connection has a default. */
export interface RedisJobQueueOptions {
  /** A connection made with `maxRetriesPerRequest: null` (BullMQ's blocking commands need it). */
  connection: Redis;
  /** Key prefix of everything the App keeps on Redis. */
  prefix?: string;
  /** Cases drained at once by this replica. */
  concurrency?: number;
  /**
   * How long a replica holds a drain before another may take it over (BullMQ's lock): a replica
   * killed mid-job loses it after this, and the case's work runs again elsewhere.
   */
  lockMs?: number;
  /** Start no worker: an ingress-only replica enqueues and never drains. */
  ingressOnly?: boolean;
  /**
   * How long an enqueue may take before the delivery is answered 503: well inside GitHub's
   * 10 s, and before Probot's own 9 s, after which it would answer 202 with nothing stored.
   */
  enqueueTimeoutMs?: number;
  /** The first wait before a failed job is tried again (it doubles each time). */
  retryDelayMs?: number;
  /**
   * How long a replica waits for the result of a job it asked another to run (a tick's visit
   * of a case, queued behind the case's webhook work) before it gives the case up for this tick.
   */
  replyTimeoutMs?: number;
}

/** A reply on a replica's reply list: the worker's result, or why it has none. */
type Reply = { id: string; ok: true; value: unknown } | { id: string; ok: false; error: string };

/** Replies nobody collected (their replica died) expire. */
const REPLY_TTL_SECONDS = 3600;

/** Enqueue: dedupe on the delivery, append to the case's inbox, claim the drain if nobody has. */
const ENQUEUE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) == false then return -1 end
redis.call('RPUSH', KEYS[2], ARGV[1])
if redis.call('SET', KEYS[3], '0', 'NX') then
  local generation = redis.call('INCR', KEYS[4])
  redis.call('SET', KEYS[3], generation)
  return generation
end
return 0
`;

/** Finish a drain: only when the inbox is empty is the claim given up (else drain on). */
const RELEASE = `
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2])
  return 1
end
return 0
`;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The Redis keys of one case's inbox. */
function keysOf(prefix: string, key: string) {
  return {
    inbox: `${prefix}:inbox:${key}`,
    claim: `${prefix}:draining:${key}`,
    generation: `${prefix}:generation:${key}`,
    attempts: `${prefix}:attempts:${key}`,
    dead: `${prefix}:dead:${key}`,
  };
}

/** What a drain job carries: the case's key and the claim it drains under. */
interface DrainData {
  key: string;
  generation: number;
}

/** The id of a job for dedupe: one delivery may become jobs of different kinds and keys. */
function dedupeId(job: Job): string {
  return `${job.delivery}:${job.kind}:${jobKey(job)}`;
}

/** An error the webhook middleware answers with its status: 503, so GitHub records a failure. */
export class QueueUnavailableError extends Error {
  readonly status = 503;
  constructor(cause: unknown) {
    super(`the job queue on Redis did not take the delivery: ${String(cause)}`, { cause });
    this.name = 'QueueUnavailableError';
  }
}

/**
 * Queue mode: jobs live on Redis, so any replica may take a delivery and any may do its work,
 * and nothing acknowledged is lost when a process dies. BullMQ's open-source edition has no
 * per-group concurrency, so each case (each `jobKey`) gets an inbox list: a delivery is appended
 * to it atomically with its dedupe mark (a Lua script), and whoever finds the inbox unclaimed
 * claims it and adds one BullMQ drain job for it. That job takes the inbox's head, runs it and
 * only then removes it, until the inbox is empty, when it gives the claim up in the same script
 * that checks. So a case's jobs run one at a time across every replica, in arrival order; a
 * replica killed mid-job loses BullMQ's lock and the drain runs again elsewhere, from the same
 * head (the case file's intents make the repeat harmless). Every claim has its own generation,
 * and the drain job's id carries it: a claim made while the previous drain job is still
 * finishing is never swallowed by BullMQ's dedupe on job ids.
 */
export class RedisJobQueue implements JobQueue {
  readonly shared = true;
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #queue: Queue<DrainData>;
  readonly #worker: Worker<DrainData> | undefined;
  readonly #inFlight = new Map<string, DeliveryRef>();
  readonly #local: KeyedQueue;
  readonly #enqueueTimeoutMs: number;
  readonly #retryDelayMs: number;
  readonly #replyTimeoutMs: number;
  /** This replica's reply list: other replicas push the results of the jobs it asked for. */
  readonly #replies: string;
  readonly #waiting = new Map<
    string,
    { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  #collector: Redis | undefined;
  #collecting = false;
  #closed = false;
  #failures = 0;
  #draining = 0;

  constructor(
    options: RedisJobQueueOptions,
    local: KeyedQueue,
    run: JobWorker,
    private readonly onFailure: (delivery: DeliveryRef) => void,
    private readonly log: JobQueueLog,
  ) {
    this.#redis = options.connection;
    this.#prefix = options.prefix ?? 'advisory-pilot';
    this.#local = local;
    this.#enqueueTimeoutMs = options.enqueueTimeoutMs ?? 3_000;
    this.#retryDelayMs = options.retryDelayMs ?? 1_000;
    this.#replyTimeoutMs = options.replyTimeoutMs ?? 300_000;
    this.#replies = `${this.#prefix}:replies:${randomUUID()}`;
    const queueName = 'case-drains';
    this.#queue = new Queue<DrainData>(queueName, {
      connection: this.#redis,
      prefix: this.#prefix,
    });
    if (!options.ingressOnly) {
      const lockDuration = options.lockMs ?? 30_000;
      this.#worker = new Worker<DrainData>(queueName, (job) => this.#drain(job, run), {
        connection: this.#redis.duplicate(),
        prefix: this.#prefix,
        concurrency: options.concurrency ?? 8,
        lockDuration,
        stalledInterval: lockDuration,
        maxStalledCount: 1_000,
      });
      this.#worker.on('error', (error) => {
        this.log.error({ err: error }, 'queue mode: the drain worker lost Redis');
      });
    }
  }

  /**
   * Durable before it resolves: the delivery's dedupe mark, the job in its case's inbox and, when
   * the inbox was unclaimed, the drain job are on Redis. A duplicate delivery resolves at once.
   * Any failure rejects with a 503 (the webhook is then a failed delivery GitHub can redeliver).
   */
  async add(job: Job): Promise<void> {
    const key = jobKey(job);
    const keys = keysOf(this.#prefix, key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer from Redis in ${String(this.#enqueueTimeoutMs)} ms`));
      }, this.#enqueueTimeoutMs);
    });
    const enqueue = async () => {
      const claimed = (await this.#redis.eval(
        ENQUEUE,
        4,
        `${this.#prefix}:seen:${dedupeId(job)}`,
        keys.inbox,
        keys.claim,
        keys.generation,
        JSON.stringify(job),
        String(DEDUPE_SECONDS),
      )) as number;
      if (claimed > 0) await this.#addDrain(key, claimed);
    };
    try {
      await Promise.race([enqueue(), timeout]);
    } catch (error) {
      throw new QueueUnavailableError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Queues a tick's visit in its case's inbox and resolves with its result, pushed by whichever
   * replica drained the case onto this replica's reply list. Rejects when the visit failed, when
   * no reply came within `replyTimeoutMs`, or when Redis did not take the job.
   */
  async request(job: TickVisitJob): Promise<unknown> {
    const id = randomUUID();
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(
          new Error(
            `no reply from the replica draining ${jobKey(job)} in ${String(this.#replyTimeoutMs)} ms`,
          ),
        );
      }, this.#replyTimeoutMs);
      this.#waiting.set(id, { resolve, reject, timer });
    });
    try {
      await this.add({ ...job, reply: { list: this.#replies, id } });
    } catch (error) {
      const waiting = this.#waiting.get(id);
      clearTimeout(waiting?.timer);
      this.#waiting.delete(id);
      throw error;
    }
    this.#collect();
    return answer;
  }

  /** Reads this replica's reply list while anybody waits on it (one blocking connection). */
  #collect(): void {
    if (this.#collecting || this.#closed) return;
    this.#collecting = true;
    if (!this.#collector) {
      this.#collector = this.#redis.duplicate();
      // A lost connection rejects the pending BLPOP, which fails the waiting requests below.
      this.#collector.on('error', () => undefined);
    }
    const collector = this.#collector;
    const loop = async () => {
      while (this.#waiting.size > 0 && !this.#closed) {
        // A short block, so a loop with nobody left waiting ends soon.
        const popped = await collector.blpop(this.#replies, 1);
        if (popped) this.#settle(popped[1]);
      }
    };
    loop()
      .catch((error: unknown) => {
        const reason = new Error(`queue mode: replies could not be read: ${String(error)}`);
        for (const [id, waiting] of this.#waiting) {
          clearTimeout(waiting.timer);
          this.#waiting.delete(id);
          waiting.reject(reason);
        }
      })
      .finally(() => {
        this.#collecting = false;
        // A request made while the loop was ending.
        if (this.#waiting.size > 0) this.#collect();
      });
  }

  #settle(raw: string): void {
    const reply = JSON.parse(raw) as Reply;
    const waiting = this.#waiting.get(reply.id);
    // A reply to a request that timed out already: nothing waits for it.
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.#waiting.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(new Error(reply.error));
  }

  async #addDrain(key: string, generation: number): Promise<void> {
    await this.#queue.add(
      'drain',
      { key, generation },
      {
        jobId: `drain:${key}:${String(generation)}`.replaceAll(':', '|'),
        removeOnComplete: true,
        removeOnFail: 1_000,
        attempts: MAX_ATTEMPTS * 2,
        backoff: { type: 'exponential', delay: this.#retryDelayMs },
      },
    );
  }

  /** Runs a case's inbox to empty; a job failing `MAX_ATTEMPTS` times moves to the dead letters. */
  async #drain(drain: BullJob<DrainData>, run: JobWorker): Promise<void> {
    this.#draining++;
    try {
      await this.#drainInbox(drain.data.key, run);
    } finally {
      this.#draining--;
    }
  }

  async #drainInbox(key: string, run: JobWorker): Promise<void> {
    const keys = keysOf(this.#prefix, key);
    for (;;) {
      const raw = await this.#redis.lindex(keys.inbox, 0);
      if (raw === null) {
        const released = (await this.#redis.eval(RELEASE, 2, keys.inbox, keys.claim)) as number;
        if (released === 1) return;
        continue;
      }
      const parsed = Job.safeParse(JSON.parse(raw));
      if (!parsed.success) {
        // Not a job this version can run (written by a newer one, or damaged): kept, not run.
        this.log.error(
          { case: key, problems: parsed.error.issues.length },
          'queue mode: a queued job is not readable; set aside in its case’s dead letters',
        );
        await this.#redis.multi().rpush(keys.dead, raw).lpop(keys.inbox).exec();
        continue;
      }
      const job = parsed.data;
      const delivery = { event: job.event, id: job.delivery };
      const ticket = `${key}:${job.delivery}`;
      this.#inFlight.set(ticket, delivery);
      const reply = job.kind === 'tick-visit' ? job.reply : undefined;
      try {
        // The same per-case key as the embedded queue: in this process the tick's pipelines on
        // the case wait for it.
        const value = await this.#local.run(`intake:${key}`, () => run(job));
        if (reply) {
          await this.#answer(keys, reply, { id: reply.id, ok: true, value: value ?? null });
          continue;
        }
      } catch (error) {
        if (reply) {
          // Somebody waits for it, and the next tick asks again: tried once, never set aside.
          this.#failures++;
          this.log.error(
            { event: job.event, delivery: job.delivery, case: key, err: asError(error) },
            'queue mode: a tick’s visit of a case failed; the next tick visits it again',
          );
          await this.#answer(keys, reply, { id: reply.id, ok: false, error: String(error) });
          continue;
        }
        const attempts = await this.#redis.hincrby(keys.attempts, job.delivery, 1);
        this.#failures++;
        this.onFailure(delivery);
        this.log.error(
          {
            event: job.event,
            delivery: job.delivery,
            case: key,
            attempt: attempts,
            err: asError(error),
          },
          attempts >= MAX_ATTEMPTS
            ? 'queue mode: a job failed too often and was set aside in its case’s dead letters'
            : 'queue mode: a job failed; its case will try it again',
        );
        if (attempts < MAX_ATTEMPTS) throw error;
        await this.#redis.rpush(keys.dead, raw);
      } finally {
        this.#inFlight.delete(ticket);
      }
      await this.#redis.multi().lpop(keys.inbox).hdel(keys.attempts, job.delivery).exec();
    }
  }

  /** Sends a reply and takes its job off the inbox, in one transaction. */
  async #answer(keys: ReturnType<typeof keysOf>, to: { list: string }, reply: Reply) {
    await this.#redis
      .multi()
      .rpush(to.list, JSON.stringify(reply))
      .expire(to.list, REPLY_TTL_SECONDS)
      .lpop(keys.inbox)
      .exec();
  }

  /**
   * Adds the drain job of every claimed inbox that has none (a replica that died between
   * claiming an inbox and adding its job): run at start-up and by every tick.
   */
  async recover(): Promise<number> {
    let recovered = 0;
    let cursor = '0';
    do {
      const [next, claims] = await this.#redis.scan(
        cursor,
        'MATCH',
        `${this.#prefix}:draining:*`,
        'COUNT',
        500,
      );
      cursor = next;
      for (const claim of claims) {
        const key = claim.slice(`${this.#prefix}:draining:`.length);
        const generation = Number(await this.#redis.get(claim));
        if (!Number.isInteger(generation) || generation <= 0) continue;
        const id = `drain:${key}:${String(generation)}`.replaceAll(':', '|');
        const existing = await this.#queue.getJob(id);
        if (existing && (await existing.isFailed())) await existing.retry();
        else if (!existing || (await existing.isCompleted())) await this.#addDrain(key, generation);
        else continue;
        recovered++;
      }
    } while (cursor !== '0');
    return recovered;
  }

  /** Jobs this replica is running (for the shutdown log). */
  inFlight(): DeliveryRef[] {
    return [...this.#inFlight.values()];
  }

  get failures(): number {
    return this.#failures;
  }

  /** Jobs set aside after `MAX_ATTEMPTS` failures, per case (for `/metrics`). */
  async deadLetters(): Promise<number> {
    let total = 0;
    let cursor = '0';
    do {
      const [next, lists] = await this.#redis.scan(
        cursor,
        'MATCH',
        `${this.#prefix}:dead:*`,
        'COUNT',
        500,
      );
      cursor = next;
      for (const list of lists) total += await this.#redis.llen(list);
    } while (cursor !== '0');
    return total;
  }

  /** Resolves once this replica runs no drain and its own pipelines have settled (shutdown). */
  async idle(): Promise<void> {
    while (this.#draining > 0 || this.#local.pending > 0) {
      if (this.#local.pending > 0) await this.#local.idle();
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Resolves once no case has work waiting on Redis and no drain runs anywhere (the cluster is
   * idle), and this replica's own pipelines have settled: what tests and the demo wait for.
   */
  async settled(): Promise<void> {
    for (;;) {
      const counts = await this.#queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      const busy = Object.values(counts).some((n) => n > 0);
      const [, claims] = await this.#redis.scan(
        '0',
        'MATCH',
        `${this.#prefix}:draining:*`,
        'COUNT',
        1_000,
      );
      if (!busy && claims.length === 0 && this.#local.pending === 0) return;
      if (this.#local.pending > 0) await this.#local.idle();
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Stops taking drains and closes the queue's connections. Gracefully, the drains running
   * finish first; `abandon` (a shutdown past its timeout) lets them go at once, and another
   * replica takes their cases over once their locks lapse.
   */
  async close(abandon = false): Promise<void> {
    this.#closed = true;
    for (const [id, waiting] of this.#waiting) {
      clearTimeout(waiting.timer);
      this.#waiting.delete(id);
      waiting.reject(new Error('queue mode: the replica is shutting down'));
    }
    await this.#worker?.close(abandon);
    await this.#queue.close();
    this.#collector?.disconnect();
  }
}
