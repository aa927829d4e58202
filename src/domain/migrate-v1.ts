import { MAX_DELIVERIES, newCaseFile, type AppComment, type CaseFile } from './case-file.js';
import { commentDigest } from './case-file-codec.js';
import type { Effect } from './effects.js';
import { fold } from './fold.js';
import { extractRecords } from './record-codec.js';
import type { CaseRecord } from './records.js';

/** An App comment of a v1 case, as the shell lists it. */
export interface V1Comment {
  id: number;
  nodeId?: string;
  body: string;
}

/** A v1 case read back as a v2 case file, with what did not fit. */
export interface MigratedCase {
  file: CaseFile;
  /** Records that did not fold (v1 flagged these too); kept for the log line of the migration. */
  problems: string[];
  /** How many signed v1 records the App's comments held. */
  records: number;
}

/**
 * v1 effects did not name the command that set them off. Most kinds have one command only (the
 * owner is found by kind); of the advisory updates only rejecting a report (`/scope out`, whose
 * keys v1 wrote as `scope-out:…`) means more than having happened.
 */
function withV1Owner(effect: Effect): Effect {
  return effect.command === undefined && effect.key.startsWith('scope-out:')
    ? { ...effect, command: 'scope' }
    : effect;
}

/**
 * Migrates a v1 case (signed records spread over the App's comments, folded in comment order) to
 * one v2 case file. Effects v1 recorded an intent for but no result become pending, so the first
 * run after the migration finishes them after checking whether they already happened. Returns
 * undefined when the comments hold no opened case. The caller passes only comments the App wrote.
 */
export function migrateV1(
  comments: readonly V1Comment[],
  secret: string,
  at: string,
): MigratedCase | undefined {
  const records: CaseRecord[] = [];
  const appComments: AppComment[] = [];
  for (const comment of comments) {
    const own = extractRecords(comment.body, secret).records;
    records.push(...own);
    // v1 knew a reminder comment by the record in it that marks the reminder sent.
    const reminder = own.flatMap((r) =>
      r.type === 'update' ? Object.keys(r.patch.set?.reminders ?? {}) : [],
    )[0];
    appComments.push({
      id: comment.id,
      ...(comment.nodeId ? { nodeId: comment.nodeId } : {}),
      kind: reminder ? 'reminder' : 'v1',
      key: reminder ?? `v1:${String(comment.id)}`,
      digest: commentDigest(comment.body),
    });
  }
  const folded = fold(records);
  if (!folded.case) return undefined;
  const state = folded.case;
  const deliveries = [
    ...new Set(records.flatMap((r) => (r.delivery === undefined ? [] : [r.delivery]))),
  ].slice(-MAX_DELIVERIES);
  const flags = records.flatMap((r) =>
    r.type === 'flag' ? [{ comment: r.commentId, reason: r.reason.slice(0, 500), at: r.at }] : [],
  );
  const file: CaseFile = {
    ...newCaseFile(state, folded.timeline),
    deliveries,
    comments: appComments,
    flags,
    pending: folded.unfinished.map((effect) => ({
      effect: withV1Owner(effect),
      job: 'v1-migration',
      at,
    })),
  };
  return { file, problems: folded.problems, records: records.length };
}
