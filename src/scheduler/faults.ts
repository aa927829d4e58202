/** What an error from GitHub means for the rest of a tick. */
export type Fault =
  /** GitHub is failing or limiting us: stop this installation's tick and retry after a while. */
  | { kind: 'backoff'; status: number; retryAfterMs: number }
  /** The installation is gone (uninstalled, suspended, token revoked): skip it quietly. */
  | { kind: 'gone'; status: number }
  /** Anything else: log it, count it, carry on with the next case. */
  | { kind: 'other'; status: number | undefined };

const DEFAULT_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;

/** The HTTP status of an Octokit error (or a fake's), if it has one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = Number(error.status);
  return Number.isFinite(status) ? status : undefined;
}

function headerOf(error: unknown, name: string): string | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = error.response as { headers?: Record<string, unknown> } | undefined;
  const value = response?.headers?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function waitOf(error: unknown, nowMs: number): number | undefined {
  const retryAfter = Number(headerOf(error, 'retry-after'));
  if (headerOf(error, 'retry-after') !== undefined && Number.isFinite(retryAfter))
    return retryAfter * 1000;
  const reset = Number(headerOf(error, 'x-ratelimit-reset'));
  if (headerOf(error, 'x-ratelimit-remaining') === '0' && Number.isFinite(reset))
    return reset * 1000 - nowMs;
  return undefined;
}

/**
 * Classifies an error: server errors and (secondary) rate limits mean back off — GitHub asks
 * for it with `retry-after` or an exhausted `x-ratelimit-remaining`; 401 means the installation's
 * token no longer works (it was removed mid-tick). A 404 depends on what was asked, so it is
 * left to the caller (an installation that vanished, or only one repository).
 */
export function faultOf(error: unknown, nowMs: number): Fault {
  const status = statusOf(error);
  if (status === undefined) return { kind: 'other', status };
  const wait = waitOf(error, nowMs);
  const message = error instanceof Error ? error.message : '';
  const limited =
    status === 429 || (status === 403 && (wait !== undefined || /rate limit|abuse/i.test(message)));
  if (status >= 500 || limited) {
    const retryAfterMs = Math.min(MAX_BACKOFF_MS, Math.max(0, wait ?? DEFAULT_BACKOFF_MS));
    return { kind: 'backoff', status, retryAfterMs };
  }
  if (status === 401) return { kind: 'gone', status };
  return { kind: 'other', status };
}

/** Carries a fault that must stop the whole installation's tick, past per-case error handling. */
export class InstallationAbort extends Error {
  constructor(
    readonly fault: Extract<Fault, { kind: 'backoff' | 'gone' }>,
    cause: unknown,
  ) {
    super(
      fault.kind === 'backoff'
        ? `GitHub answered ${String(fault.status)}: backing off for ${String(Math.round(fault.retryAfterMs / 1000))} s`
        : `the installation answered ${String(fault.status)}: it is gone`,
      { cause },
    );
    this.name = 'InstallationAbort';
  }
}

/**
 * Rethrows errors that must stop the installation (as {@link InstallationAbort}); returns the
 * others so the caller can log them and go on.
 */
export function abortOn(error: unknown, nowMs: number): Fault {
  if (error instanceof InstallationAbort) throw error;
  const fault = faultOf(error, nowMs);
  if (fault.kind === 'backoff' || fault.kind === 'gone') throw new InstallationAbort(fault, error);
  return fault;
}
