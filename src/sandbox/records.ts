/**
 * What the sandbox observed: requests, mismatches with GitHub's description, writes to public
 * repositories. Tests and the demo read these through `/_sandbox/` or the Sandbox object.
 */

export type ViolationKind =
  'undocumented-route' | 'request' | 'response' | 'webhook' | 'unimplemented';

/** A difference between traffic and GitHub's OpenAPI description (or a route we lack). */
export interface Violation {
  at: string;
  method: string;
  path: string;
  operationId?: string;
  kind: ViolationKind;
  message: string;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  operationId?: string;
  status: number;
  /** `app`, `installation:ID`, `user:LOGIN` or `anonymous`. */
  actor: string;
  preview?: true;
}

/** Text that became visible to the world because it was written to a public repository. */
export interface PublicWrite {
  at: string;
  repo: string;
  kind: string;
  text: string;
  actor: string;
}

export interface Records {
  requests: RequestLogEntry[];
  violations: Violation[];
  publicWrites: PublicWrite[];
}

export function createRecords(): Records {
  return { requests: [], violations: [], publicWrites: [] };
}

/** Empties every list in place (seeding starts a new story). */
export function clearRecords(records: Records): void {
  records.requests.length = 0;
  records.violations.length = 0;
  records.publicWrites.length = 0;
}
