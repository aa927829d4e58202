import type { GitHubPort } from '../github/port.js';

/** The log calls a dry run makes. */
export interface DryRunLog {
  info(obj: object, msg?: string): void;
}

/**
 * Every method of the port, bound to it, as own properties: a port that keeps its methods on a
 * prototype (a class) would lose them in a spread, and the dry run would have no reads.
 */
function methodsOf(github: GitHubPort): GitHubPort {
  const methods: Record<string, unknown> = {};
  for (
    let o: object | null = github;
    o && o !== Object.prototype;
    o = Object.getPrototypeOf(o) as object | null
  )
    for (const name of Object.getOwnPropertyNames(o)) {
      const value: unknown = Reflect.get(github, name);
      if (name !== 'constructor' && !(name in methods) && typeof value === 'function')
        methods[name] = (value as (...args: unknown[]) => unknown).bind(github);
    }
  return methods as unknown as GitHubPort;
}

/**
 * `DRY_RUN=true`: the GitHub port with every write replaced by a log line (reads still go to
 * GitHub, so the App decides on what is really there). The runner needs no dry-run branches:
 * whatever it would write is logged, and nothing it decides is ever stored.
 */
export function dryRunPort(github: GitHubPort, log: DryRunLog): GitHubPort {
  const would = (what: string, detail: object): void => {
    log.info(detail, `dry run: would ${what}`);
  };
  return {
    ...methodsOf(github),
    createIssue(repo, issue) {
      would('create an issue', { repo, title: issue.title });
      return Promise.resolve({
        number: 0,
        title: issue.title,
        body: issue.body,
        state: 'open',
        url: '',
      });
    },
    updateIssue(repo, number, change) {
      would('update an issue', { repo, number, change: Object.keys(change) });
      return Promise.resolve();
    },
    ensureLabel(repo, name) {
      would('ensure a label', { repo, name });
      return Promise.resolve();
    },
    createComment(repo, issue, body) {
      would('comment', { repo, issue, length: body.length });
      return Promise.resolve({
        id: 0,
        nodeId: 'dry-run',
        body,
        author: 'dry-run',
        authorType: 'Bot',
        createdAt: new Date(0).toISOString(),
      });
    },
    minimizeComment(nodeId) {
      would('minimize a comment', { nodeId });
      return Promise.resolve();
    },
    createAdvisory(repo, fields) {
      would('create an advisory', { repo, summary: fields.summary });
      return Promise.resolve({ ghsaId: 'GHSA-dry0-run0-0000', url: '' });
    },
    updateAdvisory(repo, ghsaId, fields) {
      would('update an advisory', { repo, ghsaId, fields: Object.keys(fields) });
      return Promise.resolve();
    },
    requestCve(repo, ghsaId) {
      would('request a CVE', { repo, ghsaId });
      return Promise.resolve();
    },
    createFork(repo, ghsaId) {
      would('create a temporary private fork', { repo, ghsaId });
      return Promise.resolve({ name: 'dry-run', url: '' });
    },
    commentOnAdvisory(repo, ghsaId, body) {
      would('comment on the advisory', { repo, ghsaId, length: body.length });
      return Promise.resolve();
    },
    createBranch(repo, branch, sha) {
      would('create a branch', { repo, branch, sha });
      return Promise.resolve();
    },
    createBranchIfMissing(repo, branch, sha) {
      would('create a branch unless it exists', { repo, branch, sha });
      return Promise.resolve(true);
    },
    deleteBranch(repo, branch) {
      would('delete a branch', { repo, branch });
      return Promise.resolve();
    },
    mergeIntoBranch(repo, base, head) {
      would('merge into a branch', { repo, base, head });
      return Promise.resolve({ sha: 'dry-run' });
    },
    commitFiles(repo, branch, message, files) {
      would('commit', { repo, branch, message, files: files.map((f) => f.path) });
      return Promise.resolve({ sha: '0000000000000000000000000000000000000000' });
    },
    commitToNewBranch(repo, branch, baseSha, message, files) {
      would('commit on a new branch', {
        repo,
        branch,
        baseSha,
        message,
        files: files.map((f) => f.path),
      });
      return Promise.resolve({ sha: '0000000000000000000000000000000000000000' });
    },
    createPullRequest(repo, pr) {
      would('open a pull request', { repo, head: pr.head, base: pr.base });
      return Promise.resolve({ number: 0, url: '' });
    },
    dispatchWorkflow(repo, workflow, ref) {
      would('dispatch a workflow', { repo, workflow, ref });
      return Promise.resolve({});
    },
    pinIssue(repo, number) {
      would('pin an issue', { repo, number });
      return Promise.resolve();
    },
  };
}
