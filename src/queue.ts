/** Runs tasks one at a time per key; different keys run concurrently. */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves when every task queued so far has settled (graceful shutdown). */
  idle(): Promise<void>;
  readonly pending: number;
}

/**
 * The in-memory keyed serial queue: one pipeline at a time per case, so two maintainers
 * commanding in the same second are answered one after the other on the latest state. A
 * Redis-backed queue can implement the same interface for several replicas.
 */
export function createMemoryQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  let pending = 0;
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      pending++;
      const next = previous.then(task, task);
      const settled = next.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, settled);
      void settled.then(() => {
        pending--;
        if (tails.get(key) === settled) tails.delete(key);
      });
      return next;
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
    get pending() {
      return pending;
    },
  };
}
