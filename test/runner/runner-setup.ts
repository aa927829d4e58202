import { parseConfig } from '../../src/config/parse-config.js';
import type { CaseFile } from '../../src/domain/case-file.js';
import { decodeCaseFile } from '../../src/domain/case-file-codec.js';
import type { Actor, Input } from '../../src/domain/inputs.js';
import { createMemoryQueue } from '../../src/queue.js';
import { createCaseMemory } from '../../src/runner/case-memory.js';
import type { CaseJob } from '../../src/runner/run-case.js';
import type { RunnerDeps } from '../../src/runner/runner-deps.js';
import { reportedAdvisory } from '../domain/driver.js';
import { FakeGitHub } from '../helpers/fake-github.js';

export const SECRET = 'runner-secret';
export const BOT = 'advisory-pilot[bot]';
export const TRACKING = { repo: 'acme/security-tracking', issue: 1 };
export const MAINTAINER: Actor = {
  login: 'maintainer-max',
  permission: 'maintain',
  teamMember: false,
};
export const SECOND: Actor = { login: 'maintainer-mia', permission: 'maintain', teamMember: false };
export const VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N';
export const INTRO = '<!-- advisory-pilot:case acme/widget GHSA-2c5f-hj7m-pq9r -->\nintro';

/** A runner over a fake GitHub holding one tracking issue and one reported advisory. */
export function setup(options: { trackingPrivate?: boolean } = {}) {
  const github = new FakeGitHub()
    .addRepo('acme/security-tracking', { private: options.trackingPrivate ?? true })
    .addRepo('acme/widget', {
      private: false,
      files: { 'package.json': '{\n  "name": "@acme/widget",\n  "version": "0.71.0"\n}\n' },
    });
  github.repo('acme/security-tracking').issues.push({
    number: 1,
    title: '[GHSA] case',
    body: INTRO,
    state: 'open',
    url: '',
    labels: ['security-advisory'],
    comments: [],
  });
  github.advisories.set('GHSA-2c5f-hj7m-pq9r', {
    ...reportedAdvisory(),
    credits: [],
    users: [],
    teams: [],
  });
  const config = parseConfig({});
  if (!config.ok) throw new Error('bad config');
  const clock = new Date('2026-11-23T09:00:00Z');
  const deps: RunnerDeps = {
    github,
    config: config.config,
    identity: { botLogin: BOT, secret: SECRET },
    queue: createMemoryQueue(),
    now: () => clock,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    dryRun: false,
    privacy: new Map(),
    fetchText: () => Promise.resolve(''),
    memory: createCaseMemory(),
  };
  const report: Input = {
    type: 'report-received',
    delivery: 'guid-1',
    advisory: reportedAdvisory(),
    tracking: TRACKING,
  };
  const issue = () => github.repo(TRACKING.repo).issues[0]!;
  /** A human comment on the tracking issue, and the job of its command lines, top to bottom. */
  const comment = (lines: readonly string[], actor: Actor = MAINTAINER): CaseJob => {
    const posted = github.addComment(TRACKING.repo, TRACKING.issue, lines.join('\n'), actor.login);
    const key = `guid-c${String(posted.id)}`;
    return {
      key,
      origin: { kind: 'comment', commentId: posted.id },
      inputs: lines.map((line, index): Input => {
        const [name = '', ...rest] = line.replace(/^\//, '').split(' ');
        return {
          type: 'command',
          delivery: `${key}:${String(index)}`,
          commentId: posted.id,
          index,
          name,
          argsText: rest.join(' '),
          actor,
        };
      }),
    };
  };
  /** The one-command input of a fresh human comment (what `runInput` is handed). */
  const command = (line: string, actor: Actor = MAINTAINER): Input => {
    const [input] = comment([line], actor).inputs as Input[];
    if (!input) throw new Error('no input');
    return input;
  };
  /** The case file in the body, verified with the secret. */
  const file = (): CaseFile => {
    const read = decodeCaseFile(issue().body, TRACKING, SECRET);
    if (read.kind !== 'found') throw new Error(`no case file: ${read.kind}`);
    return read.file;
  };
  const count = (method: string) => github.calls.filter((c) => c.method === method).length;
  const appComments = () => issue().comments.filter((c) => c.author === BOT);
  return { github, deps, report, comment, command, issue, file, count, appComments };
}

/** The human comment a job answers (its reply's reference names it). */
export function commentIdOf(job: {
  origin: { kind: string; commentId?: number };
}): number | undefined {
  return job.origin.kind === 'comment' ? job.origin.commentId : undefined;
}
