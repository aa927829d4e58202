import { extractCommandLines } from '../domain/command-lines.js';
import { decodeReplyRef } from '../domain/reply-ref.js';

/** A comment on the tracking issue, as the census reads it. */
export interface CensusComment {
  id: number;
  author: string;
  body: string;
}

/** What the tracking issue's comments say about the App's manners. */
export interface CommentCensus {
  /** Comments the App wrote. */
  appComments: number;
  /** Comments by people that carried at least one command. */
  humanCommandComments: number;
  /** App comments a tick posted (reminders). */
  reminderComments: number;
  /** App comments with no visible text (only hidden markers), which GitHub shows as empty boxes. */
  emptyAppComments: number;
  /** Human comments with commands that got no App reply, or more than one. */
  notAnsweredOnce: number[];
}

/** The text GitHub renders: everything outside HTML comments, trimmed. */
export function visibleText(body: string): string {
  return body.replace(/<!--[\s\S]*?-->/g, '').trim();
}

/**
 * Counts the App's comments against the people's: an App reply names the comment it answers in
 * its signed reference, so every command comment is checked to have exactly one.
 */
export function censusOf(
  comments: readonly CensusComment[],
  bot: string,
  home: { repo: string; issue: number },
  secret: string,
): CommentCensus {
  const app = comments.filter((c) => c.author === bot);
  const human = comments.filter(
    (c) => c.author !== bot && extractCommandLines(c.body).commands.length > 0,
  );
  const replies = new Map<number, number>();
  let reminders = 0;
  for (const comment of app) {
    const ref = decodeReplyRef(comment.body, home, secret);
    if (ref?.job.startsWith('tick:')) reminders++;
    const to = ref?.replyTo;
    if (to !== undefined) replies.set(to, (replies.get(to) ?? 0) + 1);
  }
  return {
    appComments: app.length,
    humanCommandComments: human.length,
    reminderComments: reminders,
    emptyAppComments: app.filter((c) => visibleText(c.body) === '').length,
    notAnsweredOnce: human.filter((c) => replies.get(c.id) !== 1).map((c) => c.id),
  };
}
