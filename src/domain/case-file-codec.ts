import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CASE_FILE_VERSION, CaseFileV2, type CaseFile } from './case-file.js';
import { canonicalJson } from './record-codec.js';
import { CASE_FILE_CLOSE, CASE_FILE_OPEN } from './markers.js';

/** Where a case lives; the signature binds the file to it, so a copy in another issue is refused. */
export interface CaseFileHome {
  repo: string;
  issue: number;
}

/** GitHub refuses an issue body over 65,536 characters. */
export const BODY_LIMIT = 65_536;
/** A case file bigger than this is not parsed (it cannot be one the App wrote). */
const MAX_FILE_LENGTH = BODY_LIMIT;

function sign(file: CaseFile, home: CaseFileHome, secret: string): string {
  return createHmac('sha256', secret)
    .update(`${home.repo}#${String(home.issue)}\n${canonicalJson(file)}`)
    .digest('hex');
}

/** `<`, `>` and `&` become JSON escapes so no text inside the file can close the HTML comment. */
function escapeForComment(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The hidden, signed marker that holds the case file in the tracking issue's body. */
export function encodeCaseFile(file: CaseFile, home: CaseFileHome, secret: string): string {
  const signed = { sig: sign(file, home, secret), file };
  return `${CASE_FILE_OPEN}${escapeForComment(canonicalJson(signed))}${CASE_FILE_CLOSE}`;
}

/** What reading a body for its case file found. */
export type ReadCaseFile =
  { kind: 'found'; file: CaseFile } | { kind: 'absent' } | { kind: 'unreadable'; reason: string };

function unreadable(reason: string): ReadCaseFile {
  return { kind: 'unreadable', reason };
}

/**
 * Finds the case file in an issue body and trusts it only when its signature verifies for this
 * issue with `secret` and its shape is a known version. A second case file in the same body, a
 * marker that does not close, an edit inside it: each is reported, never guessed around.
 */
export function decodeCaseFile(body: string, home: CaseFileHome, secret: string): ReadCaseFile {
  const start = body.indexOf(CASE_FILE_OPEN);
  if (start < 0) return { kind: 'absent' };
  if (body.indexOf(CASE_FILE_OPEN, start + CASE_FILE_OPEN.length) >= 0)
    return unreadable('the body holds more than one case file');
  const end = body.indexOf(CASE_FILE_CLOSE, start + CASE_FILE_OPEN.length);
  if (end < 0) return unreadable('the case file marker is not closed');
  const json = body.slice(start + CASE_FILE_OPEN.length, end);
  if (json.length > MAX_FILE_LENGTH) return unreadable('the case file is too large');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return unreadable('the case file is not valid JSON (edited by hand?)');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return unreadable('the case file is not an object');
  const { sig, file } = raw as { sig?: unknown; file?: unknown };
  if (typeof file !== 'object' || file === null) return unreadable('the case file has no content');
  const version = (file as { v?: unknown }).v;
  if (typeof version === 'number' && version > CASE_FILE_VERSION)
    return unreadable(
      `the case file is version ${String(version)}, newer than this App understands (${String(CASE_FILE_VERSION)}); upgrade the App`,
    );
  const parsed = CaseFileV2.safeParse(file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return unreadable(
      `the case file does not fit version ${String(CASE_FILE_VERSION)} (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`,
    );
  }
  if (typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig))
    return unreadable('the case file is not signed');
  // The signature covers what was written, so it is checked on the raw object, not the parse.
  const expected = Buffer.from(sign(file as CaseFile, home, secret), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex')))
    return unreadable(
      'the case file signature does not verify (edited by hand, copied from another issue, or signed with another STATE_SECRET)',
    );
  return { kind: 'found', file: parsed.data };
}

/** The digest an `AppComment` keeps of the body the App wrote (16 hex digits of its SHA-256). */
export function commentDigest(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}
