import type { Input } from '../domain/inputs.js';
import type { JobOrigin } from '../domain/job-comment.js';
import type { TrackingRef } from '../store/case-file-store.js';
import { runCaseJob, type RunResult } from './run-case.js';
import type { RunnerDeps } from './runner-deps.js';

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
  options: { newIssue?: boolean } = {},
): Promise<RunResult> {
  return runCaseJob(deps, tracking, {
    key: input.delivery,
    origin: originOfInput(input),
    inputs: [input],
    ...(options.newIssue ? { newIssue: true } : {}),
  });
}
