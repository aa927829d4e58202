import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../../src/sandbox/clock.js';
import { createWebhookSender, DELIVERY_TIMEOUT_MS } from '../../src/sandbox/webhooks.js';

let server: Server | undefined;
afterEach(async () => {
  const open = server;
  server = undefined;
  if (open) await new Promise((resolve) => open.close(resolve));
});

/** A receiver that answers 200 after `delayMs`. */
async function slowReceiver(delayMs: number): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      setTimeout(() => res.writeHead(200).end('ok'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/hooks`;
}

function sender(url: string, timeoutMs?: number) {
  let id = 0;
  return createWebhookSender(
    () => ({ url, secret: 's', appId: 1 }),
    createClock(Date.parse('2026-11-22T00:00:00Z')),
    () => ++id,
    timeoutMs,
  );
}

const meta = { installationId: 1, repositoryId: 2 };

describe('the delivery timeout', () => {
  it('is GitHub’s 10 seconds unless set', () => {
    expect(DELIVERY_TIMEOUT_MS).toBe(10_000);
  });

  it('fails a delivery whose receiver answers after it, as GitHub does', async () => {
    const webhooks = sender(await slowReceiver(400), 100);
    const delivery = webhooks.send('issues', { action: 'opened' }, meta);
    await webhooks.settled();
    expect(delivery.statusCode).toBe(0);
    expect(delivery.status).toContain('timed out after 0.1 s');
    expect(delivery.pending).toBe(false);
  });

  it('accepts an answer inside it', async () => {
    const webhooks = sender(await slowReceiver(20), 2_000);
    const delivery = webhooks.send('issues', { action: 'opened' }, meta);
    await webhooks.settled();
    expect(delivery.statusCode).toBe(200);
    expect(delivery.status).toBe('OK');
  });
});
