import type { Case } from '../case.js';
import type { LocatedLeak } from '../leak-guard.js';
import { inlineCode } from '../neutralize.js';

/** One public text of an activity: `key` names it in remembered matches, `field` in the alert. */
export interface WatchedText {
  key: string;
  field: string;
  text: string;
  /** Where this text can be seen, when not at the activity's own address (a pushed commit). */
  url?: string;
}

/** Public activity as the leak watch reads it, whatever event it came from. */
export interface WatchedActivity {
  /** Names the activity in the case's `leakAlerts` (`pull-request:12`, `push:refs/heads/x`). */
  key: string;
  kind: 'pull-request' | 'issue' | 'issue-comment' | 'push';
  /** How the alert names it: "pull request 12", "push to branch" (App text, never user text). */
  what: string;
  /** The pushed branch or tag, shown after `what` (user text: quoted as code). */
  name?: string;
  url: string | undefined;
  actor: string;
  action: string;
  texts: WatchedText[];
}

/** How the case log names an activity (the log is neutralized when it is rendered). */
export function activityName(activity: WatchedActivity): string {
  return activity.name === undefined ? activity.what : `${activity.what} ${activity.name}`;
}

/** Characters of context shown on each side of a match. */
const CONTEXT = 40;
/** Match lines in one alert; the rest are counted. */
const MAX_LINES = 5;

const REMEDY: Record<WatchedActivity['kind'], string> = {
  'pull-request':
    'Ask the author to close it and edit the text out; GitHub keeps the old text in the edit history until a repository admin deletes that revision. A branch name cannot be edited: delete the branch.',
  issue:
    'A repository admin can delete the issue; editing the text out leaves it in the edit history until that revision is deleted.',
  'issue-comment':
    'Delete the comment; editing the text out leaves it in the edit history until that revision is deleted.',
  push: 'Delete the branch or tag, or force-push without the commit; pushed commits stay reachable by their SHA until GitHub Support removes them.',
};

/** A high surrogate at the end or a low one at the start would be half a character. */
function wholeChars(text: string, start: number, end: number): [number, number] {
  const low = (i: number) => /[\udc00-\udfff]/.test(text[i] ?? '');
  const high = (i: number) => /[\ud800-\udbff]/.test(text[i] ?? '');
  let s = start;
  let e = end;
  if (s > 0 && low(s)) s++;
  if (e < text.length && high(e - 1)) e--;
  return [s, e];
}

/** The match with a little context, on one line, as inline code: nothing in it renders or pings. */
export function quoteMatch(text: string, index: number, length: number): string {
  const [start, end] = wholeChars(
    text,
    Math.max(0, index - CONTEXT),
    Math.min(text.length, index + length + CONTEXT),
  );
  const snippet = `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  return inlineCode(snippet.replace(/\s+/g, ' ').trim(), { maxLength: 2 * CONTEXT + 160 });
}

function matchLines(activity: WatchedActivity, leaks: readonly LocatedLeak[]): string[] {
  const lines = leaks.slice(0, MAX_LINES).map((leak) => {
    const text = activity.texts.find((t) => t.key === leak.field);
    const where = text?.url ? ` (${inlineCode(text.url, { maxLength: 300 })})` : '';
    const quote = text ? `: ${quoteMatch(text.text, leak.index, leak.length)}` : '';
    return `- ${leak.matched} in the ${text?.field ?? leak.field}${where}${quote}`;
  });
  if (leaks.length > MAX_LINES) lines.push(`- and ${String(leaks.length - MAX_LINES)} more`);
  return lines;
}

/**
 * The notice the leak watch posts on the tracking issue. Everything from the public text is
 * quoted as inline code (no mention, link, checkbox or marker can ride along), and the activity's
 * address is shown as code too: a link from the private tracker would put a cross-reference on
 * the public pull request or issue.
 */
export function leakAlertText(
  state: Pick<Case, 'repo'>,
  activity: WatchedActivity,
  leaks: readonly LocatedLeak[],
  options: { strength: 'case' | 'generic'; last: boolean },
): string {
  const what = `${activity.what}${activity.name === undefined ? '' : ` ${inlineCode(activity.name, { maxLength: 200 })}`}`;
  const repo = state.repo ? ` in ${inlineCode(state.repo, { maxLength: 200 })}` : '';
  const by = `${activity.action} by ${inlineCode(activity.actor, { maxLength: 100 })}`;
  const head =
    options.strength === 'case'
      ? `🚨 **Possible embargo leak**: a public ${what}${repo} names this case while the advisory is under embargo.`
      : `⚠️ **Leak watch, weak match**: a public ${what}${repo}, written by someone who knows about this case, contains generic words but no ID or summary of it. That is often unrelated: check that it does not point at this case's fix.`;
  const where = activity.url ? `${inlineCode(activity.url, { maxLength: 500 })} (${by})` : by;
  return [
    head,
    '',
    `Where: ${where}`,
    ...matchLines(activity, leaks),
    '',
    'The App wrote nothing public. Consider:',
    `- ${REMEDY[activity.kind]}`,
    '- If it is being exploited: `/exploited`.',
    '- Publishing sooner: `/embargo <date> <reason>` with an earlier date, or `/publish`.',
    ...(options.last
      ? [
          '',
          'This is the last leak-watch alert on this case; further hits go to the case log only.',
        ]
      : []),
  ].join('\n');
}
