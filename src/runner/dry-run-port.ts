import type { GitHubPort } from '../github/port.js';

/** The log calls a dry run makes. */
export interface DryRunLog {
  info(obj: object, msg?: string): void;
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
    ...github,
    async createIssue(repo, issue) {
      would('create an issue', { repo, title: issue.title });
      return { number: 0, title: issue.title, body: issue.body, state: 'open', url: '' };
    },
    async updateIssue(repo, number, change) {
      would('update an issue', { repo, number, change: Object.keys(change) });
    },
    async ensureLabel(repo, name) {
      would('ensure a label', { repo, name });
    },
    async createComment(repo, issue, body) {
      would('comment', { repo, issue, length: body.length });
      return {
        id: 0,
        nodeId: 'dry-run',
        body,
        author: 'dry-run',
        authorType: 'Bot',
        createdAt: new Date(0).toISOString(),
      };
    },
    async minimizeComment(nodeId) {
      would('minimize a comment', { nodeId });
    },
    async createAdvisory(repo, fields) {
      would('create an advisory', { repo, summary: fields.summary });
      return { ghsaId: 'GHSA-dry0-run0-0000', url: '' };
    },
    async updateAdvisory(repo, ghsaId, fields) {
      would('update an advisory', { repo, ghsaId, fields: Object.keys(fields) });
    },
    async requestCve(repo, ghsaId) {
      would('request a CVE', { repo, ghsaId });
    },
    async createFork(repo, ghsaId) {
      would('create a temporary private fork', { repo, ghsaId });
      return { name: 'dry-run', url: '' };
    },
    async commentOnAdvisory(repo, ghsaId, body) {
      would('comment on the advisory', { repo, ghsaId, length: body.length });
    },
    async createBranch(repo, branch, sha) {
      would('create a branch', { repo, branch, sha });
    },
    async commitFiles(repo, branch, message, files) {
      would('commit', { repo, branch, message, files: files.map((f) => f.path) });
      return { sha: '0000000000000000000000000000000000000000' };
    },
    async createPullRequest(repo, pr) {
      would('open a pull request', { repo, head: pr.head, base: pr.base });
      return { number: 0, url: '' };
    },
    async dispatchWorkflow(repo, workflow, ref) {
      would('dispatch a workflow', { repo, workflow, ref });
      return {};
    },
    async pinIssue(repo, number) {
      would('pin an issue', { repo, number });
    },
  };
}
