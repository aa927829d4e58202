import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEAP_LIMIT_FLAG, MEMORY_BUDGET } from '../../src/memory-budget.js';
import {
  TrackingIndex,
  TrackingIndexes,
  type IndexedCase,
} from '../../src/scheduler/tracking-index.js';

function entry(n: number): IndexedCase {
  return {
    key: { repo: 'acme/widget', ghsaId: `GHSA-${String(n).padStart(4, '2')}-hj7m-pq9r` },
    digest: 'abcdefghijklmnop',
    config: 'ponmlkjihgfedcba',
    revisit: false,
  };
}

function filled(cases: number): TrackingIndex {
  const index = new TrackingIndex('security-advisory');
  for (let n = 1; n <= cases; n++) index.set(n, entry(n));
  return index;
}

describe('the indexes of open cases', () => {
  it('count their bytes as cases come and go', () => {
    const index = filled(3);
    const three = index.bytes;
    index.set(2, { ...entry(2), revisit: true });
    index.delete(3);
    expect(index.size).toBe(2);
    expect(index.bytes).toBeLessThan(three);
    expect(index.issues()).toEqual([1, 2]);
  });

  it('drop whole indexes, least recently used first, to stay within their budget', () => {
    const one = filled(100).bytes;
    const indexes = new TrackingIndexes(Math.floor(one * 2.5));
    indexes.set('acme/a', filled(100));
    indexes.set('acme/b', filled(100));
    expect(indexes.get('acme/a')).toBeDefined(); // used: b is now the oldest
    indexes.set('acme/c', filled(100));
    expect(indexes.get('acme/b')).toBeUndefined();
    expect(indexes.get('acme/a')).toBeDefined();
    expect(indexes.get('ACME/C')).toBeDefined();
    expect(indexes.bytes).toBeLessThanOrEqual(one * 2.5);
  });

  it('never drop the index just made, even alone over the budget', () => {
    const indexes = new TrackingIndexes(10);
    indexes.set('acme/big', filled(10));
    expect(indexes.get('acme/big')?.size).toBe(10);
  });
});

describe('the memory budget', () => {
  it('leaves room under the heap limit, which the production commands set', () => {
    const limit = MEMORY_BUDGET.heapLimitMb * 1024 * 1024;
    expect(MEMORY_BUDGET.indexBytes + MEMORY_BUDGET.cacheBytes).toBeLessThan(limit / 2);
    const root = new URL('../../', import.meta.url);
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toContain(HEAP_LIMIT_FLAG);
    expect(readFileSync(new URL('Dockerfile', root), 'utf8')).toContain(
      `NODE_OPTIONS=${HEAP_LIMIT_FLAG}`,
    );
  });
});
