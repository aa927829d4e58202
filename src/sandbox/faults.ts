import { z } from 'zod';

/** A fault to inject, as `POST /_sandbox/faults` accepts it. */
export const FaultSpec = z.strictObject({
  /** HTTP method, or `*` for any. */
  method: z.string().default('*'),
  /** Request path; `*` matches one segment, `**` the rest (e.g. `/repos/acme/widget/issues/**`). */
  path: z.string().startsWith('/'),
  /** 500/502/503, or 403/429 for a (secondary) rate limit. */
  status: z
    .union([z.literal(500), z.literal(502), z.literal(503), z.literal(403), z.literal(429)])
    .optional(),
  /** Seconds for the `retry-after` header of a 403/429 fault. */
  retryAfter: z.int().min(0).optional(),
  /** Real milliseconds to wait before answering. */
  latencyMs: z.int().min(0).max(30_000).optional(),
  /** How many matching requests the fault hits (default 1). */
  times: z.int().min(1).default(1),
});
export type FaultSpec = z.infer<typeof FaultSpec>;

export interface FaultRule extends FaultSpec {
  id: number;
  remaining: number;
  regex: RegExp;
}

export interface FaultStore {
  add(spec: FaultSpec): FaultRule;
  /** The first rule matching the request, with one use consumed. */
  take(method: string, path: string): FaultRule | undefined;
  list(): readonly FaultRule[];
  clear(): void;
}

function toRegex(pattern: string): RegExp {
  const escaped = pattern
    .split('/')
    .map((segment) =>
      segment === '**'
        ? '.*'
        : segment
            .split('*')
            .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/]*'),
    )
    .join('/');
  return new RegExp(`^${escaped}$`);
}

export function createFaultStore(): FaultStore {
  let rules: FaultRule[] = [];
  let nextId = 1;
  return {
    add(spec) {
      const rule: FaultRule = {
        ...spec,
        id: nextId,
        remaining: spec.times,
        regex: toRegex(spec.path),
      };
      nextId += 1;
      rules.push(rule);
      return rule;
    },
    take(method, path) {
      const rule = rules.find(
        (r) => (r.method === '*' || r.method.toUpperCase() === method) && r.regex.test(path),
      );
      if (!rule) return undefined;
      rule.remaining -= 1;
      if (rule.remaining <= 0) rules = rules.filter((r) => r !== rule);
      return rule;
    },
    list: () => rules,
    clear() {
      rules = [];
    },
  };
}

/** The body GitHub sends with a secondary rate limit. */
export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID.';
