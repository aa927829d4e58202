import { newCaseFile, withDeliveries, type CaseFile } from './case-file.js';
import { decide } from './decide.js';
import type { DecideContext } from './decide-context.js';
import type { Effect } from './effects.js';
import { openCase, patched } from './fold.js';
import type { Input } from './inputs.js';
import type { CaseRecord } from './records.js';

/** A case file after records were applied, with the records that did not fit. */
export interface AppliedRecords {
  file: CaseFile | undefined;
  problems: string[];
}

/**
 * Applies what `decide` returned to a case file: an opening starts the file, a change patches
 * the case (a patch that breaks the schema is reported and skipped, as the v1 fold did), and
 * every note becomes a line of the case log. Effect intents and results are not records any more
 * in v2: the runner keeps them as pending effects.
 */
export function applyRecords(
  file: CaseFile | undefined,
  records: readonly CaseRecord[],
): AppliedRecords {
  const problems: string[] = [];
  let current = file;
  for (const record of records) {
    if (record.type === 'case-opened') {
      if (current) {
        problems.push(`record ${record.id}: the case is already open; second opening ignored`);
        continue;
      }
      current = fromOpening(record);
    } else if (!current) {
      problems.push(`record ${record.id}: ${record.type} before the case was opened; ignored`);
      continue;
    } else if (record.type === 'update' || record.type === 'effect-result') {
      if (record.patch)
        current = { ...current, case: patched(current.case, record.patch, record.id, problems) };
    }
    if (record.note && record.type !== 'case-opened')
      current = {
        ...current,
        log: [...current.log, { at: record.at, by: record.by, note: record.note }],
      };
  }
  return { file: current, problems };
}

function fromOpening(record: Extract<CaseRecord, { type: 'case-opened' }>): CaseFile {
  const log = record.note ? [{ at: record.at, by: record.by, note: record.note }] : [];
  return newCaseFile(openCase(record.opened, record.at), log);
}

/** What one input of a job answered: a reply (or reminder), or a notice someone must act on. */
export interface Answer {
  input: Input;
  text: string;
  notice: boolean;
}

/** What deciding a job's inputs produced, before any effect runs. */
export interface DecidedJob {
  file: CaseFile | undefined;
  /** Effects to carry out, in the order they were decided. */
  effects: Effect[];
  /** The answer to each input that has one, in order: one comment holds them all. */
  answers: Answer[];
  problems: string[];
  /** Whether anything changed (a write is due). */
  changed: boolean;
}

/**
 * Decides every input of one job against the case file, in order, each on the state the
 * previous one left. An input whose delivery key the file has seen is skipped, so a redelivered
 * webhook or a repeated tick changes nothing.
 */
export function decideJob(
  file: CaseFile | undefined,
  inputs: readonly Input[],
  ctx: Omit<DecideContext, 'timeline'>,
): DecidedJob {
  const result: DecidedJob = { file, effects: [], answers: [], problems: [], changed: false };
  for (const input of inputs) {
    if (result.file?.deliveries.includes(input.delivery)) continue;
    const decision = decide(result.file?.case, input, { ...ctx, timeline: result.file?.log ?? [] });
    const applied = applyRecords(result.file, decision.records);
    result.problems.push(...applied.problems);
    const touched = decision.records.length > 0 || decision.effects.length > 0;
    result.file =
      applied.file && touched ? withDeliveries(applied.file, [input.delivery]) : applied.file;
    result.effects.push(...decision.effects);
    if (decision.reply !== undefined)
      result.answers.push({ input, text: decision.reply, notice: false });
    if (decision.notice !== undefined)
      result.answers.push({ input, text: decision.notice, notice: true });
    result.changed ||= touched || result.answers.length > 0;
  }
  return result;
}
