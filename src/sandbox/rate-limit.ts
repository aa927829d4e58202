import type { Actor } from './auth.js';
import { actorLabel } from './auth.js';

/** Per-actor primary rate limits over fixed one-hour windows of virtual time. */
export interface RateLimiter {
  /** Headers for the actor's current window, after counting this request if `count`. */
  take(
    actor: Actor,
    now: number,
    count: boolean,
  ): { headers: Record<string, string>; exceeded: boolean };
  reset(): void;
}

const HOUR = 3_600_000;

function limitFor(actor: Actor): number {
  if (actor.kind === 'anonymous') return 60;
  if (actor.kind === 'installation') return 5000;
  return 5000;
}

export function createRateLimiter(): RateLimiter {
  const windows = new Map<string, { start: number; used: number }>();
  return {
    take(actor, now, count) {
      const key = actorLabel(actor);
      let window = windows.get(key);
      if (!window || now >= window.start + HOUR) {
        window = { start: now, used: 0 };
        windows.set(key, window);
      }
      const limit = limitFor(actor);
      const exceeded = window.used >= limit;
      if (count && !exceeded) window.used += 1;
      return {
        exceeded,
        headers: {
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': String(Math.max(0, limit - window.used)),
          'x-ratelimit-used': String(window.used),
          'x-ratelimit-reset': String(Math.floor((window.start + HOUR) / 1000)),
          'x-ratelimit-resource': 'core',
        },
      };
    },
    reset() {
      windows.clear();
    },
  };
}
