import { createHmac } from 'node:crypto';
import autocannon from 'autocannon';
import { round } from './stats.js';

/** Where to send deliveries and how to sign them. */
export interface LoadTarget {
  /** The webhook endpoint, e.g. `http://127.0.0.1:3000/api/github/webhooks`. */
  url: string;
  secret: string;
  /** An `issue_comment.created` payload as the sandbox delivered it (the shape GitHub sends). */
  payload: Record<string, unknown>;
}

/** How hard to push: a fixed rate, or as fast as the connections allow (saturation). */
export interface LoadShape {
  name: 'fixed' | 'saturation';
  connections: number;
  durationSeconds: number;
  /** Requests per second over all connections; undefined = saturation. */
  rate?: number;
}

/** One autocannon run, summarised. */
export interface LoadResult {
  shape: LoadShape;
  /** Deliveries answered 2xx. */
  acknowledged: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Mean acknowledged deliveries per second over the run. */
  throughput: number;
}

/**
 * Builds the request autocannon sends: every delivery a new GUID and a new comment id (so the
 * App treats each as a new command, as GitHub would), the body re-signed with the secret.
 */
function signedDeliveries(target: LoadTarget, label: string): autocannon.Request[] {
  const path = new URL(target.url).pathname;
  const comment = (target.payload.comment ?? {}) as Record<string, unknown>;
  let sequence = 0;
  return [
    {
      method: 'POST',
      path,
      setupRequest(request) {
        sequence++;
        const body = JSON.stringify({
          ...target.payload,
          comment: { ...comment, id: 5_000_000 + sequence, body: '/status' },
        });
        const signature = createHmac('sha256', target.secret).update(body).digest('hex');
        return {
          ...request,
          body,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'GitHub-Hookshot/bench',
            'x-github-event': 'issue_comment',
            'x-github-delivery': `bench-${label}-${String(sequence)}`,
            'x-hub-signature-256': `sha256=${signature}`,
          },
        };
      },
    },
  ];
}

/** Runs autocannon against a target (a real load generator; no hand-written loop). */
export async function runLoad(
  target: LoadTarget,
  shape: LoadShape,
  label: string,
): Promise<LoadResult> {
  const result = await autocannon({
    url: target.url,
    connections: shape.connections,
    duration: shape.durationSeconds,
    ...(shape.rate === undefined ? {} : { overallRate: shape.rate }),
    // GitHub gives up after 10 s; a slower answer is a failed delivery.
    timeout: 10,
    requests: signedDeliveries(target, label),
  });
  return {
    shape,
    acknowledged: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyP50Ms: round(result.latency.p50, 2),
    latencyP99Ms: round(result.latency.p99, 2),
    latencyMaxMs: round(result.latency.max, 2),
    throughput: round(result['2xx'] / result.duration, 1),
  };
}
