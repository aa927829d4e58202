import type { Case } from './case.js';
import type { DecideContext } from './decide-context.js';
import type { PublicActivity, Push } from './inputs.js';
import type { LeakAlert } from './leak-alerts.js';
import { locateLeaks, type LocatedLeak } from './leak-guard.js';
import { activityName, leakAlertText, type WatchedActivity } from './render/leak-alert.js';
import { EMPTY_STEP, type Step } from './step.js';

/**
 * Public activities a case alerts on. Past this many, further hits only reach the case log: by
 * then the embargo has collapsed and a comment per copy helps nobody.
 */
export const MAX_LEAK_ALERTS = 10;
/** Matches remembered per activity (newest kept). */
const MAX_MATCHES = 50;
const DELETED = /^0{40}$/;

/** Whether `actor` is the App itself: its own writes passed the leak guard before they were made. */
export function isAppActor(actor: string, appLogin: string): boolean {
  return actor.toLowerCase() === appLogin.toLowerCase();
}

/** Whether the case's IDs and summary are still secret: not published, not closed or rejected. */
export function underEmbargo(state: Case): boolean {
  return (
    state.advisory.state !== 'published' &&
    state.items.published === undefined &&
    state.milestones.published === undefined &&
    state.phase !== 'closed' &&
    state.phase !== 'rejected' &&
    state.phase !== 'postmortem'
  );
}

/**
 * The people who know about the case: its reporter, assignee, credited people, advisory
 * collaborators and whoever completed a checklist item or moved the embargo. Generic words only
 * alert when one of them wrote the text.
 */
function casePeople(state: Case, appLogin: string): Set<string> {
  const logins = [
    state.reporter,
    state.assignee,
    ...state.credits.map((c) => c.login),
    ...state.collaborators.users,
    ...Object.values(state.items).map((i) => i.by),
    ...(state.embargo?.history.map((h) => h.by) ?? []),
    state.pending?.by,
  ];
  const people = new Set(logins.filter((l): l is string => Boolean(l)).map((l) => l.toLowerCase()));
  people.delete(appLogin.toLowerCase());
  return people;
}

/** What a pull request, issue or comment shows the public, as an activity the watch reads. */
export function publicActivity(input: PublicActivity): WatchedActivity {
  const key =
    input.kind === 'issue-comment'
      ? `issue-comment:${String(input.commentId ?? input.number)}`
      : `${input.kind}:${String(input.number)}`;
  const noun = input.kind === 'pull-request' ? 'pull request' : 'issue';
  const texts =
    input.kind === 'issue-comment'
      ? [{ key: 'body', field: 'comment', text: input.body }]
      : [
          { key: 'title', field: `${noun} title`, text: input.title },
          { key: 'body', field: `${noun} body`, text: input.body },
          ...(input.branch === undefined
            ? []
            : [{ key: 'branch', field: 'head branch name', text: input.branch }]),
        ];
  return {
    key,
    kind: input.kind,
    what: input.kind === 'issue-comment' ? 'comment' : `${noun} ${String(input.number)}`,
    url: input.url,
    actor: input.author,
    action: input.action,
    texts,
  };
}

/**
 * GitHub's own merge of the temporary private fork lands on the default branch as "Merge pull
 * request from GHSA-…": that is the fix becoming public by design (right before publication),
 * which fix detection follows; it is no leak.
 */
function isAdvisoryMerge(state: Case, input: Push, message: string): boolean {
  if (!input.defaultBranch || !state.ghsaId) return false;
  const first = message.split('\n', 1)[0]?.trim().toLowerCase() ?? '';
  return first === `merge pull request from ${state.ghsaId.toLowerCase()}`;
}

/** What a push shows the public: the branch or tag name and every pushed commit's message. */
export function pushActivity(state: Case, input: Push): WatchedActivity {
  const tag = input.ref.startsWith('refs/tags/');
  const name = input.ref.replace(/^refs\/(?:heads|tags)\//, '');
  const deleted = DELETED.test(input.after);
  const commits = input.commits.filter((c) => !isAdvisoryMerge(state, input, c.message));
  return {
    key: `push:${input.ref}`,
    kind: 'push',
    what: `push to ${tag ? 'tag' : 'branch'}`,
    name,
    url: input.commits.at(-1)?.url,
    actor: input.pusher,
    action: 'pushed',
    // A deleted ref takes its name away; nothing new became public.
    texts: deleted
      ? []
      : [
          { key: tag ? 'tag' : 'branch', field: tag ? 'tag name' : 'branch name', text: name },
          ...commits.map((c) => ({
            key: `commit:${c.sha.slice(0, 7)}`,
            field: `commit ${c.sha.slice(0, 7)} message`,
            text: c.message,
            url: c.url,
          })),
        ],
  };
}

const fingerprint = (leak: LocatedLeak): string => `${leak.field}:${leak.term}`;

/**
 * The leak watch: public activity in the product repository is read like the App's own public
 * writes (the leak guard's terms), and while the case is under embargo a hit becomes one notice
 * on the tracking issue. Nothing is written publicly.
 *
 * What alerts: this case's own terms (its GHSA ID, CVE ID, summary) always; generic terms (any
 * GHSA or CVE ID, the configured `leakWords` such as "vulnerability") only in text written by
 * someone who knows about the case (see `casePeople`), with weaker wording, because on their own
 * they match Dependabot PRs and everyday issues. Nothing alerts after publication, for a private
 * repository, or for the App's own activity (its writes passed the guard before they were made).
 *
 * Dedupe: every match is remembered per activity as `field:term`; an activity alerts again only
 * for a match it has not alerted before (a redelivery or an edit that keeps the match is silent).
 */
export function watchActivity(
  state: Case,
  activity: WatchedActivity,
  repoPrivate: boolean,
  ctx: DecideContext,
): Step {
  if (repoPrivate || !underEmbargo(state)) return EMPTY_STEP;
  if (isAppActor(activity.actor, ctx.appLogin)) return EMPTY_STEP;
  const texts = activity.texts.map((t) => ({ field: t.key, text: t.text }));
  const leaks = locateLeaks(texts, state, ctx.config);
  const previous = state.leakAlerts?.[activity.key];
  const known = new Set(previous?.matches ?? []);
  const fresh = leaks.filter((l) => !known.has(fingerprint(l)));
  const specific = fresh.filter((l) => l.kind === 'case');
  const insider = casePeople(state, ctx.appLogin).has(activity.actor.toLowerCase());
  const shown = specific.length > 0 ? specific : insider ? fresh : [];
  if (shown.length === 0) return EMPTY_STEP;
  const strength = specific.length > 0 ? 'case' : 'generic';
  const labels = [...new Set(shown.map((l) => l.matched))].join(', ');
  const count = Object.keys(state.leakAlerts ?? {}).length;
  if (!previous && count >= MAX_LEAK_ALERTS) {
    return {
      changes: [
        {
          patch: {},
          note: `Leak watch: ${activityName(activity)} names ${labels} (no alert: ${String(MAX_LEAK_ALERTS)} already posted)`.slice(
            0,
            500,
          ),
        },
      ],
      effects: [],
    };
  }
  const alert: LeakAlert = {
    at: previous?.at ?? ctx.now.toISOString(),
    matches: [...known, ...leaks.map(fingerprint).filter((f) => !known.has(f))].slice(-MAX_MATCHES),
  };
  const last = !previous && count + 1 === MAX_LEAK_ALERTS;
  return {
    changes: [
      {
        patch: { set: { leakAlerts: { [activity.key]: alert } } },
        note: `Leak watch: public ${activityName(activity)} names ${labels}${strength === 'generic' ? ' (generic words)' : ''}; alert posted`.slice(
          0,
          500,
        ),
      },
    ],
    effects: [],
    notice: leakAlertText(state, activity, shown, { strength, last }),
  };
}

/** A pull request, issue or comment of the product repository, checked by the leak watch. */
export function watchPublicActivity(state: Case, input: PublicActivity, ctx: DecideContext): Step {
  return watchActivity(state, publicActivity(input), input.repoPrivate, ctx);
}

/**
 * A push to the product repository, checked by the leak watch. The push input carries no
 * visibility, so the case's (`repoPrivate`, from the advisory's repository) decides.
 */
export function watchPush(state: Case, input: Push, ctx: DecideContext): Step {
  return watchActivity(state, pushActivity(state, input), state.repoPrivate, ctx);
}
