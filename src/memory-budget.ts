/**
 * How much memory the App may hold, in one place: the V8 heap limit the production commands
 * start Node with (`npm start`, the Docker image) and the byte budgets of the two caches that
 * grow with an installation (the tick's index of open cases, the ETag cache). The budgets add up
 * to well under the limit, so the live heap stays flat whatever the number of cases: past its
 * budget an index is dropped and rebuilt from one listing, and the oldest cached pages go.
 */
export const MEMORY_BUDGET = {
  /** V8's old-space limit (`--max-old-space-size`), in megabytes. */
  heapLimitMb: 256,
  /** The tick's indexes of open cases: about 2 KB a case, so some 30,000 cases. */
  indexBytes: 64 * 1024 * 1024,
  /** The ETag cache of conditional reads. */
  cacheBytes: 32 * 1024 * 1024,
} as const;

/** The Node flag that sets the heap limit (also in `package.json`'s `start` and the Dockerfile). */
export const HEAP_LIMIT_FLAG = `--max-old-space-size=${String(MEMORY_BUDGET.heapLimitMb)}`;
