import { COMMANDS } from '../commands/registry.js';
import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Case } from '../domain/case.js';
import { decide } from '../domain/decide.js';
import type { Input } from '../domain/inputs.js';
import { dueReminders } from '../domain/reminders.js';
import type { PolledAdvisory } from '../github/port.js';
import { resolveActor } from '../github/resolve-actor.js';
import { runCase, type PipelineResult } from '../pipeline.js';
import type { CaseKey } from '../store/case-index.js';
import { loadCase, type LoadedCase, type TrackingRef } from '../store/case-store.js';
import type { InstallationAccess } from './app-port.js';
import { commandLabel } from './instrument.js';
import { pause } from './pace.js';
import { supersededReminders } from './superseded-reminders.js';
import { pipelineDeps, type TickContext } from './tick-context.js';
import { unansweredCommands } from './unanswered-commands.js';

/** One case as the tick visits it. */
export interface CaseVisit {
  ctx: TickContext;
  access: InstallationAccess;
  ref: TrackingRef;
  key: CaseKey;
  config: AdvisoryPilotConfig;
  /** The product repositories' advisories, by lower-cased GHSA ID. */
  polled: ReadonlyMap<string, PolledAdvisory>;
}

/**
 * Whether running the input would change anything. Asked of the pure core before the pipeline
 * runs, so an idle case costs one conditional read (its comments, answered 304) and no write.
 */
function wouldChange(visit: CaseVisit, state: Case, input: Input): boolean {
  const decision = decide(state, input, {
    now: visit.ctx.now(),
    config: visit.config,
    appLogin: visit.ctx.identity.botLogin,
    commands: COMMANDS,
  });
  return decision.records.length > 0 || decision.effects.length > 0 || decision.reply !== undefined;
}

/**
 * Visits one open case: answers the commands nobody answered, records what changed on the
 * advisory in GitHub's UI, sends the reminders that are due, and minimizes reminders that are
 * outdated. Returns the case as it stands afterwards (for the dashboard).
 */
export async function visitCase(visit: CaseVisit): Promise<Case | undefined> {
  const { ctx, access, ref, config } = visit;
  const deps = pipelineDeps(ctx, access.github, config);
  const loaded = await loadCase(access.github, ref, ctx.identity);
  let state = loaded.folded.case;
  const progress = { wrote: false };
  const run = async (input: Input): Promise<PipelineResult> => {
    const result = await runCase(deps, ref, input);
    state = result.state ?? state;
    progress.wrote ||= result.records > 0;
    return result;
  };

  const seen = visit.key.ghsaId ? visit.polled.get(visit.key.ghsaId.toLowerCase()) : undefined;
  if (!state) {
    // The tracking issue exists but the case never opened (a crash right after creating it).
    if (seen?.advisory.state !== 'triage' || seen.advisory.repo !== visit.key.repo)
      return undefined;
    const delivery = `poll:${seen.advisory.ghsaId}:reported`;
    const opened = await runCase(deps, ref, {
      type: 'report-received',
      delivery,
      advisory: seen.advisory,
      tracking: ref,
    });
    if (opened.records > 0) ctx.summary.opened++;
    return opened.state;
  }

  for (const { comment, command } of unansweredCommands(
    loaded,
    state,
    ctx.identity.botLogin,
    ctx.now(),
    ctx.options.commandGraceMs,
  )) {
    const actor = await resolveActor(
      access.github,
      ctx.state.actors,
      comment.author,
      ref.repo,
      state.repo,
      config.tracking.team,
      ctx.now().getTime(),
    );
    await run({
      type: 'command',
      delivery: `replay:${String(comment.id)}:${String(command.index)}`,
      commentId: comment.id,
      index: command.index,
      name: command.name,
      argsText: command.argsText,
      actor,
    });
    ctx.metrics.commands.inc({ name: commandLabel(command.name), outcome: 'replayed' });
    ctx.summary.commands++;
  }

  if (seen && seen.advisory.repo === state.repo) {
    const delivery = `poll:${seen.advisory.ghsaId}:${seen.updatedAt}`;
    const input: Input = { type: 'advisory-observed', delivery, advisory: seen.advisory };
    if (!loaded.records.some((r) => r.delivery === delivery) && wouldChange(visit, state, input)) {
      await run(input);
      ctx.summary.observed++;
    }
  }

  const tick: Input = { type: 'tick', delivery: `tick:#${String(ref.issue)}:${ctx.minute}` };
  if (wouldChange(visit, state, tick)) {
    const due = dueReminders(state, ctx.now(), config);
    const result = await run(tick);
    if (result.replies > 0) {
      for (const reminder of due) ctx.metrics.remindersSent.inc({ kind: reminder.kind });
      ctx.summary.reminders += due.length;
    }
  }

  const current = progress.wrote ? await loadCase(access.github, ref, ctx.identity) : loaded;
  const final = current.folded.case ?? state;
  await minimizeOutdated(visit, current, final);
  if (progress.wrote) await pause(ctx.options.pauseMs);
  return final;
}

/** Minimizes outdated reminder comments, each once per process, within the tick's budget. */
async function minimizeOutdated(visit: CaseVisit, loaded: LoadedCase, state: Case): Promise<void> {
  const { ctx, access } = visit;
  for (const comment of supersededReminders(loaded, state)) {
    if (ctx.memory.minimized.has(comment.nodeId)) continue;
    if (ctx.minimizeBudget.left <= 0) return;
    ctx.minimizeBudget.left--;
    if (ctx.state.options.dryRun) {
      ctx.log.info({ tracking: visit.ref, comment: comment.id }, 'dry run: would minimize');
    } else {
      await access.github.minimizeComment(comment.nodeId);
    }
    ctx.memory.minimized.add(comment.nodeId);
    ctx.summary.minimized++;
  }
}
