import type { KeyedQueue } from '../queue.js';

/** Names a webhook delivery in logs and in the shutdown report. */
export interface DeliveryRef {
  /** `event.action`, e.g. `issue_comment.created`. */
  event: string;
  /** The delivery GUID (`X-GitHub-Delivery`). */
  id: string;
}

/** The logger calls the intake makes (Probot's per-delivery pino child satisfies it). */
export interface IntakeLog {
  error(obj: object, msg?: string): void;
}

/**
 * Webhook work that runs after the delivery was acknowledged. GitHub wants a 2xx within 10 s
 * and Probot answers only when the handler returns, so a handler validates the payload, hands
 * the rest to `accept` and returns: a slow GitHub then delays the work, never the answer.
 */
export interface Intake {
  /**
   * Queues `work` behind `key` (one delivery at a time per key, so two comments on one case
   * are read in the order they arrived) and returns at once. A failure is logged and counted.
   */
  accept(delivery: DeliveryRef, key: string, log: IntakeLog, work: () => Promise<void>): void;
  /** Deliveries accepted whose work has not settled yet (for the shutdown log). */
  inFlight(): DeliveryRef[];
  /** How many accepted deliveries failed since the App started. */
  readonly failures: number;
  /**
   * Resolves once every accepted delivery and every task of the keyed queue (pipelines the
   * tick started too) has settled, including work queued while waiting.
   */
  idle(): Promise<void>;
}

/**
 * Builds the intake over the App's keyed queue. Its keys live in their own `intake:` namespace:
 * the work itself enqueues pipeline runs under the case key, and waiting on the same key from
 * inside a task would deadlock.
 */
export function createIntake(
  queue: KeyedQueue,
  onFailure: (delivery: DeliveryRef) => void,
): Intake {
  const inFlight = new Map<number, DeliveryRef>();
  const chains = new Map<number, Promise<void>>();
  let next = 0;
  let failures = 0;
  return {
    accept(delivery, key, log, work) {
      const ticket = next++;
      inFlight.set(ticket, delivery);
      const chain = queue
        .run(`intake:${key}`, work)
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
    },
    inFlight: () => [...inFlight.values()],
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
