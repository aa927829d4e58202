import { describe, expect, it } from 'vitest';
import { createIntake, type DeliveryRef } from '../../src/handlers/intake.js';
import { createMemoryQueue } from '../../src/queue.js';

/** A promise the test settles by hand. */
function gate(): { promise: Promise<void>; open: () => void; fail: (e: Error) => void } {
  let open: () => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

function setup() {
  const failed: DeliveryRef[] = [];
  const logged: { obj: object; msg?: string }[] = [];
  const queue = createMemoryQueue();
  const intake = createIntake(queue, (d) => failed.push(d));
  const log = {
    error: (obj: object, msg?: string) => {
      logged.push({ obj, ...(msg === undefined ? {} : { msg }) });
    },
  };
  return { intake, queue, failed, logged, log };
}

describe('the intake', () => {
  it('returns before the work has run, and idle() waits for it', async () => {
    const { intake, log } = setup();
    const steps: string[] = [];
    const held = gate();
    intake.accept({ event: 'issue_comment.created', id: 'd1' }, 'acme/t#1', log, async () => {
      steps.push('started');
      await held.promise;
      steps.push('finished');
    });
    steps.push('acknowledged');
    expect(intake.inFlight()).toEqual([{ event: 'issue_comment.created', id: 'd1' }]);

    const idle = intake.idle().then(() => steps.push('idle'));
    await new Promise((resolve) => setImmediate(resolve));
    held.open();
    await idle;

    expect(steps).toEqual(['acknowledged', 'started', 'finished', 'idle']);
    expect(intake.inFlight()).toEqual([]);
  });

  it('logs and counts a failure, naming the delivery, and carries on with the next one', async () => {
    const { intake, failed, logged, log } = setup();
    const ran: string[] = [];
    intake.accept({ event: 'issues.edited', id: 'd1' }, 'k', log, () =>
      Promise.reject(new Error('GitHub said 502')),
    );
    intake.accept({ event: 'issues.edited', id: 'd2' }, 'k', log, () => {
      ran.push('d2');
      return Promise.resolve();
    });
    await intake.idle();

    expect(intake.failures).toBe(1);
    expect(failed).toEqual([{ event: 'issues.edited', id: 'd1' }]);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.obj).toMatchObject({ event: 'issues.edited', delivery: 'd1' });
    expect(String((logged[0]?.obj as { err: Error }).err)).toContain('GitHub said 502');
    expect(ran).toEqual(['d2']);
  });

  it('runs deliveries of one key in arrival order, and other keys meanwhile', async () => {
    const { intake, log } = setup();
    const order: string[] = [];
    const first = gate();
    intake.accept({ event: 'e', id: 'a1' }, 'case-a', log, async () => {
      await first.promise;
      order.push('a1');
    });
    intake.accept({ event: 'e', id: 'a2' }, 'case-a', log, () => {
      order.push('a2');
      return Promise.resolve();
    });
    const other = gate();
    intake.accept({ event: 'e', id: 'b1' }, 'case-b', log, () => {
      order.push('b1');
      other.open();
      return Promise.resolve();
    });
    await other.promise;
    first.open();
    await intake.idle();

    expect(order).toEqual(['b1', 'a1', 'a2']);
  });

  it('lets work enqueue pipeline runs under the bare case key without deadlocking', async () => {
    const { intake, queue, log } = setup();
    const done: string[] = [];
    intake.accept({ event: 'e', id: 'd1' }, 'acme/t#7', log, async () => {
      await queue.run('acme/t#7', () => {
        done.push('pipeline');
        return Promise.resolve();
      });
    });
    await intake.idle();
    expect(done).toEqual(['pipeline']);
  });

  it('idle() also waits for pipeline runs queued outside the intake (the tick)', async () => {
    const { intake, queue } = setup();
    const held = gate();
    const steps: string[] = [];
    void queue.run('acme/t#9', async () => {
      await held.promise;
      steps.push('tick run');
    });
    const idle = intake.idle().then(() => steps.push('idle'));
    held.open();
    await idle;
    expect(steps).toEqual(['tick run', 'idle']);
  });
});
