import type { RunnerLog } from '../runner/runner-deps.js';
import type { AppPort, HookDelivery } from './app-port.js';
import type { Metrics } from './metrics.js';

/** GitHub keeps deliveries for three days; older ones cannot be redelivered. */
const WINDOW_MS = 3 * 24 * 3_600_000;

/**
 * Asks GitHub to redeliver every webhook that failed in the last three days (GitHub never
 * retries by itself), once per event GUID: not when a redelivery was already tried (by this
 * process, by an earlier one, or by a human in the App's settings). The handlers are idempotent
 * on the delivery, so a duplicate changes nothing. Returns how many were asked for.
 */
export async function redeliverFailed(
  app: AppPort,
  memory: { redelivered: Set<string> },
  now: Date,
  limit: number,
  metrics: Metrics,
  log: RunnerLog,
): Promise<number> {
  const failed = await app.listFailedDeliveries(new Date(now.getTime() - WINDOW_MS));
  const byGuid = new Map<string, HookDelivery[]>();
  for (const delivery of failed)
    byGuid.set(delivery.guid, [...(byGuid.get(delivery.guid) ?? []), delivery]);
  let asked = 0;
  for (const [guid, attempts] of byGuid) {
    if (asked >= limit) break;
    if (memory.redelivered.has(guid) || attempts.some((a) => a.redelivery)) continue;
    const newest = [...attempts].sort((a, b) => b.deliveredAt.localeCompare(a.deliveredAt))[0];
    if (!newest) continue;
    memory.redelivered.add(guid);
    try {
      await app.redeliver(newest.id);
      metrics.redeliveries.inc({ outcome: 'requested' });
      asked++;
      log.info({ guid, event: newest.event, delivery: newest.id }, 'redelivery requested');
    } catch (error) {
      // Not redelivered: try again next tick, and spare GitHub the rest of the list now.
      memory.redelivered.delete(guid);
      metrics.redeliveries.inc({ outcome: 'failed' });
      log.warn({ guid, delivery: newest.id, error: String(error) }, 'redelivery failed');
      break;
    }
  }
  return asked;
}
