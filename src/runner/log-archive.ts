import type { CaseFile } from '../domain/case-file.js';
import { commentDigest } from '../domain/case-file-codec.js';
import { formatInstant } from '../domain/clock.js';
import { neutralize } from '../domain/neutralize.js';
import type { CaseSession } from './case-session.js';

/** Lines the case file keeps when the log is rolled over. */
const KEEP = 20;

/**
 * Rolls the case log over before the body reaches GitHub's limit: every entry but the newest
 * ones moves into one App comment (readable, in order), and the case file keeps where it went.
 */
export async function archiveLog(session: CaseSession, file: CaseFile): Promise<CaseFile> {
  const moved = file.log.slice(0, Math.max(0, file.log.length - KEEP));
  const first = moved[0];
  const last = moved.at(-1);
  if (!first || !last) return file;
  const { timeZone } = session.deps.config;
  const part = file.archived.length + 1;
  const text = [
    `🗂️ Case log, part ${String(part)}: ${String(moved.length)} entries moved here to keep the tracking issue's body under GitHub's size limit.`,
    '',
    ...moved.map(
      (e) =>
        `- ${formatInstant(new Date(e.at), timeZone)} · \`${neutralize(e.by, { maxLength: 60 })}\` · ${neutralize(e.note, { maxLength: 500 })}`,
    ),
  ].join('\n');
  const job = `log-archive:${String(part)}`;
  const at = session.deps.now().toISOString();
  const posted = await session.post({ job, kind: 'notice', key: job, text, at }, []);
  return {
    ...file,
    log: file.log.slice(moved.length),
    archived: [
      ...file.archived,
      { comment: posted.id, entries: moved.length, from: first.at, to: last.at },
    ],
    comments: [
      ...file.comments,
      {
        id: posted.id,
        nodeId: posted.nodeId,
        kind: 'log-archive',
        key: job,
        digest: commentDigest(posted.body),
      },
    ],
  };
}
