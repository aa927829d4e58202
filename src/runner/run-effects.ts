import { withComment, type OutboxEntry, type PendingEffect } from '../domain/case-file.js';
import { commentDigest } from '../domain/case-file-codec.js';
import type { DecideContext } from '../domain/decide-context.js';
import {
  confirmPosted,
  groupEffects,
  mergedUpdate,
  planEffects,
  settleEffect,
} from '../domain/effect-plan.js';
import { withOutcomes, type JobOrigin } from '../domain/job-comment.js';
import { executeEffect } from '../effects/execute-effect.js';
import type { CaseSession } from './case-session.js';
import { remember } from './recover.js';

/** A bound on effect chains (an effect's result may set off more effects). */
const MAX_EFFECTS_PER_JOB = 25;

/** Where a job's comment goes, known from its outbox entry or its pending effects. */
function originOf(entry: OutboxEntry | undefined, pending: readonly PendingEffect[]): JobOrigin {
  const replyTo = entry?.replyTo ?? pending.find((p) => p.replyTo !== undefined)?.replyTo;
  if (replyTo !== undefined) return { kind: 'comment', commentId: replyTo };
  return entry?.kind === 'reply' ? { kind: 'person' } : { kind: 'event' };
}

/** What running a job's effects has done so far. */
interface Progress {
  /** Keys of the effects that succeeded as expected (the comment's signed reference names them). */
  done: string[];
  /** What a person is told about the effects that did not go as expected. */
  outcomes: { text: string; failed: boolean }[];
  /** Whether the case file changed beyond what the comment confirms (a second write is due). */
  needWrite: boolean;
}

/**
 * Finishes one job: carries out its pending effects (each group of advisory updates as one
 * write), then posts its comment with the signed list of effects that succeeded as expected.
 * Effects that returned data, failed, or set off more effects are recorded by a second write;
 * when all went as expected the comment is the only write after the intent. A fault that stops
 * the job keeps what its effects did so far (one write), so a rerun repeats none of them. A job
 * whose comment already went out (the run that posted it died before recording the effects'
 * data) has what its effects did said already: only a failure is posted again.
 */
export async function finishJob(
  session: CaseSession,
  job: string,
  ctx: () => DecideContext,
  options: { recovered: boolean; posted: boolean },
): Promise<void> {
  const origin = originOf(
    session.file.outbox.find((o) => o.job === job),
    session.file.pending.filter((p) => p.job === job),
  );
  const progress: Progress = { done: [], outcomes: [], needWrite: false };
  const said = () =>
    options.posted ? progress.outcomes.filter((o) => o.failed) : progress.outcomes;
  try {
    await runEffects(session, job, origin, ctx, options.recovered, progress);
  } catch (error) {
    if (progress.done.length > 0 || progress.needWrite) {
      const entry = withOutcomes(
        session.file.outbox.find((o) => o.job === job),
        said(),
        origin,
        job,
        session.deps.now().toISOString(),
      );
      await keepProgress(session, job, progress.done, entry);
    }
    throw error;
  }
  await postJobComment(session, job, origin, progress.done, said(), progress.needWrite);
}

async function runEffects(
  session: CaseSession,
  job: string,
  origin: JobOrigin,
  ctx: () => DecideContext,
  recovered: boolean,
  progress: Progress,
): Promise<void> {
  const { deps, tracking } = session;
  let ran = 0;
  let queue = session.file.pending.filter((p) => p.job === job);
  while (queue.length > 0 && ran < MAX_EFFECTS_PER_JOB) {
    const follow: PendingEffect[] = [];
    for (const group of groupEffects(queue.map((p) => p.effect))) {
      ran += group.length;
      const entries = group.flatMap((e) => queue.filter((p) => p.effect.key === e.key));
      const outcome = await executeEffect(mergedUpdate(group), {
        github: session.github,
        state: session.file.case,
        config: deps.config,
        tracking,
        fetchText: deps.fetchText,
        recovered,
      });
      if (!outcome.ok)
        deps.log.warn(
          { tracking, effect: group.map((e) => e.key), error: outcome.error },
          'effect refused or failed',
        );
      if (outcome.ok && outcome.data === undefined && entries.every((e) => e.expected)) {
        progress.done.push(...entries.map((e) => e.effect.key));
        continue;
      }
      progress.needWrite = true;
      for (const entry of entries) {
        const settled = settleEffect(session.file, entry, outcome, ctx());
        session.file = settled.file;
        if (settled.text) progress.outcomes.push({ text: settled.text, failed: !outcome.ok });
        // A notice is said like a failure: someone must act on it, whoever set the effect off.
        if (settled.notice) progress.outcomes.push({ text: settled.notice, failed: true });
        if (settled.effects.length > 0)
          follow.push(
            ...planEffects(
              session.file.case,
              settled.effects,
              { key: job, ...(origin.kind === 'comment' ? { replyTo: origin.commentId } : {}) },
              ctx(),
            ),
          );
      }
    }
    // What a result sets off needs no intent of its own: until the job's results are written,
    // the effect that set it off is still pending on GitHub, and finishing that again (checked
    // first) decides the same follow-ups again.
    session.file = { ...session.file, pending: [...session.file.pending, ...follow] };
    queue = follow;
  }
}

/**
 * Records what a job did before a fault stopped it: the effects done as expected are applied,
 * the results already settled stay, and the job's comment (with what was said so far) waits in
 * the outbox for the next run.
 */
async function keepProgress(
  session: CaseSession,
  job: string,
  done: readonly string[],
  entry: OutboxEntry | undefined,
): Promise<void> {
  const kept = confirmPosted(session.file, job, done, session.deps.identity.botLogin);
  session.file = { ...kept, outbox: entry ? [...kept.outbox, entry] : kept.outbox };
  await session.save({ reread: true });
}

async function postJobComment(
  session: CaseSession,
  job: string,
  origin: JobOrigin,
  done: string[],
  outcomes: { text: string; failed: boolean }[],
  needWrite: boolean,
): Promise<void> {
  const { deps, tracking } = session;
  const by = deps.identity.botLogin;
  const at = deps.now().toISOString();
  const entry = withOutcomes(
    session.file.outbox.find((o) => o.job === job),
    outcomes,
    origin,
    job,
    at,
  );
  if (!entry) {
    if (done.length > 0 || needWrite) {
      session.file = confirmPosted(session.file, job, done, by);
      await session.save({ reread: true });
    }
    return;
  }
  let posted;
  try {
    posted = await session.post(entry, done);
  } catch (error) {
    // The effects ran: their results are kept, and the comment waits in the outbox.
    await keepProgress(session, job, done, entry);
    throw error;
  }
  const comment = {
    id: posted.id,
    nodeId: posted.nodeId,
    kind: entry.kind,
    key: entry.key,
    digest: commentDigest(posted.body),
    ...(entry.replyTo === undefined ? {} : { replyTo: entry.replyTo }),
  };
  if (needWrite) {
    session.file = withComment(confirmPosted(session.file, job, done, by), comment);
    await session.save({ reread: true });
  } else {
    remember(deps, tracking, { job, comment, done });
  }
}
