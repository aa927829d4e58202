import { COMMANDS } from './commands/registry.js';
import type { AdvisoryPilotConfig } from './config/schema.js';
import { decideEffectResult } from './domain/after-effect.js';
import type { Case } from './domain/case.js';
import type { DecideContext } from './domain/decide-context.js';
import { decide, type Decision } from './domain/decide.js';
import type { Effect } from './domain/effects.js';
import { fold } from './domain/fold.js';
import type { Input } from './domain/inputs.js';
import type { CaseRecord } from './domain/records.js';
import { renderStatusSection } from './domain/render/status-section.js';
import { executeEffect } from './effects/execute-effect.js';
import type { GitHubPort } from './github/port.js';
import type { KeyedQueue } from './queue.js';
import { caseMarker } from './store/case-index.js';
import {
  appendRecords,
  ensureStatus,
  loadCase,
  type StoreIdentity,
  type TrackingRef,
} from './store/case-store.js';
import { assertPrivate, type PrivacyCache } from './store/tracking-guard.js';

/** The logger calls the pipeline makes (Probot's pino logger satisfies it). */
export interface PipelineLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Everything the pipeline sequences. */
export interface PipelineDeps {
  github: GitHubPort;
  config: AdvisoryPilotConfig;
  identity: StoreIdentity;
  queue: KeyedQueue;
  now: () => Date;
  log: PipelineLog;
  /** Log the planned records and effects; write nothing. */
  dryRun: boolean;
  privacy: PrivacyCache;
  fetchText: (url: string) => Promise<string>;
}

/** What one run did, for logs, metrics and tests. */
export interface PipelineResult {
  records: number;
  effects: string[];
  replies: number;
  state: Case | undefined;
}

/** A bound on effect chains (an effect's result may set off more effects). */
const MAX_EFFECTS_PER_RUN = 25;

/**
 * The one orchestrator: load the case from its tracking issue, decide, record intent, carry out
 * effects, record results, render the status. One run at a time per case (keyed queue).
 */
export function runCase(
  deps: PipelineDeps,
  tracking: TrackingRef,
  input: Input,
): Promise<PipelineResult> {
  return deps.queue.run(`${tracking.repo}#${tracking.issue}`, () =>
    runLocked(deps, tracking, input),
  );
}

async function runLocked(
  deps: PipelineDeps,
  tracking: TrackingRef,
  input: Input,
): Promise<PipelineResult> {
  const { github, identity } = deps;
  await assertPrivate(github, deps.privacy, tracking.repo);
  const loaded = await loadCase(github, tracking, identity);
  const records = [...loaded.records];
  // A redelivered webhook or a repeated tick: its records are already there, so nothing is
  // decided again; it only finishes effects a crashed run left between intent and result.
  const repeated = records.some((r) => r.delivery === input.delivery);
  if (repeated && loaded.folded.unfinished.length === 0) {
    await renderStatus(deps, tracking, loaded.folded);
    return { records: 0, effects: [], replies: 0, state: loaded.folded.case };
  }
  const result: PipelineResult = { records: 0, effects: [], replies: 0, state: loaded.folded.case };
  const ctx = (): DecideContext => ({
    now: deps.now(),
    config: deps.config,
    appLogin: identity.botLogin,
    commands: COMMANDS,
    timeline: fold(records).timeline,
  });

  const write = async (decision: Decision, intents: readonly Effect[]): Promise<void> => {
    const intentRecords: CaseRecord[] = intents.map((effect) => ({
      v: 1,
      id: `${decision.records[0]?.id ?? input.delivery}:intent:${effect.key}`,
      at: deps.now().toISOString(),
      by: identity.botLogin,
      delivery: input.delivery,
      type: 'effect-intent',
      effect,
    }));
    const all = [...decision.records, ...intentRecords];
    if (deps.dryRun) {
      deps.log.info(
        { tracking, records: all, reply: decision.reply },
        'dry run: would append records',
      );
    } else {
      await appendRecords(github, tracking, decision.reply, all, identity.secret);
    }
    records.push(...all);
    result.records += all.length;
    if (decision.reply) result.replies++;
  };

  for (const suspicious of loaded.suspicious) {
    deps.log.warn({ tracking, ...suspicious }, 'untrusted record ignored');
    await write(
      {
        records: [
          {
            v: 1,
            id: `flag:${suspicious.commentId}`,
            at: deps.now().toISOString(),
            by: identity.botLogin,
            type: 'flag',
            commentId: suspicious.commentId,
            reason: suspicious.reason,
            note: 'Untrusted record ignored',
          },
        ],
        effects: [],
        reply: `⚠️ Ignored a hidden record in comment ${suspicious.commentId} by \`${suspicious.author}\`: ${suspicious.reason}. Only records written and signed by the App count.`,
      },
      [],
    );
  }

  // Finish what a previous run started but did not record (crash between intent and result).
  const queue: Effect[] = [...loaded.folded.unfinished];
  const decision = repeated
    ? { records: [], effects: [] }
    : decide(fold(records).case, input, ctx());
  if (decision.records.length > 0 || decision.reply || decision.effects.length > 0) {
    await write(decision, decision.effects);
    queue.push(...decision.effects);
  }

  for (let count = 0; queue.length > 0 && count < MAX_EFFECTS_PER_RUN; count++) {
    const effect = queue.shift();
    const state = fold(records).case;
    if (!effect || !state) break;
    result.effects.push(effect.kind);
    if (deps.dryRun) {
      deps.log.info({ tracking, effect }, 'dry run: would carry out effect');
      continue;
    }
    const outcome = await executeEffect(effect, {
      github,
      state,
      config: deps.config,
      tracking,
      fetchText: deps.fetchText,
    });
    if (!outcome.ok)
      deps.log.warn(
        { tracking, effect: effect.key, error: outcome.error },
        'effect refused or failed',
      );
    const follow = decideEffectResult(
      state,
      effect,
      outcome,
      ctx(),
      `${input.delivery}:${effect.key}`,
    );
    await write(follow, follow.effects);
    queue.push(...follow.effects);
  }

  const final = fold(records);
  result.state = final.case;
  // A repeat re-renders too: the run it repeats may have died after its records, before this.
  if (result.records > 0 || repeated) await renderStatus(deps, tracking, final);
  return result;
}

/** Writes the status section of the folded case (only when its text changed). */
async function renderStatus(
  deps: PipelineDeps,
  tracking: TrackingRef,
  folded: ReturnType<typeof fold>,
): Promise<void> {
  if (!folded.case || deps.dryRun) return;
  const marker = caseMarker({ repo: folded.case.repo, ghsaId: folded.case.ghsaId });
  await ensureStatus(
    deps.github,
    tracking,
    renderStatusSection(folded.case, folded.timeline, { now: deps.now(), config: deps.config }),
    marker,
  );
}
