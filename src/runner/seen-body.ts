import { decodeCaseFile } from '../domain/case-file-codec.js';
import type { LoadedCaseFile, TrackingRef } from '../store/case-file-store.js';
import { caseKeyOf } from './case-memory.js';
import type { RunnerDeps } from './runner-deps.js';

/** A tracking-issue body a job already holds, and why it may stand in for a read. */
export interface SeenBody {
  body: string;
  /**
   * `event`: the webhook's issue or the tick's read, current when it shows the revision this
   * instance last read or wrote; `created`: the body of the issue this job just created.
   */
  from: 'event' | 'created';
}

/**
 * The case file from a body the job already holds, when it provably is what GitHub has: the
 * revision matches the one this instance last read or wrote (an App write since would have
 * moved it; a person's edit of the report before the event is in the body itself), or the job
 * created the issue with it. Anything else (a restart, another writer, no case file) is read.
 */
export function loadSeenBody(
  deps: Pick<RunnerDeps, 'identity' | 'memory'>,
  tracking: TrackingRef,
  seen: SeenBody | undefined,
): LoadedCaseFile | undefined {
  if (!seen) return undefined;
  const read = decodeCaseFile(seen.body, tracking, deps.identity.secret);
  if (read.kind === 'absent' && seen.from === 'created') return { kind: 'absent', body: seen.body };
  if (read.kind !== 'found') return undefined;
  const last = deps.memory.revs.get(caseKeyOf(tracking));
  return last === read.file.rev ? { kind: 'found', body: seen.body, file: read.file } : undefined;
}

/** Remembers the revision this instance read or wrote last. */
export function rememberRev(
  deps: Pick<RunnerDeps, 'memory'>,
  tracking: TrackingRef,
  rev: number | undefined,
): void {
  const key = caseKeyOf(tracking);
  if (rev === undefined) deps.memory.revs.delete(key);
  else deps.memory.revs.set(key, rev);
}

/** The body of a tracking issue a job just created, as its seen body. */
export function createdBody(ref: { created: boolean; body?: string }): SeenBody | undefined {
  return ref.created && ref.body !== undefined ? { body: ref.body, from: 'created' } : undefined;
}
