import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { GitHubPort } from '../../src/github/port.js';
import { setup } from './harness.js';

const PRODUCTS = Array.from({ length: 10 }, (_, i) => `acme/product-${String(i)}`);
const CONDITIONAL = new Set<keyof GitHubPort>([
  'listInstallationRepositories',
  'pollAdvisories',
  'listChangedIssues',
  'listRepoComments',
  'listOpenIssuesWithLabel',
]);

/** Calls made since `from`, by method. */
function callsSince(t: ReturnType<typeof setup>, from: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of t.github.calls.slice(from))
    counts[call.method] = (counts[call.method] ?? 0) + 1;
  return counts;
}

describe('a tick over 1,000 open cases', () => {
  it(
    'with nothing changed makes only conditional requests, every one answered 304',
    { timeout: 60_000 },
    async () => {
      const t = setup({ products: PRODUCTS, scheduler: { concurrency: 8 } });
      for (let i = 0; i < 1_000; i++) {
        t.addAdvisory({
          ghsaId: `GHSA-q${String(i).padStart(3, '0')}-hj7m-pq9r`,
          repo: PRODUCTS[i % PRODUCTS.length],
          summary: `Flaw number ${String(i)} in the upload endpoint`,
        });
      }
      let started = performance.now();
      const opening = await t.tick();
      const openingMs = performance.now() - started;
      expect(opening.opened).toBe(1_000);

      // The first tick's own writes (the tracking issues, the dashboard, the welcome comments)
      // are in the next listings of changed issues and comments; the window of the third has
      // moved past them (a changed, empty listing); from the fourth on everything is a 304.
      for (let warm = 0; warm < 3; warm++) {
        t.advance(10);
        await t.tick();
      }

      t.advance(10);
      const from = t.github.calls.length;
      const before = t.github.conditionalTotals();
      started = performance.now();
      const idle = await t.tick();
      const idleMs = performance.now() - started;
      const calls = callsSince(t, from);
      const after = t.github.conditionalTotals();
      const answered = { hits: after.hits - before.hits, misses: after.misses - before.misses };

      expect(idle).toMatchObject({
        cases: 1_000,
        loaded: 0,
        reminders: 0,
        opened: 0,
        errors: 0,
        dashboards: 0,
      });
      expect(Object.keys(calls).filter((m) => !CONDITIONAL.has(m as keyof GitHubPort))).toEqual([]);
      expect(answered.misses).toBe(0);
      expect(answered.hits).toBe(Object.values(calls).reduce((a, b) => a + b, 0));
      // No read per case: one listing of changed issues and one of changed comments for the
      // tracking repository, one advisory list per product repository.
      expect(calls.getIssue).toBeUndefined();
      expect(calls.listChangedIssues).toBe(1);
      expect(calls.listRepoComments).toBe(1);
      // The manual reports waiting for a case (labelled `security-report`): none.
      expect(calls.listOpenIssuesWithLabel).toBe(1);
      // (The tracking repository is configured too, and has advisories of its own.)
      expect(calls.pollAdvisories).toBe(PRODUCTS.length + 1);
      expect(t.app.calls.listInstallations).toBe(5);

      t.restart(); // a new process: no ETags, no memory; still no write
      t.advance(10);
      const coldFrom = t.github.calls.length;
      const coldBefore = t.github.conditionalTotals();
      const writes = t.github.writes().length;
      started = performance.now();
      const cold = await t.tick();
      const coldMs = performance.now() - started;
      const coldAfter = t.github.conditionalTotals();
      expect(cold).toMatchObject({
        cases: 1_000,
        loaded: 1_000,
        reminders: 0,
        errors: 0,
        dashboards: 0,
      });
      expect(t.github.writes()).toHaveLength(writes);
      // The bodies come from one listing of the open tracking issues, 100 a page. (The case
      // files still wait on comments the previous process posted and would have recorded with
      // its next write: a new process reads each such case and its comments to finish that,
      // never trusting for a write a listed body a person may have edited since.)
      const coldCalls = callsSince(t, coldFrom);
      expect(coldCalls.scanOpenIssuesWithLabel).toBe(11);

      if (process.env.REPORT_FIGURES) {
        console.log(
          JSON.stringify({
            openingTickMs: Math.round(openingMs),
            idleTickMs: Math.round(idleMs),
            idleCalls: calls,
            idleConditional: answered,
            coldTickMs: Math.round(coldMs),
            coldCalls: callsSince(t, coldFrom),
            coldConditional: {
              hits: coldAfter.hits - coldBefore.hits,
              misses: coldAfter.misses - coldBefore.misses,
            },
          }),
        );
      }
    },
  );
});
