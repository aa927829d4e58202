import { COMMANDS } from '../commands/registry.js';
import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case } from '../domain/case.js';
import type { CaseFile } from '../domain/case-file.js';
import { decide } from '../domain/decide.js';
import { expectedCase } from '../domain/effect-plan.js';
import type { Input } from '../domain/inputs.js';
import { dueReminders } from '../domain/reminders.js';
import type { IssueComment, PolledAdvisory } from '../github/port.js';
import { resolveActor } from '../github/resolve-actor.js';
import { caseKeyOf } from '../runner/case-memory.js';
import { runCaseJob } from '../runner/run-case.js';
import { waitingJobs } from '../runner/recover.js';
import { runInput } from '../runner/run-input.js';
import type { SeenBody } from '../runner/seen-body.js';
import type { CaseKey } from '../store/case-index.js';
import { caseFileFromBody, loadCaseFile, type TrackingRef } from '../store/case-file-store.js';
import type { InstallationAccess } from './app-port.js';
import { commandLabel } from './instrument.js';
import { supersededReminders } from './superseded-reminders.js';
import { pipelineDeps, type VisitContext } from './tick-scope.js';
import { unansweredComments } from './unanswered-commands.js';

/** One case as the tick visits it. */
export interface CaseVisit {
  ctx: VisitContext;
  access: InstallationAccess;
  ref: TrackingRef;
  key: CaseKey;
  config: AdvisoryPilotConfig;
  /** The product repositories' advisories, by lower-cased GHSA ID. */
  polled: ReadonlyMap<string, PolledAdvisory>;
  /** This tracking issue's comments changed since the previous tick (one listing per repository). */
  comments: readonly IssueComment[];
  /** The tracking issue's body, when a listing just carried it (else it is read). */
  body?: string;
  /** What GitHub showed about events the case waits on (their webhooks may have been lost). */
  observed?: readonly Input[];
}

/** What a visit leaves for the next tick. */
export interface VisitedCase {
  /** The case as it stands afterwards (for the dashboard and the index); none when unreadable. */
  state?: Case;
  /** Something is left that nothing on GitHub will announce (an outdated reminder to minimize). */
  revisit: boolean;
  /** The tracking issue's body as the visit read it. */
  body: string;
  /** The visit wrote to GitHub (the tick then pauses: content creation is rate-limited). */
  wrote: boolean;
}

/**
 * Whether running the input would change anything. Asked of the pure core before the runner
 * runs, so an idle case costs one conditional read (its body, answered 304) and no write.
 */
function wouldChange(visit: CaseVisit, state: Case, input: Input): boolean {
  const decision = decide(state, input, {
    now: visit.ctx.now(),
    config: visit.config,
    appLogin: visit.ctx.identity.botLogin,
    commands: COMMANDS,
  });
  return (
    decision.records.length > 0 ||
    decision.effects.length > 0 ||
    (decision.reply ?? decision.notice) !== undefined
  );
}

/** When the case opened: its first log line (or the first archived one). */
function openedAt(file: CaseFile): string {
  return file.archived[0]?.from ?? file.log[0]?.at ?? file.case.reportedAt;
}

/**
 * Visits one open case: answers the commands nobody answered, records what changed on the
 * advisory in GitHub's UI, sends the reminders that are due, and minimizes reminders that are
 * outdated. Everything that changes the case goes through the runner. Returns the case as it
 * stands afterwards (for the dashboard).
 */
export async function visitCase(visit: CaseVisit): Promise<VisitedCase> {
  const { ctx, access, ref, config } = visit;
  const deps = pipelineDeps(ctx, access.github, config);
  const loaded =
    visit.body === undefined
      ? await loadCaseFile(access.github, ref, ctx.identity, ctx.now())
      : await caseFileFromBody(access.github, ref, ctx.identity, ctx.now(), visit.body);
  const seen = visit.key.ghsaId ? visit.polled.get(visit.key.ghsaId.toLowerCase()) : undefined;
  if (loaded.kind === 'unreadable') {
    // The runner reports it (once) and changes nothing.
    await runInput(deps, ref, {
      type: 'tick',
      delivery: `tick:#${String(ref.issue)}:${ctx.minute}`,
    });
    return { revisit: true, body: loaded.body, wrote: false };
  }
  if (loaded.kind === 'absent') {
    // The tracking issue exists but the case never opened (a crash right after creating it).
    if (seen?.advisory.state !== 'triage' || seen.advisory.repo !== visit.key.repo)
      return { revisit: true, body: loaded.body, wrote: false };
    const opened = await runInput(deps, ref, {
      type: 'report-received',
      delivery: `poll:${seen.advisory.ghsaId}:reported`,
      advisory: seen.advisory,
      tracking: ref,
    });
    if (opened.writes > 0) ctx.summary.opened++;
    return {
      ...(opened.state ? { state: opened.state } : {}),
      revisit: !opened.state,
      body: loaded.body,
      wrote: opened.writes > 0,
    };
  }
  const file = loaded.file;
  // Read outside the case's lock: the runner uses it only while no write has moved the revision.
  const read: SeenBody = { body: loaded.body, from: 'event' };
  let state = expectedCase(file);
  // The case file as the latest run left it: the comments the minimizing below must know.
  let latest = file;
  // Work a previous run left (not known done by this process) is finished by the next run.
  const known = new Set((ctx.state.cases.sent.get(caseKeyOf(ref)) ?? []).map((s) => s.job));
  let wrote = Boolean(loaded.migrated) || waitingJobs(file).some((job) => !known.has(job));

  for (const { comment, commands } of unansweredComments(
    visit.comments,
    state,
    openedAt(file),
    ctx.identity.botLogin,
    ctx.now(),
    ctx.options.commandGraceMs,
  )) {
    const result = await runCaseJob(deps, ref, {
      seen: read,
      key: `replay:${String(comment.id)}`,
      origin: { kind: 'comment', commentId: comment.id },
      inputs: async (current) => {
        const actor = await resolveActor(
          access.github,
          ctx.state.actors,
          comment.author,
          ref.repo,
          current?.repo,
          config.tracking.team,
          ctx.now().getTime(),
        );
        return commands.map((command): Input => ({
          type: 'command',
          delivery: `replay:${String(comment.id)}:${String(command.index)}`,
          commentId: comment.id,
          index: command.index,
          name: command.name,
          argsText: command.argsText,
          actor,
        }));
      },
    });
    state = result.state ?? state;
    latest = result.file ?? latest;
    wrote ||= result.writes > 0;
    for (const command of commands)
      ctx.metrics.commands.inc({ name: commandLabel(command.name), outcome: 'replayed' });
    ctx.summary.commands += commands.length;
  }

  if (seen && seen.advisory.repo === state.repo) {
    const delivery = `poll:${seen.advisory.ghsaId}:${seen.updatedAt}`;
    const input: Input = { type: 'advisory-observed', delivery, advisory: seen.advisory };
    if (!file.deliveries.includes(delivery) && wouldChange(visit, state, input)) {
      const result = await runInput(deps, ref, input, { seen: read });
      state = result.state ?? state;
      latest = result.file ?? latest;
      wrote ||= result.writes > 0;
      ctx.summary.observed++;
    }
  }

  for (const input of visit.observed ?? []) {
    if (file.deliveries.includes(input.delivery) || !wouldChange(visit, state, input)) continue;
    const result = await runInput(deps, ref, input, { seen: read });
    state = result.state ?? state;
    latest = result.file ?? latest;
    wrote ||= result.writes > 0;
    ctx.summary.observed++;
  }

  const tick: Input = { type: 'tick', delivery: `tick:#${String(ref.issue)}:${ctx.minute}` };
  if (wrote || wouldChange(visit, state, tick)) {
    const due = dueReminders(state, ctx.now(), config);
    const result = await runInput(deps, ref, tick, { seen: read });
    state = result.state ?? state;
    latest = result.file ?? latest;
    if (result.comments > 0) {
      for (const reminder of due) ctx.metrics.remindersSent.inc({ kind: reminder.kind });
      ctx.summary.reminders += due.length;
    }
    wrote ||= result.writes > 0;
  }

  const left = await minimizeOutdated(visit, latest, state);
  return { state, revisit: left, body: loaded.body, wrote };
}

/**
 * Minimizes outdated reminder comments, each once per process, within the tick's budget;
 * true when the budget ran out before the last of them.
 */
async function minimizeOutdated(visit: CaseVisit, file: CaseFile, state: Case): Promise<boolean> {
  const { ctx, access } = visit;
  const sent = ctx.state.cases.sent.get(caseKeyOf(visit.ref)) ?? [];
  // Posted comments the file does not record yet; the file may hold some already (caught up).
  const recorded = new Set(file.comments.map((c) => c.id));
  const known = [
    ...file.comments,
    ...sent.map((s) => s.comment).filter((c) => !recorded.has(c.id)),
  ];
  for (const comment of supersededReminders(known, state)) {
    const nodeId = comment.nodeId ?? '';
    if (ctx.memory.minimized.has(nodeId)) continue;
    if (ctx.minimizeBudget.left <= 0) return true;
    ctx.minimizeBudget.left--;
    if (ctx.state.options.dryRun) {
      ctx.log.info({ tracking: visit.ref, comment: comment.id }, 'dry run: would minimize');
    } else {
      await access.github.minimizeComment(nodeId);
    }
    ctx.memory.minimized.add(nodeId);
    ctx.summary.minimized++;
  }
  return false;
}
