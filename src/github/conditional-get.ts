import type { ProbotOctokit } from 'probot';
import type { ConditionalCache } from './conditional-cache.js';

/** An installation's Octokit (Probot's `context.octokit`). */
export type Octokit = InstanceType<typeof ProbotOctokit>;

/** Listings are read 100 at a time, GitHub's largest page. */
export const PER_PAGE = 100;

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error
    ? Number(error.status)
    : undefined;
}

/** A GET that sends the cached ETag and answers a `304` from the cache. */
export interface ConditionalGet {
  <M>(
    key: string,
    route: string,
    params: Record<string, unknown>,
    map: (data: unknown, headers: ResponseHeaders) => M,
    /**
     * What the cache keeps of the mapped data, and so what a 304 returns (all of it unless
     * said): a change feed keeps no bodies, since a 304 tells it nothing changed.
     */
    keep?: (data: M) => M,
  ): Promise<M>;
  /** Drops a cached answer (a page past the end of a listing that got shorter); false if none. */
  forget(key: string): boolean;
}

/** The response headers a listing reads (its `link` tells whether another page follows). */
export type ResponseHeaders = Readonly<Record<string, string | number | undefined>>;

/** Whether GitHub's `link` header names a next page. */
export function hasNextPage(headers: ResponseHeaders): boolean {
  return /<[^>]*>;\s*rel="next"/.test(String(headers.link ?? ''));
}

/**
 * GET with If-None-Match; a 304 returns the cached data. The cache keeps what `map` makes of a
 * response, not the response: an idle tick over thousands of cases holds every case's comments,
 * and GitHub's comment objects (user, reactions, URLs) are several times the size of the fields
 * the App reads.
 */
export function createConditionalGet(octokit: Octokit, cache: ConditionalCache): ConditionalGet {
  const get = async <M>(
    key: string,
    route: string,
    params: Record<string, unknown>,
    map: (data: unknown, headers: ResponseHeaders) => M,
    keep?: (data: M) => M,
  ): Promise<M> => {
    const cached = cache.get<M>(key);
    try {
      const response = await octokit.request(route, {
        ...params,
        headers: cached ? { 'if-none-match': cached.etag } : {},
      });
      const data = map(response.data, response.headers);
      const etag = response.headers.etag;
      if (etag) cache.set(key, { etag, data: keep ? keep(data) : data });
      cache.count(false);
      return data;
    } catch (error) {
      if (statusOf(error) === 304 && cached) {
        cache.count(true);
        return cached.data;
      }
      throw error;
    }
  };
  return Object.assign(get, { forget: (key: string) => cache.delete(key) });
}
