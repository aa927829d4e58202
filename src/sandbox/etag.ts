import { createHash } from 'node:crypto';

/** The weak ETag the sandbox sends for a JSON body: equal bodies get equal tags. */
export function etagFor(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('hex')}"`;
}

/**
 * Whether an `If-None-Match` header names `etag`. HTTP (RFC 9110 §13.1.2) compares these tags
 * weakly and allows a list or `*`, so a client that drops the `W/` or sends several cached tags
 * still gets its 304. Tags may contain commas, hence matching quoted tags instead of splitting.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.replace(/^W\//, '');
  const wanted = opaque(etag);
  return [...header.matchAll(/(?:W\/)?"[^"]*"/g)].some((m) => opaque(m[0]) === wanted);
}
