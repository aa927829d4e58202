import type { AdvisoryWrite } from '../../src/domain/effects.js';
import type { ObservedAdvisory, Permission } from '../../src/domain/inputs.js';
import {
  PreviewUnavailableError,
  type GitHubPort,
  type IssueComment,
  type AdvisoryPoll,
  type CommitInfo,
  type Comparison,
  type Feed,
  type ListedIssue,
  type PolledAdvisory,
  type PullRequestState,
  type ReleaseState,
  type RepoComment,
  type TrackingIssue,
  type WorkflowRunState,
} from '../../src/github/port.js';

interface FakeRepo {
  private: boolean;
  defaultBranch: string;
  branches: Map<string, Map<string, string>>;
  issues: (TrackingIssue & { labels: string[]; comments: IssueComment[] })[];
  pulls: { number: number; head: string; url: string; title: string; merged?: boolean }[];
  /** Releases, newest first (a test publishes one by adding it). */
  releases: ReleaseState[];
  /** Workflow runs by id (a test completes one by setting its status). */
  runs: Map<number, WorkflowRunState>;
  labels: Set<string>;
  permissions: Map<string, Permission>;
}

/** One call the fake received, for assertions on what the App wrote. */
export interface FakeCall {
  method: keyof GitHubPort;
  args: unknown[];
}

/**
 * An in-memory GitHub behind the port, for pipeline tests: repositories with branches and files,
 * issues and comments, advisories, PRs and permissions. Every call is logged.
 */
export class FakeGitHub implements GitHubPort {
  readonly calls: FakeCall[] = [];
  readonly repos = new Map<string, FakeRepo>();
  readonly advisories = new Map<
    string,
    ObservedAdvisory & {
      credits: { login: string; type: string }[];
      users: string[];
      teams: string[];
      /** GitHub's `updated_at` (defaults to `createdAt`); tests bump it when they edit. */
      updatedAt?: string;
    }
  >();
  readonly advisoryComments: { ghsaId: string; body: string }[] = [];
  readonly teamMembers = new Set<string>();
  previewAvailable = true;
  private nextId = 1;
  /** Set to make the next call of a method throw (fault injection). */
  readonly failNext = new Map<keyof GitHubPort, Error>();
  /** Fault injection by call: return an error to throw it (after the call is logged). */
  fault: ((method: keyof GitHubPort, args: unknown[]) => Error | undefined) | undefined;
  /** Conditional reads per method: `hits` were answered 304 (unchanged), `misses` with data. */
  readonly conditional = new Map<keyof GitHubPort, { hits: number; misses: number }>();
  /** What the client last received per conditional key (its ETag, in effect). */
  private readonly etags = new Map<string, string>();
  /** Issues pinned with `pinIssue`, as "owner/name#number". */
  readonly pinned = new Set<string>();
  /**
   * What each issue looked like when a listing of changed issues last saw it, and since when:
   * GitHub moves `updated_at` on every change (body, state, labels, comments), however a test
   * made it.
   */
  private readonly issueVersions = new Map<string, { seen: string; updatedAt: string }>();
  /** Makes the next listing of a change feed report itself cut short, with this reason. */
  readonly truncateNext = new Map<'listChangedIssues' | 'listRepoComments', string>();
  /** The clock comments are stamped with (the epoch unless a test gives its own). */
  now: () => Date = () => new Date(0);

  addRepo(name: string, options: { private: boolean; files?: Record<string, string> }): this {
    this.repos.set(name, {
      private: options.private,
      defaultBranch: 'main',
      branches: new Map([['main', new Map(Object.entries(options.files ?? {}))]]),
      issues: [],
      pulls: [],
      releases: [],
      runs: new Map(),
      labels: new Set(),
      permissions: new Map(),
    });
    return this;
  }

  repo(name: string): FakeRepo {
    const repo = this.repos.get(name);
    if (!repo) throw Object.assign(new Error(`Not Found: ${name}`), { status: 404 });
    return repo;
  }

  private log(method: keyof GitHubPort, args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failNext.get(method);
    if (failure) {
      this.failNext.delete(method);
      throw failure;
    }
    const injected = this.fault?.(method, args);
    if (injected) throw injected;
  }

  /**
   * Models a conditional GET: the answer counts as a 304 when the client already holds exactly
   * this data under this key (an unchanged resource keeps its ETag), else as a 200.
   */
  private answer<T>(method: keyof GitHubPort, key: string, data: T): T {
    const text = JSON.stringify(data);
    const hit = this.etags.get(key) === text;
    this.etags.set(key, text);
    const stats = this.conditional.get(method) ?? { hits: 0, misses: 0 };
    if (hit) stats.hits++;
    else stats.misses++;
    this.conditional.set(method, stats);
    return data;
  }

  /** Forgets every ETag the client held: a restarted App starts with an empty cache. */
  forgetEtags(): void {
    this.etags.clear();
  }

  /** Total conditional reads answered 304 and with data, over every method. */
  conditionalTotals(): { hits: number; misses: number } {
    let hits = 0;
    let misses = 0;
    for (const s of this.conditional.values()) {
      hits += s.hits;
      misses += s.misses;
    }
    return { hits, misses };
  }

  private issue(repo: string, number: number) {
    const issue = this.repo(repo).issues.find((i) => i.number === number);
    if (!issue) throw Object.assign(new Error('Not Found'), { status: 404 });
    return issue;
  }

  async getRepository(repo: string) {
    this.log('getRepository', [repo]);
    const r = this.repo(repo);
    return { private: r.private, defaultBranch: r.defaultBranch };
  }
  async createIssue(repo: string, issue: { title: string; body: string; labels: string[] }) {
    this.log('createIssue', [repo, issue]);
    const r = this.repo(repo);
    const created = {
      number: r.issues.length + 1,
      title: issue.title,
      body: issue.body,
      state: 'open' as const,
      url: `https://github.com/${repo}/issues/${r.issues.length + 1}`,
      labels: issue.labels,
      comments: [],
    };
    r.issues.push(created);
    return created;
  }
  async getIssue(repo: string, number: number) {
    this.log('getIssue', [repo, number]);
    const { comments: _c, labels: _l, ...issue } = this.issue(repo, number);
    return this.answer('getIssue', `issue:${repo}#${String(number)}`, issue);
  }
  async updateIssue(
    repo: string,
    number: number,
    change: { body?: string; state?: 'open' | 'closed'; stateReason?: 'completed' | 'not_planned' },
  ) {
    this.log('updateIssue', [repo, number, change]);
    const issue = this.issue(repo, number);
    if (change.body !== undefined) issue.body = change.body;
    if (change.state !== undefined) issue.state = change.state;
  }
  async listIssuesWithLabel(repo: string, label: string) {
    this.log('listIssuesWithLabel', [repo, label]);
    return this.repo(repo)
      .issues.filter((i) => i.labels.includes(label))
      .map(({ comments: _c, labels: _l, ...i }) => i);
  }
  async ensureLabel(repo: string, name: string) {
    this.log('ensureLabel', [repo, name]);
    this.repo(repo).labels.add(name);
  }
  async listComments(repo: string, issue: number) {
    this.log('listComments', [repo, issue]);
    return this.answer('listComments', `comments:${repo}#${String(issue)}`, [
      ...this.issue(repo, issue).comments,
    ]);
  }
  async listRepoComments(repo: string, since: string): Promise<Feed<RepoComment>> {
    this.log('listRepoComments', [repo, since]);
    // One key for every `since`: GitHub's ETag is the listing's content, whatever the query.
    const items = this.answer(
      'listRepoComments',
      `repo-comments:${repo}`,
      this.repo(repo).issues.flatMap((i) =>
        i.comments
          .filter((c) => (c.updatedAt ?? c.createdAt) >= since)
          .map((c) => ({ ...c, issue: i.number, ...(c.authorType === 'Bot' ? { body: '' } : {}) })),
      ),
    );
    return this.feed('listRepoComments', items);
  }
  private feed<T>(method: 'listChangedIssues' | 'listRepoComments', items: T[]): Feed<T> {
    const truncated = this.truncateNext.get(method);
    this.truncateNext.delete(method);
    return truncated
      ? {
          items: items.slice(0, Math.floor(items.length / 2)),
          truncated: { reason: truncated, tooLong: false },
        }
      : { items };
  }
  async scanOpenIssuesWithLabel(
    repo: string,
    label: string,
    visit: (issues: TrackingIssue[]) => Promise<void>,
  ) {
    const issues = this.repo(repo)
      .issues.filter((i) => i.state === 'open' && i.labels.includes(label))
      .map(({ comments: _c, labels: _l, ...i }) => ({ ...i }));
    for (let from = 0; ; from += 100) {
      this.log('scanOpenIssuesWithLabel', [repo, label, from / 100 + 1]);
      const page = issues.slice(from, from + 100);
      await visit(page);
      if (page.length < 100) return;
    }
  }
  async listChangedIssues(
    repo: string,
    since: string,
    maxPages: number,
    visit: (issues: ListedIssue[]) => Promise<void>,
  ) {
    this.log('listChangedIssues', [repo, since, maxPages]);
    const at = this.now().toISOString();
    const listed: ListedIssue[] = [];
    for (const { comments, ...issue } of this.repo(repo).issues) {
      const key = `${repo}#${String(issue.number)}`;
      const seen = JSON.stringify([issue, comments]);
      const known = this.issueVersions.get(key);
      const updatedAt = known?.seen === seen ? known.updatedAt : at;
      this.issueVersions.set(key, { seen, updatedAt });
      if (updatedAt >= since) listed.push({ ...issue, labels: [...issue.labels], updatedAt });
    }
    listed.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.number - b.number);
    const hits = this.conditional.get('listChangedIssues')?.hits ?? 0;
    const items = this.answer('listChangedIssues', `changed-issues:${repo}`, listed);
    // Like the Octokit port: a listing answered 304 holds nothing new, and comes back empty.
    const unchanged = (this.conditional.get('listChangedIssues')?.hits ?? 0) > hits;
    const feed = this.feed('listChangedIssues', unchanged ? [] : items);
    for (let from = 0; from < feed.items.length; from += 100)
      await visit(feed.items.slice(from, from + 100));
    return feed.truncated ? { truncated: feed.truncated } : {};
  }
  async createComment(repo: string, issue: number, body: string) {
    this.log('createComment', [repo, issue, body]);
    return this.addComment(repo, issue, body, 'advisory-pilot[bot]', 'Bot');
  }
  /** A comment by anyone (tests use it for humans and forged records). */
  addComment(
    repo: string,
    issue: number,
    body: string,
    author: string,
    authorType = 'User',
  ): IssueComment {
    const comment = {
      id: this.nextId++,
      nodeId: `IC_${this.nextId}`,
      body,
      author,
      authorType,
      createdAt: this.now().toISOString(),
    };
    this.issue(repo, issue).comments.push(comment);
    return comment;
  }
  async minimizeComment(nodeId: string) {
    this.log('minimizeComment', [nodeId]);
  }
  async getAdvisory(repo: string, ghsaId: string) {
    this.log('getAdvisory', [repo, ghsaId]);
    const advisory = this.advisories.get(ghsaId);
    if (!advisory) throw Object.assign(new Error('Not Found'), { status: 404 });
    return advisory;
  }
  async listAdvisories(repo: string) {
    this.log('listAdvisories', [repo]);
    return this.answer(
      'listAdvisories',
      `advisories:${repo}`,
      [...this.advisories.values()].filter((a) => a.repo === repo),
    );
  }
  async listInstallationRepositories(installationId: number) {
    this.log('listInstallationRepositories', [installationId]);
    const repos = [...this.repos.entries()].map(([fullName, r]) => ({
      fullName,
      private: r.private,
      archived: false,
    }));
    return this.answer('listInstallationRepositories', `repos:${String(installationId)}`, repos);
  }
  async listOpenIssuesWithLabel(repo: string, label: string) {
    this.log('listOpenIssuesWithLabel', [repo, label]);
    const issues = this.repo(repo)
      .issues.filter((i) => i.state === 'open' && i.labels.includes(label))
      .map(({ comments: _c, labels: _l, ...i }) => i);
    return this.answer('listOpenIssuesWithLabel', `open-issues:${repo}:${label}`, issues);
  }
  /** Advisories GitHub lists that the App cannot read (their shape is unknown to it). */
  unreadableAdvisories: { repo: string; ghsaId: string; reason: string }[] = [];
  async pollAdvisories(repo: string, repoPrivate: boolean) {
    this.log('pollAdvisories', [repo, repoPrivate]);
    const polled: PolledAdvisory[] = [...this.advisories.values()]
      .filter((a) => a.repo === repo)
      .map(({ credits: _c, users: _u, teams: _t, updatedAt, ...advisory }) => ({
        advisory: { ...advisory, repoPrivate },
        updatedAt: updatedAt ?? advisory.createdAt,
      }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, 100);
    const poll: AdvisoryPoll = {
      polled,
      unreadable: this.unreadableAdvisories
        .filter((u) => u.repo === repo)
        .map(({ repo: _r, ...u }) => u),
    };
    return this.answer('pollAdvisories', `poll:${repo}`, poll);
  }
  async pinIssue(repo: string, number: number) {
    this.log('pinIssue', [repo, number]);
    this.issue(repo, number);
    this.pinned.add(`${repo}#${String(number)}`);
  }
  async createAdvisory(repo: string, fields: AdvisoryWrite) {
    this.log('createAdvisory', [repo, fields]);
    const ghsaId = `GHSA-wxwx-2345-c${String(this.nextId++).padStart(3, '2').slice(-3).replace(/[01]/g, '2')}`;
    this.advisories.set(ghsaId, {
      ghsaId,
      repo,
      repoPrivate: this.repo(repo).private,
      state: 'draft',
      summary: fields.summary ?? '',
      createdAt: new Date(0).toISOString(),
      credits: [],
      users: [],
      teams: [],
    });
    return { ghsaId, url: `https://github.com/${repo}/security/advisories/${ghsaId}` };
  }
  async updateAdvisory(repo: string, ghsaId: string, fields: AdvisoryWrite) {
    this.log('updateAdvisory', [repo, ghsaId, fields]);
    const advisory = this.advisories.get(ghsaId);
    if (!advisory) throw Object.assign(new Error('Not Found'), { status: 404 });
    if (fields.state) advisory.state = fields.state;
    if (fields.credits) advisory.credits = fields.credits;
    if (fields.collaborating_users) advisory.users = fields.collaborating_users;
    if (fields.collaborating_teams) advisory.teams = fields.collaborating_teams;
  }
  /** The global database's entries, by GHSA ID (absent: not listed yet). */
  readonly globalAdvisories = new Map<
    string,
    { cveId?: string; patched: { name: string; version?: string }[] }
  >();
  async getGlobalAdvisory(ghsaId: string) {
    this.log('getGlobalAdvisory', [ghsaId]);
    return this.globalAdvisories.get(ghsaId);
  }
  async getAdvisoryLists(repo: string, ghsaId: string) {
    const advisory = await this.getAdvisory(repo, ghsaId);
    return { credits: advisory.credits, users: advisory.users, teams: advisory.teams };
  }
  async requestCve(repo: string, ghsaId: string) {
    this.log('requestCve', [repo, ghsaId]);
  }
  async createFork(repo: string, ghsaId: string) {
    this.log('createFork', [repo, ghsaId]);
    const name = `${repo}-${ghsaId.toLowerCase()}`;
    return { name, url: `https://github.com/${name}` };
  }
  async commentOnAdvisory(repo: string, ghsaId: string, body: string) {
    this.log('commentOnAdvisory', [repo, ghsaId, body]);
    if (!this.previewAvailable) throw new PreviewUnavailableError(404);
    this.advisoryComments.push({ ghsaId, body });
  }
  async getBranchSha(repo: string, branch: string) {
    this.log('getBranchSha', [repo, branch]);
    return this.repo(repo).branches.has(branch) ? `sha-${branch}` : undefined;
  }
  async createBranch(repo: string, branch: string, sha: string) {
    this.log('createBranch', [repo, branch, sha]);
    const r = this.repo(repo);
    r.branches.set(branch, new Map(r.branches.get(r.defaultBranch)));
  }
  async createBranchIfMissing(repo: string, branch: string, sha: string) {
    this.log('createBranchIfMissing', [repo, branch, sha]);
    const r = this.repo(repo);
    if (r.branches.has(branch)) return false;
    r.branches.set(branch, new Map(r.branches.get(r.defaultBranch)));
    return true;
  }
  async deleteBranch(repo: string, branch: string) {
    this.log('deleteBranch', [repo, branch]);
    this.repo(repo).branches.delete(branch);
  }
  /**
   * Commits and comparisons have no history here: a test registers the answers it needs
   * (`history`), and anything else is "not found", as GitHub answers for an unknown SHA.
   */
  readonly history = {
    commits: new Map<string, CommitInfo & { files: string[] }>(),
    comparisons: new Map<string, Comparison>(),
    tags: [] as { name: string; sha: string }[],
  };
  async getCommit(repo: string, ref: string) {
    this.log('getCommit', [repo, ref]);
    return this.history.commits.get(ref);
  }
  async compareCommits(repo: string, base: string, head: string) {
    this.log('compareCommits', [repo, base, head]);
    return this.history.comparisons.get(`${base}...${head}`);
  }
  async mergeIntoBranch(
    repo: string,
    base: string,
    head: string,
    message: string,
  ): Promise<{ sha: string } | 'up-to-date' | 'conflict'> {
    this.log('mergeIntoBranch', [repo, base, head, message]);
    if (!this.repo(repo).branches.has(base))
      throw Object.assign(new Error('Base does not exist'), { status: 404 });
    return { sha: `merge-${this.nextId++}` };
  }
  async listTags(repo: string, prefix: string) {
    this.log('listTags', [repo, prefix]);
    return this.history.tags.filter((t) => t.name.startsWith(prefix));
  }
  async getFile(repo: string, path: string, ref: string) {
    this.log('getFile', [repo, path, ref]);
    const content = this.repo(repo).branches.get(ref)?.get(path);
    return content === undefined ? undefined : { content, sha: `blob-${path}` };
  }
  async listDirectory(repo: string, path: string, ref: string) {
    this.log('listDirectory', [repo, path, ref]);
    const files = [...(this.repo(repo).branches.get(ref)?.keys() ?? [])];
    return [
      ...new Set(
        files
          .filter((f) => f.startsWith(`${path}/`))
          .map((f) => f.slice(path.length + 1).split('/')[0] ?? ''),
      ),
    ];
  }
  async commitFiles(
    repo: string,
    branch: string,
    message: string,
    files: { path: string; content: string }[],
    knownHead?: string,
  ) {
    this.log('commitFiles', [repo, branch, message, files, ...(knownHead ? [knownHead] : [])]);
    const tree = this.repo(repo).branches.get(branch);
    if (!tree) throw Object.assign(new Error('Reference does not exist'), { status: 422 });
    for (const f of files) tree.set(f.path, f.content);
    return { sha: `commit-${this.nextId++}` };
  }
  async commitToNewBranch(
    repo: string,
    branch: string,
    baseSha: string,
    message: string,
    files: { path: string; content: string }[],
  ) {
    this.log('commitToNewBranch', [repo, branch, baseSha, message, files]);
    const r = this.repo(repo);
    if (r.branches.has(branch)) return 'exists' as const;
    const tree = new Map(r.branches.get(r.defaultBranch));
    for (const f of files) tree.set(f.path, f.content);
    r.branches.set(branch, tree);
    return { sha: `commit-${this.nextId++}` };
  }
  async findOpenPullRequest(repo: string, head: string) {
    this.log('findOpenPullRequest', [repo, head]);
    const pr = this.repo(repo).pulls.find((p) => p.head === head);
    return pr ? { number: pr.number, url: pr.url, title: pr.title } : undefined;
  }
  async createPullRequest(
    repo: string,
    pr: { head: string; base: string; title: string; body: string },
  ) {
    this.log('createPullRequest', [repo, pr]);
    const r = this.repo(repo);
    const number = 100 + r.pulls.length;
    const created = {
      number,
      head: pr.head,
      title: pr.title,
      url: `https://github.com/${repo}/pull/${number}`,
    };
    r.pulls.push(created);
    return { number, url: created.url };
  }
  async dispatchWorkflow(
    repo: string,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ) {
    this.log('dispatchWorkflow', [repo, workflow, ref, inputs]);
    return { runId: 4242, url: `https://github.com/${repo}/actions/runs/4242` };
  }
  async findWorkflowRun(repo: string, workflow: string, branch: string) {
    this.log('findWorkflowRun', [repo, workflow, branch]);
    return undefined;
  }
  async getWorkflowRun(repo: string, runId: number) {
    this.log('getWorkflowRun', [repo, runId]);
    return this.repo(repo).runs.get(runId);
  }
  async listRecentReleases(repo: string) {
    this.log('listRecentReleases', [repo]);
    return this.repo(repo).releases.slice(0, 30);
  }
  async getPullRequest(repo: string, number: number): Promise<PullRequestState | undefined> {
    this.log('getPullRequest', [repo, number]);
    const pull = this.repo(repo).pulls.find((p) => p.number === number);
    if (!pull) return undefined;
    const merged = pull.merged ?? false;
    return { number, merged, state: merged ? 'closed' : 'open' };
  }
  async getPermission(repo: string, login: string) {
    this.log('getPermission', [repo, login]);
    return this.repo(repo).permissions.get(login) ?? 'none';
  }
  async isTeamMember(team: string, login: string) {
    this.log('isTeamMember', [team, login]);
    return this.teamMembers.has(`${team}:${login}`);
  }

  /** Calls that wrote to GitHub (everything but reads). */
  writes(): FakeCall[] {
    const reads = new Set<keyof GitHubPort>([
      'getRepository',
      'getIssue',
      'listIssuesWithLabel',
      'listComments',
      'listRepoComments',
      'getAdvisory',
      'listAdvisories',
      'getAdvisoryLists',
      'getGlobalAdvisory',
      'getBranchSha',
      'getFile',
      'listDirectory',
      'findOpenPullRequest',
      'findWorkflowRun',
      'getWorkflowRun',
      'listRecentReleases',
      'getPullRequest',
      'getPermission',
      'isTeamMember',
      'listInstallationRepositories',
      'listOpenIssuesWithLabel',
      'scanOpenIssuesWithLabel',
      'listChangedIssues',
      'pollAdvisories',
    ]);
    return this.calls.filter((c) => !reads.has(c.method));
  }
}
