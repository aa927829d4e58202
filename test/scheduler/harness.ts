import { createAppState, type AppState } from '../../src/instance-state.js';
import type { AdvisoryPilotConfigInput } from '../../src/config/schema.js';
import { decodeCaseFile } from '../../src/domain/case-file-codec.js';
import { expectedCase } from '../../src/domain/effect-plan.js';
import type { ObservedAdvisory } from '../../src/domain/inputs.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import type { SchedulerOptions } from '../../src/scheduler/tick-scope.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { BOT, FakeApp, SECRET } from './fake-app.js';

export const TRACKING = 'acme/security-tracking';
export const PRODUCT = 'acme/widget';
export const GHSA = 'GHSA-2c5f-hj7m-pq9r';

/** The team's settings: Berlin business days, a private tracking repository, a security team. */
export const CONFIG: AdvisoryPilotConfigInput = {
  timeZone: 'Europe/Berlin',
  tracking: { repository: TRACKING, team: 'acme/security' },
};

/** A report as GitHub lists it; Monday 23 November 2026, 10:00 in Berlin. */
export function advisory(overrides: Partial<ObservedAdvisory> = {}): ObservedAdvisory {
  return {
    ghsaId: GHSA,
    repo: PRODUCT,
    repoPrivate: false,
    state: 'triage',
    summary: 'Path traversal in the file upload endpoint',
    description: 'Uploading a file named ../../etc/cron.d/x writes outside the upload directory.',
    htmlUrl: `https://github.com/${PRODUCT}/security/advisories/${GHSA}`,
    createdAt: '2026-11-23T09:00:00.000Z',
    reporter: 'reporter-jane',
    ...overrides,
  };
}

const QUIET: Partial<SchedulerOptions> = { pauseMs: 0, redeliver: false };

/** A fake GitHub with one installation, a virtual clock, and a way to "restart" the App. */
export function setup(
  options: { products?: string[]; scheduler?: Partial<SchedulerOptions> } = {},
) {
  const github = new FakeGitHub().addRepo(TRACKING, { private: true });
  const products = options.products ?? [PRODUCT];
  const configs: Record<string, AdvisoryPilotConfigInput> = { [TRACKING]: CONFIG };
  for (const repo of products) {
    github.addRepo(repo, { private: false });
    configs[repo] = CONFIG;
  }
  const app = new FakeApp().add(1, { account: 'acme', github, configs });
  let clock = new Date('2026-11-23T09:05:00.000Z');
  github.now = () => clock;
  const logs: { level: string; msg: string }[] = [];
  const log = {
    info: (_o: object, msg?: string) => logs.push({ level: 'info', msg: msg ?? '' }),
    warn: (_o: object, msg?: string) => logs.push({ level: 'warn', msg: msg ?? '' }),
    error: (_o: object, msg?: string) => logs.push({ level: 'error', msg: msg ?? '' }),
  };
  const boot = (): { state: AppState; scheduler: Scheduler } => {
    const state = createAppState({ now: () => clock, botLogin: BOT, stateSecret: SECRET });
    return { state, scheduler: new Scheduler(app, state, log, { ...QUIET, ...options.scheduler }) };
  };
  let current = boot();
  /** The case file in a tracking issue's body (read without a request), if it holds one. */
  const caseFile = (issue: number) => {
    const body = github.repo(TRACKING).issues.find((i) => i.number === issue)?.body ?? '';
    const read = decodeCaseFile(body, { repo: TRACKING, issue }, SECRET);
    if (read.kind === 'unreadable') throw new Error(`unreadable case file: ${read.reason}`);
    return read.kind === 'found' ? read.file : undefined;
  };
  return {
    github,
    app,
    logs,
    get state() {
      return current.state;
    },
    get scheduler() {
      return current.scheduler;
    },
    at(iso: string) {
      clock = new Date(iso);
    },
    advance(minutes: number) {
      clock = new Date(clock.getTime() + minutes * 60_000);
    },
    /** A new App process: empty memory, caches and ETags; GitHub stays as it is. */
    restart() {
      github.forgetEtags();
      current = boot();
    },
    async tick() {
      const run = current.scheduler.tick();
      if (!run) throw new Error('a tick is already running');
      return run;
    },
    addAdvisory(overrides: Partial<ObservedAdvisory> = {}) {
      const a = advisory(overrides);
      github.advisories.set(a.ghsaId, { ...a, credits: [], users: [], teams: [] });
      return a;
    },
    caseFile,
    /** The case of a tracking issue as it stands (pending effects with expected results applied). */
    caseOf(issue: number) {
      const file = caseFile(issue);
      return Promise.resolve(file ? expectedCase(file) : undefined);
    },
    comments(issue: number) {
      return github.repo(TRACKING).issues.find((i) => i.number === issue)?.comments ?? [];
    },
  };
}
