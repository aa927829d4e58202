import { z } from 'zod';
import { Case, CasePatch, legacyFixes } from './case.js';
import { Effect } from './effects.js';

/** The case-file version this code writes (v1 was a signed record in every App comment). */
export const CASE_FILE_VERSION = 2;

const Iso = z.iso.datetime({ offset: true });

/** Delivery keys kept for idempotency: enough for every webhook a case sees in a long week. */
export const MAX_DELIVERIES = 200;

/** One line of the case log: what happened, when, and who did it. */
export const LogEntry = z.strictObject({
  at: Iso,
  by: z.string().max(100),
  note: z.string().max(500),
});
export type LogEntry = z.infer<typeof LogEntry>;

/** One change an effect's success makes, with its case-log line. */
export const ExpectedChange = z.strictObject({
  patch: CasePatch,
  note: z.string().max(500).optional(),
});
export type ExpectedChange = z.infer<typeof ExpectedChange>;

/**
 * An effect whose intent is durable: written to the case file before it runs, removed when its
 * result is recorded. After a crash the next run finds it here and finishes it after checking
 * whether it already happened.
 */
export const PendingEffect = z.strictObject({
  effect: Effect,
  /** The job (delivery key) that decided it. */
  job: z.string().min(1).max(200),
  /** The human comment the job answers: its reply carries the signed list of completed effects. */
  replyTo: z.int().optional(),
  at: Iso,
  /**
   * What success changes, known before it runs (data-less effects without follow-ups only). It
   * is applied once the job's comment confirms the effect done, so a success needs no second
   * write of the case file; any other outcome is recorded by a second write.
   */
  expected: z.array(ExpectedChange).optional(),
});
export type PendingEffect = z.infer<typeof PendingEffect>;

/**
 * A comment the App decided to post but has not confirmed posted. It is durable with the case
 * file before the job's effects run, so a crash never loses an answer; the posted comment
 * carries a signed reference to its job, which is how the next run knows it went out.
 */
export const OutboxEntry = z.strictObject({
  job: z.string().min(1).max(200),
  kind: z.enum(['reply', 'reminder', 'notice']),
  /** The reminder keys or notice name the comment carries (minimizing finds it by them). */
  key: z.string().max(200),
  replyTo: z.int().optional(),
  text: z.string().max(60_000),
  at: Iso,
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/** What an App comment on the tracking issue is for. */
export const AppCommentKind = z.enum(['reply', 'reminder', 'notice', 'log-archive', 'v1']);
export type AppCommentKind = z.infer<typeof AppCommentKind>;

/**
 * A comment the App wrote on the tracking issue. Nothing in it is state: the digest only tells
 * an edit by someone else, which is flagged once (as is a deletion).
 */
export const AppComment = z.strictObject({
  id: z.int(),
  nodeId: z.string().max(100).optional(),
  kind: AppCommentKind,
  /** The job it answers, the reminder or notice it carries. */
  key: z.string().max(200),
  /** First 16 hex digits of the SHA-256 of the body the App last wrote. */
  digest: z.string().regex(/^[0-9a-f]{16}$/),
  /** The human comment a reply answers. */
  replyTo: z.int().optional(),
  minimized: z.boolean().optional(),
});
export type AppComment = z.infer<typeof AppComment>;

/** Something about the tracking issue the App flagged once (an App comment edited or deleted). */
export const Flag = z.strictObject({
  comment: z.int(),
  reason: z.string().max(500),
  at: Iso,
});
export type Flag = z.infer<typeof Flag>;

/** Part of the case log moved into an App comment so the case file stays under GitHub's limit. */
export const ArchivedLog = z.strictObject({
  comment: z.int(),
  entries: z.int().positive(),
  from: Iso,
  to: Iso,
});
export type ArchivedLog = z.infer<typeof ArchivedLog>;

/**
 * A case written before fixes were a list (one `fix` ref) reads as a case with that fix, so a
 * case file that was valid stays valid; nothing else is rewritten.
 */
function upgradeStoredCase(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || 'fixes' in value) return value;
  const { fix, ...rest } = value as { fix?: { ref: string; testPath: string } } & Record<
    string,
    unknown
  >;
  const lastActivityAt = typeof rest.lastActivityAt === 'string' ? rest.lastActivityAt : '';
  return { ...rest, fixes: fix ? legacyFixes(fix, { lastActivityAt }) : [] };
}

/**
 * The case file, version 2: the whole state of one case as one signed snapshot in the tracking
 * issue's body. `rev` grows by one with every write, so a stale copy is told from the current one.
 */
export const CaseFileV2 = z.strictObject({
  v: z.literal(2),
  rev: z.int().positive(),
  case: z.preprocess(upgradeStoredCase, Case),
  log: z.array(LogEntry),
  archived: z.array(ArchivedLog),
  /** Webhook GUIDs and scheduler keys already processed, newest last. */
  deliveries: z.array(z.string().min(1).max(200)).max(MAX_DELIVERIES),
  pending: z.array(PendingEffect),
  outbox: z.array(OutboxEntry),
  comments: z.array(AppComment),
  flags: z.array(Flag),
});
export type CaseFileV2 = z.infer<typeof CaseFileV2>;

/** The current case-file shape. */
export type CaseFile = CaseFileV2;

/** A new case file for a case that has just opened. */
export function newCaseFile(state: Case, log: readonly LogEntry[] = []): CaseFile {
  return {
    v: 2,
    rev: 1,
    case: state,
    log: [...log],
    archived: [],
    deliveries: [],
    pending: [],
    outbox: [],
    comments: [],
    flags: [],
  };
}

/** Records deliveries as processed, keeping the newest `MAX_DELIVERIES`. */
export function withDeliveries(file: CaseFile, keys: readonly string[]): CaseFile {
  const fresh = [...new Set(keys)].filter((k) => !file.deliveries.includes(k));
  if (fresh.length === 0) return file;
  return { ...file, deliveries: [...file.deliveries, ...fresh].slice(-MAX_DELIVERIES) };
}

/** Whether a delivery (or scheduler key) was processed already. */
export function hasDelivery(file: CaseFile, key: string): boolean {
  return file.deliveries.includes(key);
}

/** Adds or replaces an App comment (by id). */
export function withComment(file: CaseFile, comment: AppComment): CaseFile {
  return {
    ...file,
    comments: [...file.comments.filter((c) => c.id !== comment.id), comment],
  };
}

/** The reply that answers a human comment, if the App wrote one. */
export function replyTo(file: CaseFile, humanComment: number): AppComment | undefined {
  return file.comments.find((c) => c.kind === 'reply' && c.replyTo === humanComment);
}

/** Whether a comment was flagged already. */
export function isFlagged(file: CaseFile, comment: number): boolean {
  return file.flags.some((f) => f.comment === comment);
}
