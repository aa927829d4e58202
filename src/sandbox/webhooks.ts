import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { VirtualClock } from './clock.js';

/** One attempt to deliver one event, as the deliveries API reports it. */
export interface Delivery {
  id: number;
  guid: string;
  event: string;
  action: string | null;
  installationId: number | null;
  repositoryId: number | null;
  deliveredAt: string;
  redelivery: boolean;
  /** Seconds the receiver took. */
  duration: number;
  status: string;
  statusCode: number;
  /** True while the request is in flight. */
  pending: boolean;
  payload: Record<string, unknown>;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  responseBody: string;
}

export interface WebhookTarget {
  url: string | undefined;
  secret: string;
  appId: number;
}

/** Sends signed deliveries one at a time (so the App sees them in the order things happened). */
export interface WebhookSender {
  send(
    event: string,
    payload: Record<string, unknown>,
    meta: { installationId: number | null; repositoryId: number | null },
  ): Delivery;
  /** Sends a delivery's payload again under the same GUID (`POST …/attempts`). */
  redeliver(id: number): Delivery | undefined;
  list(): readonly Delivery[];
  /** Makes the next `count` deliveries fail without reaching the App. */
  dropNext(count: number): void;
  /** Resolves once every queued delivery has been attempted. */
  settled(): Promise<void>;
  clear(): void;
}

/** The `X-Hub-Signature-256` value for a body. */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** GitHub drops the connection of a delivery that takes longer than this. */
export const DELIVERY_TIMEOUT_MS = 10_000;

export function createWebhookSender(
  target: () => WebhookTarget,
  clock: VirtualClock,
  nextId: () => number,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): WebhookSender {
  const deliveries: Delivery[] = [];
  let queue: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let drops = 0;

  const enqueue = (delivery: Delivery): Delivery => {
    deliveries.push(delivery);
    inFlight += 1;
    queue = queue
      .then(() => attempt(delivery))
      .finally(() => {
        inFlight -= 1;
      });
    return delivery;
  };

  const attempt = async (delivery: Delivery): Promise<void> => {
    const { url, secret } = target();
    if (drops > 0) {
      drops -= 1;
      finish(delivery, 0, 'Dropped by sandbox fault injection', {}, '', 0);
      return;
    }
    if (!url) {
      finish(delivery, 0, 'No webhook URL configured', {}, '', 0);
      return;
    }
    const body = JSON.stringify(delivery.payload);
    delivery.requestHeaders['X-Hub-Signature-256'] = signPayload(secret, body);
    const started = performance.now();
    try {
      const response = await post(url, delivery.requestHeaders, body, timeoutMs);
      const seconds = (performance.now() - started) / 1000;
      const ok = response.status >= 200 && response.status < 300;
      const status = ok ? 'OK' : `Invalid HTTP Response: ${response.status}`;
      finish(delivery, response.status, status, response.headers, response.body, seconds);
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      finish(delivery, 0, `failed to connect: ${String(error)}`, {}, '', seconds);
    }
  };

  const build = (
    event: string,
    payload: Record<string, unknown>,
    meta: { installationId: number | null; repositoryId: number | null },
    guid: string,
    redelivery: boolean,
  ): Delivery => {
    const { appId } = target();
    const action = typeof payload.action === 'string' ? payload.action : null;
    return {
      id: nextId(),
      guid,
      event,
      action,
      installationId: meta.installationId,
      repositoryId: meta.repositoryId,
      deliveredAt: clock.iso(),
      redelivery,
      duration: 0,
      status: 'pending',
      statusCode: 0,
      pending: true,
      payload,
      requestHeaders: {
        'Content-Type': 'application/json',
        'User-Agent': 'GitHub-Hookshot/sandbox',
        'X-GitHub-Event': event,
        'X-GitHub-Delivery': guid,
        'X-GitHub-Hook-ID': '1',
        'X-GitHub-Hook-Installation-Target-ID': String(appId),
        'X-GitHub-Hook-Installation-Target-Type': 'integration',
      },
      responseHeaders: {},
      responseBody: '',
    };
  };

  return {
    send: (event, payload, meta) => enqueue(build(event, payload, meta, randomUUID(), false)),
    redeliver(id) {
      const original = deliveries.find((d) => d.id === id);
      if (!original) return undefined;
      const meta = { installationId: original.installationId, repositoryId: original.repositoryId };
      return enqueue(build(original.event, original.payload, meta, original.guid, true));
    },
    list: () => deliveries,
    dropNext(count) {
      drops += count;
    },
    async settled() {
      while (inFlight > 0) await queue;
    },
    clear() {
      deliveries.length = 0;
      drops = 0;
    },
  };
}

function finish(
  delivery: Delivery,
  statusCode: number,
  status: string,
  headers: Record<string, string>,
  body: string,
  seconds: number,
): void {
  Object.assign(delivery, {
    statusCode,
    status,
    responseHeaders: headers,
    responseBody: body.slice(0, 2048),
    duration: Math.round(seconds * 1000) / 1000,
    pending: false,
  });
}

function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) flat[k] = String(v);
          resolve({
            status: res.statusCode ?? 0,
            headers: flat,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`timed out after ${String(timeoutMs / 1000)} s`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}
