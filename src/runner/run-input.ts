import type { Input } from '../domain/inputs.js';
import type { JobOrigin } from '../domain/job-comment.js';
import type { TrackingRef } from '../store/case-file-store.js';
import { runCaseJob, type RunResult } from './run-case.js';
import type { RunnerDeps } from './runner-deps.js';
import type { SeenBody } from './seen-body.js';

/** Whom an input's comment answers: a command its comment, a ticked box its person, else nobody. */
export function originOfInput(input: Input): JobOrigin {
  if (input.type === 'command') return { kind: 'comment', commentId: input.commentId };
  if (input.type === 'checkbox-toggled') return { kind: 'person' };
  return { kind: 'event' };
}

/** Runs a job of one input (an event, a tick, a poll), keyed by the input's delivery. */
export function runInput(
  deps: RunnerDeps,
  tracking: TrackingRef,
  input: Input,
  /** The job created the tracking issue just now; the body it already holds (see `SeenBody`). */
  options: { newIssue?: boolean; seen?: SeenBody | undefined } = {},
): Promise<RunResult> {
  return runCaseJob(deps, tracking, {
    key: input.delivery,
    origin: originOfInput(input),
    inputs: [input],
    ...(options.newIssue ? { newIssue: true } : {}),
    ...(options.seen ? { seen: options.seen } : {}),
  });
}
