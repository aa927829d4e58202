import { z } from 'zod';
import { AdvisoryFields, CasePatch, Phase, Severity } from './case.js';
import { Effect } from './effects.js';
import { ReportChannel } from './report-channel.js';

/** The record version this code writes. */
export const RECORD_VERSION = 1;

const Envelope = {
  v: z.literal(1),
  /** Unique and deterministic: derived from the delivery GUID or scheduler key that caused it. */
  id: z.string().min(1).max(200),
  at: z.iso.datetime({ offset: true }),
  /** Login of the human (or `advisory-pilot` for the App) the record is attributed to. */
  by: z.string().min(1).max(100),
  /** Webhook delivery GUID or scheduler key, for idempotency. */
  delivery: z.string().max(200).optional(),
  /** One human line for the timeline. */
  note: z.string().max(500).optional(),
};

/** What a new case starts from. */
export const CaseOpened = z.strictObject({
  repo: z.string().optional(),
  repoPrivate: z.boolean(),
  source: z.enum(['advisory', 'manual']),
  ghsaId: z.string().optional(),
  tracking: z.strictObject({ repo: z.string(), issue: z.int().positive() }),
  summary: z.string().max(1024),
  reportedAt: z.iso.datetime({ offset: true }),
  reporter: z.string().optional(),
  channel: ReportChannel.optional(),
  draftBy: z.string().optional(),
  severity: Severity.optional(),
  cvssVector: z.string().optional(),
  advisory: AdvisoryFields,
  phase: Phase.optional(),
});
export type CaseOpened = z.infer<typeof CaseOpened>;

/** Version 1 of every record type. */
export const RecordV1 = z.discriminatedUnion('type', [
  z.strictObject({ ...Envelope, type: z.literal('case-opened'), opened: CaseOpened }),
  z.strictObject({ ...Envelope, type: z.literal('update'), patch: CasePatch }),
  z.strictObject({ ...Envelope, type: z.literal('effect-intent'), effect: Effect }),
  z.strictObject({
    ...Envelope,
    type: z.literal('effect-result'),
    key: z.string(),
    ok: z.boolean(),
    error: z.string().max(2000).optional(),
    patch: CasePatch.optional(),
  }),
  z.strictObject({
    ...Envelope,
    type: z.literal('flag'),
    commentId: z.int(),
    reason: z.string().max(500),
  }),
]);
export type RecordV1 = z.infer<typeof RecordV1>;

/** The current record shape. */
export type CaseRecord = RecordV1;
/** A record before its envelope is filled in by the pipeline (id, at, by come from the input). */
export type RecordBody = DistributiveOmit<CaseRecord, 'v' | 'id' | 'at' | 'by' | 'delivery'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Result of reading one stored record: migrated to the current version, or why not. */
export type ReadRecord = { ok: true; record: CaseRecord } | { ok: false; error: string };

/**
 * Reads a decoded record of any version ever written, migrating it step by step to the current
 * one. A newer version than this code knows is reported, not thrown (a rollback must not crash).
 */
export function readRecord(raw: unknown): ReadRecord {
  if (typeof raw !== 'object' || raw === null)
    return { ok: false, error: 'record is not an object' };
  const version = (raw as { v?: unknown }).v;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: `record has no valid version (v=${JSON.stringify(version)})` };
  }
  if (version > RECORD_VERSION) {
    return {
      ok: false,
      error: `record version ${version} is newer than this App understands (${RECORD_VERSION}); upgrade the App`,
    };
  }
  // Migrations from older versions go here, one function per step (v1 is the first version).
  const parsed = RecordV1.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `invalid record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown'}`,
    };
  }
  return { ok: true, record: parsed.data };
}
