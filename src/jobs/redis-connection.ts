import { Redis } from 'ioredis';

/** `redis://user:secret@host:6379/0` without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * Connects to the Redis of queue mode and checks it answers, within `timeoutMs`. The connection
 * is made the way BullMQ's blocking commands need it (`maxRetriesPerRequest: null`) and keeps
 * reconnecting after start-up (a lost Redis makes deliveries fail with 503 meanwhile). Rejects
 * with a message naming `REDIS_URL` when Redis cannot be reached or the URL is not one.
 */
export async function connectQueueRedis(url: string, timeoutMs = 5_000): Promise<Redis> {
  const where = redactedUrl(url);
  if (!/^rediss?:\/\//.test(url))
    throw new Error(`REDIS_URL must be a redis:// or rediss:// URL, got ${where}`);
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: timeoutMs,
  });
  let last: unknown;
  redis.on('error', (error) => {
    last = error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer in ${String(timeoutMs)} ms`));
        }, timeoutMs);
      }),
    ]);
    return redis;
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(last ?? error);
    throw new Error(
      `REDIS_URL is set (${where}) but Redis did not answer: ${reason}. Start Redis, or unset REDIS_URL to run in one process.`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
