import type { z } from 'zod';

/** What an admin route answers: a status and a JSON body (never validated against GitHub's). */
export interface AdminReply {
  status: number;
  body: unknown;
}

/** A 400 with a message saying what to send instead. */
export const bad = (message: string): AdminReply => ({ status: 400, body: { message } });

/** The first problem zod found, as `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`;
}
