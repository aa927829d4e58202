import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `work` over the items with at most `limit` in flight (GitHub allows 100 concurrent
 * requests; the tick stays far below). After the first failure no new item starts; the ones in
 * flight finish, then the failure is rethrown, so nothing is left half-visited.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
}

/** Waits without keeping the process alive (a shutdown must not wait for a pacing pause). */
export async function pause(ms: number): Promise<void> {
  if (ms > 0) await sleep(ms, undefined, { ref: false });
}
