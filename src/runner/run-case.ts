import { COMMANDS } from '../commands/registry.js';
import { plural } from '../domain/render/context.js';
import type { Case } from '../domain/case.js';
import type { CaseFile } from '../domain/case-file.js';
import { decideJob } from '../domain/case-file-changes.js';
import type { DecideContext } from '../domain/decide-context.js';
import { closingWithIntent, planEffects } from '../domain/effect-plan.js';
import type { Input } from '../domain/inputs.js';
import { composeJobComment, type JobOrigin } from '../domain/job-comment.js';
import { loadCaseFile, type TrackingRef } from '../store/case-file-store.js';
import { assertPrivate } from '../store/tracking-guard.js';
import { CaseSession } from './case-session.js';
import { caseKeyOf } from './case-memory.js';
import { dryRunPort } from './dry-run-port.js';
import { flagChangedComment, type ChangedComment } from './flag-comment.js';
import { catchUp, forgetRecorded, waitingJobs } from './recover.js';
import { finishJob } from './run-effects.js';
import type { RunnerDeps } from './runner-deps.js';
import { reportUnreadable } from './unreadable.js';
import { loadSeenBody, rememberRev, type SeenBody } from './seen-body.js';

/** One job for one case: its inputs, decided in order, and who its comment answers. */
export interface CaseJob {
  /** The delivery GUID or scheduler key: keys the job's pending effects and its comment. */
  key: string;
  origin: JobOrigin;
  /** The inputs, or a function building them under the lock from the case as loaded. */
  inputs: readonly Input[] | ((state: Case | undefined) => Promise<readonly Input[]>);
  /** A line added to the job's reply (a comment too long to read whole). */
  trailer?: string;
  /** The job created the tracking issue just now (nothing older to migrate from its comments). */
  newIssue?: boolean;
  /** An App comment someone else edited or deleted: flagged once. */
  changedComment?: ChangedComment;
  /** The tracking issue's body as the job already has it (saves the read when current). */
  seen?: SeenBody;
}

/** What one run did, for logs, metrics and tests. */
export interface RunResult {
  /** Writes of the case file. */
  writes: number;
  /** Comments posted. */
  comments: number;
  effects: string[];
  state: Case | undefined;
  /** The case file as the run left it, with what it caught up on (comments it knows posted). */
  file: CaseFile | undefined;
}

/**
 * The one path through the App: under the case's lock, load the case file once, finish what a
 * previous run left (effects without a result, a comment not known posted), decide every input
 * of the job, write the intent (case file and status in one PATCH), carry out the effects, post
 * one comment, and record the results when they were not what was expected.
 */
export function runCaseJob(
  deps: RunnerDeps,
  tracking: TrackingRef,
  job: CaseJob,
): Promise<RunResult> {
  return deps.queue.run(caseKeyOf(tracking), () => runLocked(deps, tracking, job));
}

function contextOf(deps: RunnerDeps, file: CaseFile | undefined): DecideContext {
  return {
    now: deps.now(),
    config: deps.config,
    appLogin: deps.identity.botLogin,
    commands: COMMANDS,
    timeline: file?.log ?? [],
  };
}

async function runLocked(
  deps: RunnerDeps,
  tracking: TrackingRef,
  job: CaseJob,
): Promise<RunResult> {
  const github = deps.dryRun ? dryRunPort(deps.github, deps.log) : deps.github;
  await assertPrivate(github, deps.privacy, tracking.repo);
  const now = deps.now();
  const loaded =
    loadSeenBody(deps, tracking, job.seen) ??
    (await loadCaseFile(github, tracking, deps.identity, now, job.newIssue ?? false));
  rememberRev(
    deps,
    tracking,
    loaded.kind === 'found' && !loaded.migrated ? loaded.file.rev : undefined,
  );
  const result: RunResult = {
    writes: 0,
    comments: 0,
    effects: [],
    state: undefined,
    file: undefined,
  };
  if (loaded.kind === 'unreadable') {
    result.comments += await reportUnreadable(deps, github, tracking, loaded.body, loaded.reason);
    return result;
  }
  let file = loaded.kind === 'found' ? loaded.file : undefined;
  let dirty = false;
  if (loaded.kind === 'found' && loaded.migrated) {
    dirty = true;
    file = {
      ...loaded.file,
      log: [
        ...loaded.file.log,
        {
          at: now.toISOString(),
          by: deps.identity.botLogin,
          note: `Case file migrated from version 1 (${plural(loaded.migrated.records, 'signed record')})`,
        },
      ],
    };
    deps.log.info({ tracking, ...loaded.migrated }, 'v1 case migrated to a case file');
  }
  const caught = file ? await catchUp(deps, tracking, file, github) : undefined;
  if (caught) file = caught.file;
  // What a previous run left unfinished goes first, checked before it is done again.
  const leftover = file ? waitingJobs(file) : [];

  if (file && job.changedComment) {
    const flagged = flagChangedComment(deps, tracking, file, job.changedComment, job.key);
    file = flagged.file;
    dirty ||= flagged.changed;
  }
  const inputs = typeof job.inputs === 'function' ? await job.inputs(file?.case) : job.inputs;
  const before = file?.case;
  const decided = decideJob(file, inputs, contextOf(deps, file));
  for (const problem of decided.problems) deps.log.warn({ tracking, problem }, 'change skipped');
  if (!decided.file) {
    result.comments += await answerWithoutCase(
      deps,
      github,
      tracking,
      decided.answers.map((a) => a.text),
    );
    return result;
  }
  file = decided.file;
  const at = now.toISOString();
  let entry = composeJobComment(job.key, job.origin, decided.answers, before, file.case, at);
  if (entry && job.trailer && decided.changed)
    entry = { ...entry, text: `${entry.text}\n\n${job.trailer}` };
  const replyTo = job.origin.kind === 'comment' ? job.origin.commentId : undefined;
  const fresh = planEffects(
    file.case,
    decided.effects,
    { key: job.key, ...(replyTo === undefined ? {} : { replyTo }) },
    contextOf(deps, file),
  );
  file = {
    ...file,
    pending: [...file.pending, ...fresh],
    outbox: entry ? [...file.outbox, entry] : file.outbox,
  };
  dirty ||= decided.changed || fresh.length > 0 || entry !== undefined;
  const session = new CaseSession(deps, github, tracking, loaded.body, file);
  const closing = closingWithIntent(session.file, job.key, deps.identity.botLogin);
  if (closing) {
    session.file = closing.file;
    await session.save({ close: closing.reason });
  } else if (dirty) await session.save();
  const ctx = () => contextOf(deps, session.file);
  result.effects = session.file.pending.map((p) => p.effect.kind);
  for (const waiting of leftover)
    await finishJob(session, waiting, ctx, {
      recovered: true,
      posted: caught?.posted.has(waiting) ?? false,
    });
  const own = (j: { job: string }) => j.job === job.key;
  // A job run again under the same key (a tick in the same minute) was finished as leftover.
  if (
    !leftover.includes(job.key) &&
    (session.file.pending.some(own) || session.file.outbox.some(own))
  )
    await finishJob(session, job.key, ctx, { recovered: false, posted: false });
  if (session.writes > 0) forgetRecorded(deps, tracking, session.file);
  result.writes = session.writes;
  result.comments = session.comments;
  result.state = session.file.case;
  result.file = session.file;
  return result;
}

/** A command on an issue that is no tracking issue: answered, nothing stored. */
async function answerWithoutCase(
  deps: RunnerDeps,
  github: RunnerDeps['github'],
  tracking: TrackingRef,
  answers: readonly string[],
): Promise<number> {
  if (answers.length === 0) return 0;
  await github.createComment(tracking.repo, tracking.issue, answers.join('\n\n'));
  deps.log.info({ tracking }, 'answered on an issue without a case');
  return 1;
}
