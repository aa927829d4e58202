import type { Case } from './case.js';
import type { OutboxEntry } from './case-file.js';
import type { Answer } from './case-file-changes.js';
import type { Input } from './inputs.js';

/** Who a job answers: the human comment it came from, a person's other action, or nobody. */
export type JobOrigin =
  { kind: 'comment'; commentId: number } | { kind: 'person' } | { kind: 'event' };

/**
 * Inputs a person is answered for with a comment. Everything else (a canary that passed, a CVE
 * GitHub assigned, an opened case: the status section shows it) reaches only the case log,
 * unless it is a notice someone must act on.
 */
function answeredByComment(input: Input): boolean {
  return input.type === 'command' || input.type === 'checkbox-toggled' || input.type === 'tick';
}

function heading(input: Input): string | undefined {
  return input.type === 'command' ? `**\`/${input.name}\`**` : undefined;
}

/**
 * The one comment a job posts, if any: the answer to every command of a human comment, in
 * order, then what the effects did; or the reminders a tick sends; or a notice. A job whose
 * answers only the case log needs posts nothing.
 */
export function composeJobComment(
  job: string,
  origin: JobOrigin,
  answers: readonly Answer[],
  before: Case | undefined,
  after: Case | undefined,
  at: string,
): OutboxEntry | undefined {
  const shown = answers.filter((a) => a.notice || answeredByComment(a.input));
  if (shown.length === 0) return undefined;
  const many = shown.filter((a) => a.input.type === 'command').length > 1;
  const text = shown
    .map((a) => {
      const head = many ? heading(a.input) : undefined;
      return head ? `${head} · ${a.text}` : a.text;
    })
    .join('\n\n');
  const reminders = Object.keys(after?.reminders ?? {}).filter((k) => !before?.reminders[k]);
  const kind: OutboxEntry['kind'] =
    origin.kind !== 'event' ? 'reply' : reminders.length > 0 ? 'reminder' : 'notice';
  return {
    job,
    kind,
    key: kind === 'reminder' ? reminders.join(' ') : job,
    ...(origin.kind === 'comment' ? { replyTo: origin.commentId } : {}),
    text,
    at,
  };
}

/** Adds what the effects did to a job's comment (or starts one, for an event's failure). */
export function withOutcomes(
  entry: OutboxEntry | undefined,
  outcomes: readonly { text: string; failed: boolean }[],
  origin: JobOrigin,
  job: string,
  at: string,
): OutboxEntry | undefined {
  // Nobody asked for an event's effects: only a failure, which someone must act on, is said.
  const said = outcomes.filter((o) => origin.kind !== 'event' || o.failed).map((o) => o.text);
  if (said.length === 0) return entry;
  if (entry) return { ...entry, text: [entry.text, ...said].join('\n\n') };
  return {
    job,
    kind: origin.kind === 'event' ? 'notice' : 'reply',
    key: job,
    ...(origin.kind === 'comment' ? { replyTo: origin.commentId } : {}),
    text: said.join('\n\n'),
    at,
  };
}
