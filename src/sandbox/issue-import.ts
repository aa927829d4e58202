import { z } from 'zod';
import { githubTime } from './clock.js';
import { botLogin, type SandboxCore } from './core.js';
import { fullName, type Comment, type Issue } from './state.js';

const Time = z.iso.datetime({ offset: true });

const ImportedComment = z.strictObject({
  /** Kept as given, so links and records that name the comment by id still point at it. */
  id: z.int().positive(),
  author: z.string().min(1),
  createdAt: Time,
  updatedAt: Time,
  body: z.string().min(1),
});

/** `POST /_sandbox/issues/import`: an issue as it stood elsewhere, for migration tests. */
export const IssueImport = z.strictObject({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'a full name such as "acme/security-tracking"'),
  number: z.int().positive(),
  title: z.string().min(1),
  body: z.string().nullable(),
  /** Who opened it (default: unchanged); a seeded scenario cannot name the App's bot. */
  author: z.string().min(1).optional(),
  state: z.enum(['open', 'closed']),
  comments: z.array(ImportedComment),
});
export type IssueImportInput = z.input<typeof IssueImport>;

/** What an import hands back. */
export interface IssueImportResult {
  repo: string;
  number: number;
  /** The imported comments' ids in the order GitHub lists them (ascending). */
  commentIds: number[];
}

export type IssueImportOutcome =
  { ok: true; result: IssueImportResult } | { ok: false; error: string };

/**
 * Replaces an existing issue's title, body, state and whole comment list with an imported copy,
 * keeping the comments' ids, authors and times. Everything is checked before anything changes,
 * so a bad import leaves the issue as it was. Sends no webhooks: nothing happened on this GitHub,
 * the issue merely arrives as it already was. New ids are drawn above the largest imported one.
 */
export function importIssue(core: SandboxCore, input: unknown): IssueImportOutcome {
  const parsed = IssueImport.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `import ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const request = parsed.data;
  const repo = core.state.repos.get(request.repo);
  if (!repo) return { ok: false, error: `no repository ${request.repo}` };
  const issue = repo.issues.find((i) => i.number === request.number);
  if (!issue) {
    return {
      ok: false,
      error: `no issue #${request.number} in ${request.repo}; seed it (repos[].issues) or open it first`,
    };
  }
  if (issue.pull)
    return { ok: false, error: `${request.repo}#${request.number} is a pull request` };
  if (request.author !== undefined && !core.state.users.has(request.author)) {
    return { ok: false, error: unknownAuthor(core, 'the issue', request.author) };
  }
  const problem = checkComments(core, issue, request.comments);
  if (problem) return { ok: false, error: problem };

  const comments: Comment[] = request.comments
    .map((c) => ({
      id: c.id,
      body: c.body,
      user: c.author,
      createdAt: githubTime(Date.parse(c.createdAt)),
      updatedAt: githubTime(Date.parse(c.updatedAt)),
      minimized: null,
    }))
    .sort((a, b) => a.id - b.id);
  const now = core.clock.iso();
  if (request.author !== undefined) issue.user = request.author;
  issue.title = request.title;
  issue.body = request.body;
  issue.comments = comments;
  // At least as late as its newest comment, as on GitHub, and never before the import.
  issue.updatedAt = [now, ...comments.map((c) => c.updatedAt)].reduce((a, b) => (b > a ? b : a));
  setState(issue, request.state, now);
  core.state.reserveIds(Math.max(0, ...comments.map((c) => c.id)));
  return {
    ok: true,
    result: { repo: fullName(repo), number: issue.number, commentIds: comments.map((c) => c.id) },
  };
}

/** The first reason the comments cannot be imported into `target`, if any. */
function checkComments(
  core: SandboxCore,
  target: Issue,
  comments: readonly z.infer<typeof ImportedComment>[],
): string | undefined {
  // Comments are found by id across a repository (REST, reactions, GraphQL node ids), so an id
  // may belong to no other issue's comment anywhere.
  const elsewhere = new Map<number, string>();
  for (const repo of core.state.repos.values()) {
    for (const issue of repo.issues) {
      if (issue === target) continue;
      for (const c of issue.comments) elsewhere.set(c.id, `${fullName(repo)}#${issue.number}`);
    }
  }
  const seen = new Set<number>();
  for (const c of comments) {
    if (seen.has(c.id)) return `comment ${c.id} appears twice`;
    seen.add(c.id);
    const owner = elsewhere.get(c.id);
    if (owner) return `comment ${c.id} already exists on ${owner}`;
    if (!core.state.users.has(c.author)) return unknownAuthor(core, `comment ${c.id}`, c.author);
    if (Date.parse(c.updatedAt) < Date.parse(c.createdAt)) {
      return `comment ${c.id}: updatedAt is before createdAt`;
    }
  }
  return undefined;
}

function unknownAuthor(core: SandboxCore, what: string, login: string): string {
  return `${what}: author "${login}" is neither a seeded user nor the App's bot (${botLogin(core)})`;
}

function setState(issue: Issue, state: 'open' | 'closed', now: string): void {
  if (state === issue.state) return;
  issue.state = state;
  // The import names no closing time or closer; the import itself is the closest there is.
  issue.closedAt = state === 'closed' ? now : null;
  issue.closedBy = null;
  issue.stateReason = state === 'closed' ? 'completed' : null;
}
