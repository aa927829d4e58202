import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach } from 'vitest';
import type { AppState } from '../../src/instance-state.js';
import { newCaseFile, type CaseFile } from '../../src/domain/case-file.js';
import { decodeCaseFile, encodeCaseFile } from '../../src/domain/case-file-codec.js';
import { fold } from '../../src/domain/fold.js';
import { createApp } from '../../src/index.js';
import { openedRecord } from '../domain/fixtures.js';

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

/** The leak-watch handler tests' world: one public product repository, one case in triage. */
const API = 'https://api.github.com';
export const SECRET = 'test-secret';
export const BOT = { login: 'advisory-pilot[bot]', type: 'Bot' };
export const GHSA = 'GHSA-2c5f-hj7m-pq9r';
export const HOME = { repo: 'acme/security-tracking', issue: 7 };
const CONFIG = 'tracking:\n  repository: acme/security-tracking\n';
export const MARKER = `<!-- advisory-pilot:case acme/widget ${GHSA} -->`;
export const WIDGET = {
  full_name: 'acme/widget',
  name: 'widget',
  private: false,
  default_branch: 'main',
  owner: { login: 'acme' },
};

/** The case file in a tracking-issue body, verified with the test secret. */
export function caseFileOf(body: string): CaseFile {
  const read = decodeCaseFile(body, HOME, SECRET);
  if (read.kind !== 'found') throw new Error(`no case file in the body: ${read.kind}`);
  return read.file;
}

/** The Probot App of a leak-watch handler test, loaded afresh for each test. */
export interface LeakWatchApp {
  probot(): Probot;
  state(): AppState;
  /** Delivers a webhook and waits for the work the App queued after acknowledging it. */
  receive(event: Parameters<Probot['receive']>[0]): Promise<void>;
}

/** Registers the hooks that load the App before each test (and clean nock after it). */
export function useApp(): LeakWatchApp {
  let probot: Probot | undefined;
  let state: AppState | undefined;
  beforeEach(async () => {
    nock.disableNetConnect();
    probot = new Probot({ githubToken: 'test', Octokit: TestOctokit, logLevel: 'fatal' });
    await probot.load(
      createApp({
        onState: (s) => (state = s),
        botLogin: BOT.login,
        stateSecret: SECRET,
        now: () => new Date('2026-11-23T09:00:00Z'),
      }),
      { cwd: process.cwd(), addHandler: () => undefined },
    );
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const app: LeakWatchApp = {
    probot: () => {
      if (!probot) throw new Error('the App is not loaded');
      return probot;
    },
    state: () => {
      if (!state) throw new Error('the App is not loaded');
      return state;
    },
    async receive(event) {
      await app.probot().receive(event);
      await app.state().idle();
    },
  };
  return app;
}

/**
 * GitHub as the App sees it: the product repository's configuration, one open case in triage
 * (a v2 case file in the tracking issue's body, which every write replaces), and a log of every
 * request. The App may post comments; each is kept.
 */
export function github() {
  const opened = fold([openedRecord({ tracking: HOME })]).case!;
  let body = `${MARKER}\nintro\n${encodeCaseFile(newCaseFile(opened), HOME, SECRET)}`;
  const requests: string[] = [];
  const comments: string[] = [];
  const scope = nock(API)
    .persist()
    .get('/repos/acme/widget/contents/.github%2Fadvisory-pilot.yml')
    .reply(200, CONFIG, { 'content-type': 'text/plain; charset=utf-8' })
    .get('/repos/acme/security-tracking/issues')
    .query({ labels: 'security-advisory', state: 'all', per_page: '100' })
    .reply(() => [200, [{ number: 7, title: 'case', body, state: 'open', html_url: '' }]])
    .get('/repos/acme/security-tracking')
    .reply(200, { private: true, default_branch: 'main' })
    .get('/repos/acme/security-tracking/issues/7')
    .reply(() => [200, { number: 7, title: 'case', body, state: 'open', html_url: '' }])
    .patch('/repos/acme/security-tracking/issues/7')
    .reply((_uri, b) => {
      body = (b as { body: string }).body;
      return [200, {}];
    })
    .post('/repos/acme/security-tracking/issues/7/comments')
    .reply((_uri, b) => {
      comments.push((b as { body: string }).body);
      const id = 700 + comments.length;
      return [201, { id, node_id: `IC_${String(id)}`, body: '', user: BOT, created_at: '' }];
    });
  scope.on('request', (req: { method: string; path: string }) => {
    requests.push(`${req.method} ${req.path.split('?')[0] ?? ''}`);
  });
  return { requests, comments, body: () => body };
}
