import type { AdvisoryWrite } from '../domain/effects.js';
import type { ObservedAdvisory, Permission } from '../domain/inputs.js';

/** "owner/name" split for Octokit. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** Splits "owner/name"; throws on anything else (callers pass validated names). */
export function repoRef(fullName: string): RepoRef {
  const [owner, repo, ...rest] = fullName.split('/');
  if (!owner || !repo || rest.length > 0) throw new Error(`not a repository name: ${fullName}`);
  return { owner, repo };
}

/** A comment on a tracking issue, with what the store needs to trust it. */
export interface IssueComment {
  id: number;
  nodeId: string;
  body: string;
  /** Author login (`app-slug[bot]` for the App). */
  author: string;
  authorType: string;
  createdAt: string;
  /** Set when GitHub reports it; a comment edited after creation never runs commands on replay. */
  updatedAt?: string;
}

/** A comment of a repository-wide listing: which issue it is on. */
export interface RepoComment extends IssueComment {
  issue: number;
}

/** An issue as the store and the manual-report handler need it. */
export interface TrackingIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  url: string;
  /** GraphQL node id (pinning), when the response carried it. */
  nodeId?: string;
  /** Who opened it and when, when the response carried them. */
  author?: string;
  createdAt?: string;
}

/** An issue as a repository-wide listing of changed issues shows it. */
export interface ListedIssue extends TrackingIssue {
  /** GitHub's `updated_at`: moves with every edit, comment, label or state change. */
  updatedAt: string;
  labels: string[];
}

/**
 * A change feed: what a repository-wide listing returned. `truncated` says why the listing is
 * not the whole story (a short page that promised another, more pages than a tick reads), so a
 * caller reads the cases it covers one by one instead of trusting it.
 */
export interface Feed<T> {
  items: T[];
  /** `tooLong`: more pages than the caller reads, not a fault. */
  truncated?: { reason: string; tooLong: boolean };
}

/** An advisory as the scheduler polls it: what GitHub shows, and when it last changed. */
export interface PolledAdvisory {
  advisory: ObservedAdvisory;
  /** GitHub's `updated_at`: keys the observation, so a repeated poll is a no-op. */
  updatedAt: string;
}

/** A workflow run as the tick reads it. */
export interface WorkflowRunState {
  runId: number;
  /** `queued`, `in_progress`, `completed`, … */
  status: string;
  /** Set once it completed: `success`, `failure`, `cancelled`, … */
  conclusion?: string;
  url: string;
}

/** A release as a repository's listing shows it. */
export interface ReleaseState {
  tag: string;
  draft: boolean;
  url?: string;
}

/** A pull request as the tick reads it. */
export interface PullRequestState {
  number: number;
  merged: boolean;
  state: 'open' | 'closed';
}

/** One poll of a repository's advisories. */
export interface AdvisoryPoll {
  polled: PolledAdvisory[];
  /** Advisories the App could not read (a shape it does not know), named for the log. */
  unreadable: { ghsaId: string; reason: string }[];
}

/** A repository the installation can see, as the scheduler walks it. */
export interface InstallationRepository {
  fullName: string;
  private: boolean;
  archived: boolean;
}

/** A file read through the contents API. */
export interface RepoFile {
  content: string;
  sha: string;
}

/** A commit as the commits and compare APIs show it. */
export interface CommitInfo {
  sha: string;
  message: string;
  parents: string[];
}

/** `GET /repos/{owner}/{repo}/compare/{base}...{head}`: what head has that base lacks. */
export interface Comparison {
  status: 'ahead' | 'behind' | 'diverged' | 'identical';
  aheadBy: number;
  behindBy: number;
  /**
   * Commits reachable from head and not from base, oldest first: the first page only (100).
   * `aheadBy` counts them all, so a caller can tell when the list is not the whole story.
   */
  commits: CommitInfo[];
  /** Paths changed between the merge base and head. */
  files: string[];
}

/**
 * Everything the App asks of GitHub, as one narrow port. The Octokit implementation lives in
 * `octokit-github.ts`; tests pass fakes. Nothing else in the App talks to GitHub.
 */
export interface GitHubPort {
  /** The repository's visibility, default branch and (when GitHub says) creation instant. */
  getRepository(
    repo: string,
  ): Promise<{ private: boolean; defaultBranch: string; createdAt?: string }>;

  createIssue(
    repo: string,
    issue: { title: string; body: string; labels: string[] },
  ): Promise<TrackingIssue>;
  getIssue(repo: string, number: number): Promise<TrackingIssue>;
  updateIssue(
    repo: string,
    number: number,
    change: { body?: string; state?: 'open' | 'closed'; stateReason?: 'completed' | 'not_planned' },
  ): Promise<void>;
  /** Open and closed issues with the label, newest first. */
  listIssuesWithLabel(repo: string, label: string): Promise<TrackingIssue[]>;
  ensureLabel(repo: string, name: string, color: string, description: string): Promise<void>;
  listComments(repo: string, issue: number): Promise<IssueComment[]>;
  /**
   * Every issue comment of the repository updated since `since`, oldest change first, with the
   * issue it belongs to (one listing per tick instead of one per case). Comments by bots come
   * without their text: the tick only answers people, and the App's own comments are most of
   * a cold start's listing.
   */
  listRepoComments(repo: string, since: string): Promise<Feed<RepoComment>>;
  createComment(repo: string, issue: number, body: string): Promise<IssueComment>;
  minimizeComment(nodeId: string): Promise<void>;

  getAdvisory(repo: string, ghsaId: string): Promise<ObservedAdvisory>;
  listAdvisories(repo: string): Promise<ObservedAdvisory[]>;
  createAdvisory(repo: string, fields: AdvisoryWrite): Promise<{ ghsaId: string; url: string }>;
  updateAdvisory(repo: string, ghsaId: string, fields: AdvisoryWrite): Promise<void>;
  /** Current credits and collaborators, for read-modify-write of the list fields. */
  /**
   * The advisory as the global GitHub Advisory Database lists it (`GET /advisories/{ghsa_id}`):
   * its CVE alias and the first patched version per package; undefined while it is not listed.
   */
  getGlobalAdvisory(
    ghsaId: string,
  ): Promise<{ cveId?: string; patched: { name: string; version?: string }[] } | undefined>;
  getAdvisoryLists(
    repo: string,
    ghsaId: string,
  ): Promise<{ credits: { login: string; type: string }[]; users: string[]; teams: string[] }>;
  requestCve(repo: string, ghsaId: string): Promise<void>;
  createFork(repo: string, ghsaId: string): Promise<{ name: string; url: string }>;
  /** Preview API: throws `PreviewUnavailableError` on 403/404/410. */
  commentOnAdvisory(repo: string, ghsaId: string, body: string): Promise<void>;

  getBranchSha(repo: string, branch: string): Promise<string | undefined>;
  createBranch(repo: string, branch: string, sha: string): Promise<void>;
  /**
   * Creates the branch unless it exists: false when GitHub answers that the reference already
   * exists (one request instead of a read that is a 404 almost every time, then the write).
   */
  createBranchIfMissing(repo: string, branch: string, sha: string): Promise<boolean>;
  /** Removes a branch the App made for a release that could not be finished. */
  deleteBranch(repo: string, branch: string): Promise<void>;
  /** A commit named by SHA, branch or tag, with the paths it changes; undefined when none is. */
  getCommit(repo: string, ref: string): Promise<(CommitInfo & { files: string[] }) | undefined>;
  /** Compares two commits (SHA, branch or tag); undefined when either does not exist. */
  compareCommits(repo: string, base: string, head: string): Promise<Comparison | undefined>;
  /**
   * Merges `head` into the branch `base` (the merges API): the merge commit, `up-to-date` when
   * base already contains head, `conflict` when the two changed the same file differently.
   */
  mergeIntoBranch(
    repo: string,
    base: string,
    head: string,
    message: string,
  ): Promise<{ sha: string } | 'up-to-date' | 'conflict'>;
  /** Tag names starting with `prefix` and their commits (lightweight and annotated). */
  listTags(repo: string, prefix: string): Promise<{ name: string; sha: string }[]>;
  getFile(repo: string, path: string, ref: string): Promise<RepoFile | undefined>;
  listDirectory(repo: string, path: string, ref: string): Promise<string[]>;
  /** One commit on `branch` writing all files (git data API). */
  commitFiles(
    repo: string,
    branch: string,
    message: string,
    files: { path: string; content: string }[],
    /** The branch's head when the caller just read or made it (saves reading the ref again). */
    head?: string,
  ): Promise<{ sha: string }>;
  /**
   * A new branch holding one commit on `baseSha` with the files: the commit is made first and
   * the ref created on it (one write fewer than creating the branch and moving it). `exists`
   * when GitHub says the branch is already there (nothing was changed on it).
   */
  commitToNewBranch(
    repo: string,
    branch: string,
    baseSha: string,
    message: string,
    files: { path: string; content: string }[],
  ): Promise<{ sha: string } | 'exists'>;
  findOpenPullRequest(
    repo: string,
    head: string,
  ): Promise<{ number: number; url: string; title: string } | undefined>;
  createPullRequest(
    repo: string,
    pr: { head: string; base: string; title: string; body: string },
  ): Promise<{ number: number; url: string }>;

  dispatchWorkflow(
    repo: string,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<{ runId?: number; url?: string }>;
  /** The newest run of a workflow on a branch (check-before-do for a dispatch). */
  findWorkflowRun(
    repo: string,
    workflow: string,
    branch: string,
  ): Promise<{ runId: number; url: string } | undefined>;

  /** A workflow run, read when the tick checks one the case waits on (conditional). */
  getWorkflowRun(repo: string, runId: number): Promise<WorkflowRunState | undefined>;
  /** The repository's newest releases, drafts included (one conditional page). */
  listRecentReleases(repo: string): Promise<ReleaseState[]>;
  /** A pull request's state, read when the tick checks one the case waits on (conditional). */
  getPullRequest(repo: string, number: number): Promise<PullRequestState | undefined>;

  getPermission(repo: string, login: string): Promise<Permission>;
  isTeamMember(team: string, login: string): Promise<boolean>;

  // The scheduler's reads: conditional (an unchanged answer is a 304 and costs no rate limit).
  /** Every repository of the installation (`GET /installation/repositories`); the id keys the cache. */
  listInstallationRepositories(installationId: number): Promise<InstallationRepository[]>;
  /** Open issues with the label, every page; cheaper than `listIssuesWithLabel` for a poll. */
  listOpenIssuesWithLabel(repo: string, label: string): Promise<TrackingIssue[]>;
  /**
   * The same listing a page at a time, kept in no cache: the tick's cold start reads every open
   * case's body from it once (instead of one read per case) and keeps only what it needs.
   */
  scanOpenIssuesWithLabel(
    repo: string,
    label: string,
    page: (issues: TrackingIssue[]) => Promise<void>,
  ): Promise<void>;
  /**
   * Issues and pull requests of the repository changed since `since`, oldest change first, every
   * state and label (a label taken off is a change too): one conditional listing per tick, which
   * an idle repository answers with a 304. A page answered 304 comes back empty: it is the page
   * this process read last time, so nothing on it is new (and no body is kept for it). Each page
   * goes to `page` as it arrives (bodies are not all held at once); at most `maxPages` are read.
   */
  listChangedIssues(
    repo: string,
    since: string,
    maxPages: number,
    page: (issues: ListedIssue[]) => Promise<void>,
  ): Promise<Omit<Feed<ListedIssue>, 'items'>>;
  /**
   * The most recently updated advisories (first page, sorted by `updated`: a change moves an
   * advisory to the top). One that does not fit is reported apart and does not hide the others.
   */
  pollAdvisories(repo: string, repoPrivate: boolean): Promise<AdvisoryPoll>;
  /**
   * Pins an issue to the repository (GraphQL `pinIssue`). The node id of an issue just created
   * saves reading the issue for it.
   */
  pinIssue(repo: string, number: number, nodeId?: string): Promise<void>;
}

/** The preview advisory comments API is not available (403/404/410): fall back to manual. */
export class PreviewUnavailableError extends Error {
  constructor(readonly status: number) {
    super(`advisory comments API unavailable (HTTP ${status})`);
    this.name = 'PreviewUnavailableError';
  }
}
