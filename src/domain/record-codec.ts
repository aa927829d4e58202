import { createHmac, timingSafeEqual } from 'node:crypto';
import { readRecord, type CaseRecord } from './records.js';
import { RECORD_V1_OPEN } from './markers.js';

const OPEN = RECORD_V1_OPEN;
const CLOSE = ' -->';
/** Records are small; anything bigger in a marker is not ours and is not parsed. */
const MAX_MARKER_LENGTH = 200_000;

/** JSON with keys sorted at every level, so the signature does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** HMAC-SHA256 (hex) of the record without its signature. */
export function signRecord(record: object, secret: string): string {
  const { sig: _ignored, ...unsigned } = record as Record<string, unknown>;
  return createHmac('sha256', secret).update(canonicalJson(unsigned)).digest('hex');
}

/** `<`, `>` and `&` become JSON escapes so no text inside a record can close the HTML comment. */
function escapeForComment(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The hidden marker that stores a signed record inside a comment written by the App. */
export function encodeRecordMarker(record: CaseRecord, secret: string): string {
  const signed = { ...record, sig: signRecord(record, secret) };
  return `${OPEN}${escapeForComment(canonicalJson(signed))}${CLOSE}`;
}

/** Why a marker in a comment was not trusted. */
export interface RecordProblem {
  /** 0-based position of the marker in the comment. */
  index: number;
  reason: string;
}

/** Records found in one comment body, verified, plus what was wrong with the rest. */
export interface ExtractedRecords {
  records: CaseRecord[];
  problems: RecordProblem[];
}

function verify(record: Record<string, unknown>, secret: string): boolean {
  const sig = record.sig;
  if (typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const expected = Buffer.from(signRecord(record, secret), 'hex');
  return timingSafeEqual(expected, Buffer.from(sig, 'hex'));
}

/**
 * Finds every record marker in a comment body and keeps those whose signature verifies with
 * `secret` and whose shape is a known record version. The caller must still check that the
 * comment was authored by the App: a valid signature in a human's comment is a copy, not a fact.
 */
export function extractRecords(body: string, secret: string): ExtractedRecords {
  const result: ExtractedRecords = { records: [], problems: [] };
  let from = 0;
  for (let index = 0; ; index++) {
    const start = body.indexOf(OPEN, from);
    if (start < 0) break;
    const end = body.indexOf(CLOSE, start + OPEN.length);
    if (end < 0) {
      result.problems.push({ index, reason: 'record marker is not closed' });
      break;
    }
    from = end + CLOSE.length;
    const json = body.slice(start + OPEN.length, end);
    if (json.length > MAX_MARKER_LENGTH) {
      result.problems.push({ index, reason: 'record marker is too large' });
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      result.problems.push({ index, reason: 'record is not valid JSON' });
      continue;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      result.problems.push({ index, reason: 'record is not an object' });
      continue;
    }
    if (!verify(raw as Record<string, unknown>, secret)) {
      result.problems.push({
        index,
        reason: 'record signature does not verify (edited or forged)',
      });
      continue;
    }
    const { sig: _sig, ...unsigned } = raw as Record<string, unknown>;
    const read = readRecord(unsigned);
    if (read.ok) result.records.push(read.record);
    else result.problems.push({ index, reason: read.error });
  }
  return result;
}
