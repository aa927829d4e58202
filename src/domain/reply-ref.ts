import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { CaseFileHome } from './case-file-codec.js';
import { REPLY_REF_CLOSE, REPLY_REF_OPEN } from './markers.js';
import { canonicalJson } from './record-codec.js';

/**
 * The one hidden thing an App comment carries: which job it answers and which of the job's
 * effects had succeeded when it was posted. It is how a run after a crash knows the comment
 * went out and the effects ran, without a second write of the case file on the happy path.
 */
export const ReplyRef = z.strictObject({
  job: z.string().min(1).max(200),
  /** The case-file revision the job wrote before its effects ran. */
  rev: z.int().positive(),
  /** Keys of the effects that had succeeded as expected. */
  done: z.array(z.string().max(200)).max(50),
  /** The human comment this one answers. */
  replyTo: z.int().optional(),
});
export type ReplyRef = z.infer<typeof ReplyRef>;

function sign(ref: ReplyRef, home: CaseFileHome, secret: string): string {
  return createHmac('sha256', secret)
    .update(`reply:${home.repo}#${String(home.issue)}\n${canonicalJson(ref)}`)
    .digest('hex');
}

/** The signed reference, as the hidden last line of an App comment. */
export function encodeReplyRef(ref: ReplyRef, home: CaseFileHome, secret: string): string {
  const json = canonicalJson({ sig: sign(ref, home, secret), ref })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e');
  return `${REPLY_REF_OPEN}${json}${REPLY_REF_CLOSE}`;
}

/**
 * The reference in a comment body, trusted only when its signature verifies for this issue
 * (a reference copied from another case, or typed by a person, is ignored).
 */
export function decodeReplyRef(
  body: string,
  home: CaseFileHome,
  secret: string,
): ReplyRef | undefined {
  const start = body.lastIndexOf(REPLY_REF_OPEN);
  if (start < 0) return undefined;
  const end = body.indexOf(REPLY_REF_CLOSE, start + REPLY_REF_OPEN.length);
  if (end < 0) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(body.slice(start + REPLY_REF_OPEN.length, end));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { sig, ref } = raw as { sig?: unknown; ref?: unknown };
  const parsed = ReplyRef.safeParse(ref);
  if (!parsed.success || typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return undefined;
  const expected = Buffer.from(sign(parsed.data, home, secret), 'hex');
  return timingSafeEqual(expected, Buffer.from(sig, 'hex')) ? parsed.data : undefined;
}
