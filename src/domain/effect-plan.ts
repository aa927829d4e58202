import { mergePackages, packagesOfWrite, vulnerabilitiesWrite } from './advisory-copy.js';
import { decideEffectResult, type EffectOutcome } from './effect-results.js';
import type { Case } from './case.js';
import type { CaseFile, ExpectedChange, LogEntry, PendingEffect } from './case-file.js';
import { applyRecords } from './case-file-changes.js';
import type { DecideContext } from './decide-context.js';
import type { Effect, EffectKind } from './effects.js';
import { patched } from './fold.js';

/**
 * Effects whose success returns no data: what success changes is known before they run, so a
 * job whose effects all succeed confirms them through its comment instead of a second write.
 */
const DATA_LESS: readonly EffectKind[] = [
  'update-advisory',
  'request-cve',
  'advisory-comment',
  'create-branch',
  'bump-versions',
  'close-tracking-issue',
  'minimize-comment',
];

function expectedChanges(
  records: ReturnType<typeof decideEffectResult>['records'],
): ExpectedChange[] {
  return records.flatMap((r) =>
    (r.type === 'update' || r.type === 'effect-result') && (r.patch || r.note)
      ? [{ patch: r.patch ?? {}, ...(r.note ? { note: r.note } : {}) }]
      : [],
  );
}

/**
 * The pending entries for a job's effects, in order: each data-less effect whose success sets
 * nothing else off carries the changes its success makes (computed on the state the effects
 * before it leave, if they succeed as expected).
 */
export function planEffects(
  state: Case,
  effects: readonly Effect[],
  job: { key: string; replyTo?: number },
  ctx: DecideContext,
): PendingEffect[] {
  let current = state;
  const at = ctx.now.toISOString();
  return effects.map((effect) => {
    const base: PendingEffect = {
      effect,
      job: job.key,
      at,
      ...(job.replyTo === undefined ? {} : { replyTo: job.replyTo }),
    };
    if (!DATA_LESS.includes(effect.kind)) return base;
    const success = decideEffectResult(current, effect, { ok: true }, ctx, job.key);
    if (success.effects.length > 0 || success.reply !== undefined) return base;
    const expected = expectedChanges(success.records);
    current = applyExpected(current, expected, []);
    return { ...base, expected };
  });
}

function applyExpected(state: Case, changes: readonly ExpectedChange[], problems: string[]): Case {
  return changes.reduce((s, c, i) => patched(s, c.patch, `expected:${String(i)}`, problems), state);
}

/** The case as it stands once every pending effect with a known outcome has succeeded. */
export function expectedCase(file: CaseFile): Case {
  return file.pending.reduce(
    (s, p) => (p.expected ? applyExpected(s, p.expected, []) : s),
    file.case,
  );
}

/**
 * The case log as it stands once every pending effect with a known outcome has succeeded: the
 * lines their success adds follow, as confirming them adds them. The status section shows this
 * with `expectedCase`, so it reads the same whether the confirmation is written yet or not.
 */
export function expectedLog(file: CaseFile, by: string): LogEntry[] {
  return [
    ...file.log,
    ...file.pending.flatMap((p) =>
      (p.expected ?? []).flatMap((c) => (c.note ? [{ at: p.at, by, note: c.note }] : [])),
    ),
  ];
}

function samePending(a: PendingEffect, job: string, key: string): boolean {
  return a.job === job && a.effect.key === key;
}

/**
 * Confirms what a job's posted comment says: the effects it names as done succeeded as
 * expected (their changes are applied and logged), and its answer went out (the outbox entry
 * is dropped). Effects it does not name stay pending for the next run to finish.
 */
export function confirmPosted(
  file: CaseFile,
  job: string,
  done: readonly string[],
  by: string,
): CaseFile {
  let state = file.case;
  const log = [...file.log];
  const pending: PendingEffect[] = [];
  for (const entry of file.pending) {
    if (entry.job === job && entry.expected && done.includes(entry.effect.key)) {
      state = applyExpected(state, entry.expected, []);
      for (const change of entry.expected)
        if (change.note) log.push({ at: entry.at, by, note: change.note });
    } else {
      pending.push(entry);
    }
  }
  return { ...file, case: state, log, pending, outbox: file.outbox.filter((o) => o.job !== job) };
}

/**
 * The tracking issue's closing when it is a job's only effect: it changes the issue itself, so
 * it rides on the intent's write (one PATCH with the body and the state) and is recorded done
 * there. Any other effect keeps the intent-then-effect order.
 */
export function closingWithIntent(
  file: CaseFile,
  job: string,
  by: string,
): { file: CaseFile; reason: 'completed' | 'not_planned' } | undefined {
  const own = file.pending.filter((p) => p.job === job);
  const only = own.length === 1 ? own[0] : undefined;
  if (only?.effect.kind !== 'close-tracking-issue' || !only.expected) return undefined;
  const outbox = file.outbox;
  const confirmed = confirmPosted(file, job, [only.effect.key], by);
  return { file: { ...confirmed, outbox }, reason: only.effect.reason };
}

/** What settling one effect's outcome did to the case file. */
export interface Settled {
  file: CaseFile;
  /** Effects its outcome sets off: their intent must be written before they run. */
  effects: Effect[];
  /** What a person is told about it (a failure, a fork's instructions, a PR's number). */
  text?: string;
  /** What someone must act on even if nobody asked (the fix public before its time). */
  notice?: string;
}

/**
 * Records an effect's outcome: its pending entry goes, what the outcome means is applied to
 * the case and logged, and a phase whose gate is now met advances.
 */
export function settleEffect(
  file: CaseFile,
  entry: PendingEffect,
  outcome: EffectOutcome,
  ctx: DecideContext,
): Settled {
  const pending = file.pending.filter((p) => !samePending(p, entry.job, entry.effect.key));
  const decision = decideEffectResult(
    file.case,
    entry.effect,
    outcome,
    { ...ctx, timeline: file.log },
    `${entry.job}:${entry.effect.key}`,
  );
  const applied = applyRecords({ ...file, pending }, decision.records);
  return {
    file: applied.file ?? { ...file, pending },
    effects: decision.effects,
    ...(decision.reply === undefined ? {} : { text: decision.reply }),
    ...(decision.notice === undefined ? {} : { notice: decision.notice }),
  };
}

/**
 * Groups a job's effects for execution: every update of the same advisory becomes one write
 * (GitHub takes the fields of `/cvss` and of accepting the report in one PATCH), placed where
 * the first of them was. Each group still settles effect by effect.
 */
export function groupEffects(effects: readonly Effect[]): Effect[][] {
  const groups: Effect[][] = [];
  const byAdvisory = new Map<string, Effect[]>();
  for (const effect of effects) {
    if (effect.kind !== 'update-advisory') {
      groups.push([effect]);
      continue;
    }
    const id = `${effect.repo}/${effect.ghsaId}`;
    const group = byAdvisory.get(id);
    if (group) group.push(effect);
    else {
      const fresh = [effect];
      byAdvisory.set(id, fresh);
      groups.push(fresh);
    }
  }
  return groups;
}

/** The one write a group of advisory updates makes (fields of later updates win). */
export function mergedUpdate(group: readonly Effect[]): Effect {
  const [first, ...rest] = group;
  if (!first) throw new Error('mergedUpdate needs at least one effect');
  if (rest.length === 0 || first.kind !== 'update-advisory') return first;
  const fields = { ...first.fields };
  for (const effect of rest) {
    if (effect.kind !== 'update-advisory') continue;
    // Products are entries to merge by product, not a list where the later one wins.
    const vulnerabilities =
      fields.vulnerabilities && effect.fields.vulnerabilities
        ? vulnerabilitiesWrite(
            mergePackages(
              packagesOfWrite(fields.vulnerabilities),
              packagesOfWrite(effect.fields.vulnerabilities),
            ),
          )
        : (effect.fields.vulnerabilities ?? fields.vulnerabilities);
    Object.assign(fields, effect.fields, vulnerabilities ? { vulnerabilities } : {});
  }
  return { ...first, key: group.map((e) => e.key).join('+'), fields };
}
