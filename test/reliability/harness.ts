import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { pino } from 'pino';
import { ProbotOctokit } from 'probot';
import { byApp, isContentCreating } from '../../src/bench/lifecycle.js';
import {
  NoRetryOctokit,
  sandboxClients,
  startAppSandbox,
  startAppServer,
  type AppServer,
} from '../../src/demo/app-server.js';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario, PRODUCT_REPO, TRACKING_REPO } from '../../src/demo/scenario.js';
import {
  DEMO_VECTOR,
  fixInFork,
  lastReleaseTag,
  mergeThroughAdvisory,
  releasedThenFeature,
} from '../../src/demo/script.js';
import type { World } from '../../src/demo/world.js';
import type { Case } from '../../src/domain/case.js';
import type { CaseFile } from '../../src/domain/case-file.js';
import { decodeCaseFile, type ReadCaseFile } from '../../src/domain/case-file-codec.js';
import { confirmPosted, expectedCase } from '../../src/domain/effect-plan.js';
import { decodeReplyRef, type ReplyRef } from '../../src/domain/reply-ref.js';
import {
  signPayload,
  type Delivery,
  type FaultSpec,
  type OpenApiValidator,
  type RequestLogEntry,
  type Sandbox,
  type ScenarioInput,
} from '../../src/sandbox/index.js';

/**
 * The Octokit the App is built with:
 * - `bare`: retries and throttling off, as in the demo world (a fault reaches the App at once);
 * - `probot`: Probot's own plugins on, as in production (5xx retried up to 3 times, Probot's
 *   rate-limit handlers), but with the waits shrunk to milliseconds and without the one-write-
 *   per-second spacing, so a test does not sleep.
 */
export type OctokitFlavour = 'bare' | 'probot';

/** A Bottleneck group stand-in that runs every job at once (no spacing between writes). */
const passThrough = {
  key: () => ({
    schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve(job(...args)),
  }),
};

const WithProbotPlugins = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { retryAfterBaseValue: 1 },
  throttle: {
    ...(options.throttle as Record<string, unknown> | undefined),
    retryAfterBaseValue: 1,
    global: passThrough,
    auth: passThrough,
    search: passThrough,
    write: passThrough,
    notifications: passThrough,
  },
}));

/** One running App server (a "process"). */
export type AppInstance = AppServer;

/** A world whose App can be stopped and replaced by a fresh instance on the same sandbox. */
export interface Harness extends World {
  /** The sandbox itself (the `sandbox` of the World waits for the App too). */
  raw: Sandbox;
  readonly app: AppInstance;
  /** Stops the running App (if any) and starts a new one: new caches, new queue, new port. */
  restartApp(flavour?: OctokitFlavour): Promise<AppInstance>;
  /** Waits until the sandbox has delivered everything and the App has finished all its work. */
  quiet(): Promise<void>;
  /** Adds a fault (`POST /_sandbox/faults` in-process). */
  fault(spec: Partial<FaultSpec> & { path: string }): void;
  /**
   * From now on faults hit only the App's requests: the test's human actors (user tokens) pass,
   * as a person would simply try again.
   */
  faultsOnlyForTheApp(): void;
  /** Runs `action` right after the sandbox logged a request matching `match` (once). */
  after(match: (entry: RequestLogEntry) => boolean, action: () => void): void;
  /**
   * Holds the deliveries caused by `act` (they are recorded, not sent), then posts them to the
   * App all at once, signed, as GitHub would under load. Resolves with the App's status codes.
   */
  burst(act: () => Promise<unknown>): Promise<number[]>;
  /** Runs `act` with deliveries recorded but not sent; returns them (nothing reaches the App). */
  hold(act: () => Promise<unknown>): Promise<Delivery[]>;
  /**
   * Runs `act` as if the App's process were killed right after answering each delivery it
   * causes: GitHub sees a 200 for every one (so it never sends them again), none of their work
   * is done, and a new App process takes over afterwards. Returns the deliveries lost.
   */
  loseAfterAck(act: () => Promise<unknown>): Promise<Delivery[]>;
  /** Posts one delivery's payload (possibly altered) to the App, signed with the secret. */
  post(delivery: Delivery, payload?: Record<string, unknown>): Promise<number>;
  /** What the App logged at warn level and above, oldest first. */
  logs(): readonly LogLine[];
}

/** One line of the App's pino log. */
export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface HarnessOptions {
  scenario: ScenarioInput;
  validator?: OpenApiValidator;
  flavour?: OctokitFlavour;
  /** The sandbox's delivery timeout (default GitHub's 10 s). */
  deliveryTimeoutMs?: number;
  logLevel?: 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug';
}

/** The App's own writes and reads in the request log (not the test's actors). */
export function appRequests(sandbox: Sandbox): RequestLogEntry[] {
  return sandbox.requests().filter(byApp);
}

/** Content-creating requests (POST/PATCH/PUT/DELETE) the App made. */
export function appWrites(sandbox: Sandbox): RequestLogEntry[] {
  return appRequests(sandbox).filter(isContentCreating);
}

/**
 * Starts the sandbox and the App over loopback HTTP like `startWorld`, but keeps hold of the
 * App's state (to wait for work acknowledged before it was done), can restart the App, and can
 * build it with Probot's retry and throttling plugins.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const {
    raw,
    appId,
    privateKey,
    secret,
    baseUrl: sandboxUrl,
    now,
  } = await startAppSandbox({
    secret: randomBytes(16).toString('hex'),
    ...(options.validator ? { validator: options.validator } : {}),
    ...(options.deliveryTimeoutMs ? { deliveryTimeoutMs: options.deliveryTimeoutMs } : {}),
  });
  // Warnings and errors are kept (not printed) so tests can check what the App refused and why.
  const logged: LogLine[] = [];
  const log = pino(
    { level: options.logLevel ?? 'warn' },
    {
      write(line: string) {
        logged.push(JSON.parse(line) as LogLine);
      },
    },
  );

  let current: AppInstance | undefined;
  const startApp = async (flavour: OctokitFlavour): Promise<AppInstance> => {
    const app = await startAppServer({
      appId,
      privateKey,
      secret,
      baseUrl: sandboxUrl,
      now,
      log,
      Octokit: flavour === 'probot' ? WithProbotPlugins : NoRetryOctokit,
    });
    raw.setWebhookUrl(`${app.url}/api/github/webhooks`);
    return app;
  };
  current = await startApp(options.flavour ?? 'bare');
  const seeded = await raw.seed(options.scenario);

  const quiet = async (): Promise<void> => {
    for (;;) {
      const before = raw.deliveries().length;
      await raw.settled();
      await current?.state.idle();
      await raw.settled();
      if (raw.deliveries().length === before && (current?.state.queue.pending ?? 0) === 0) return;
    }
  };
  const sandbox: Sandbox = Object.create(raw) as Sandbox;
  Object.assign(sandbox, {
    settled: quiet,
    advance: async (duration: string | number) => {
      const fired = await raw.advance(duration);
      await quiet();
      return fired;
    },
  });

  const post = async (delivery: Delivery, payload = delivery.payload): Promise<number> => {
    const app = current;
    if (!app) throw new Error('no App running');
    const body = JSON.stringify(payload);
    const response = await fetch(`${app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        ...delivery.requestHeaders,
        'X-Hub-Signature-256': signPayload(secret, body),
      },
      body,
    });
    await response.text();
    return response.status;
  };

  const clients = sandboxClients(sandboxUrl, seeded.tokens);
  const harness: Harness = {
    sandbox,
    raw,
    get app() {
      if (!current) throw new Error('no App running');
      return current;
    },
    get appUrl() {
      return current?.url ?? '';
    },
    secret,
    now,
    ...clients,
    async restartApp(flavour = options.flavour ?? 'bare') {
      await current?.stop();
      current = undefined;
      current = await startApp(flavour);
      return current;
    },
    quiet,
    fault(spec) {
      raw.core.faults.add({ method: '*', times: 1, ...spec });
    },
    faultsOnlyForTheApp() {
      // The router authenticates (looking the token up) and takes a fault in one synchronous
      // step, so the last lookup tells whose request the fault would hit.
      const { tokens, faults } = raw.core;
      const lookup = tokens.lookup.bind(tokens);
      const take = faults.take.bind(faults);
      let user = false;
      tokens.lookup = (token) => {
        const grant = lookup(token);
        user = grant?.kind === 'user';
        return grant;
      };
      faults.take = (method, path) => {
        const skip = user;
        user = false;
        return skip ? undefined : take(method, path);
      };
    },
    after(match, action) {
      const log = raw.core.records.requests;
      const push = log.push.bind(log);
      let done = false;
      log.push = (...entries: RequestLogEntry[]) => {
        const length = push(...entries);
        if (!done && entries.some(match)) {
          done = true;
          action();
        }
        return length;
      };
    },
    async burst(act) {
      const held = await harness.hold(act);
      const statuses = await Promise.all(held.map((d) => post(d)));
      await quiet();
      return statuses;
    },
    async hold(act) {
      await quiet();
      const from = raw.deliveries().length;
      const url = current?.url;
      raw.setWebhookUrl(undefined);
      try {
        await act();
        await raw.settled();
      } finally {
        raw.setWebhookUrl(url ? `${url}/api/github/webhooks` : undefined);
      }
      return raw.deliveries().slice(from);
    },
    async loseAfterAck(act) {
      await quiet();
      const from = raw.deliveries().length;
      // What answered them: a process that acknowledged each delivery and then died.
      const dying = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        });
      });
      await new Promise<void>((resolve) => dying.listen(0, '127.0.0.1', resolve));
      const address = dying.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      raw.setWebhookUrl(`http://127.0.0.1:${String(port)}/api/github/webhooks`);
      try {
        await act();
        await raw.settled();
      } finally {
        await new Promise((resolve) => dying.close(resolve));
      }
      const lost = raw.deliveries().slice(from);
      await harness.restartApp();
      return lost;
    },
    post,
    logs: () => logged,
    async close() {
      await current?.stop();
      await raw.close();
    },
  };
  return harness;
}

/**
 * Lets the App make the request that matches, then fails every later request the App makes, as
 * if its process were gone (nothing it does afterwards reaches GitHub), until `act` settled; the
 * faults are cleared after. The test's people are not affected. Throws unless the matching
 * request was made and the App then tried, and failed, to go on.
 */
export async function dieAfter(
  world: Harness,
  matches: (entry: RequestLogEntry) => boolean,
  act: () => Promise<unknown>,
): Promise<void> {
  world.faultsOnlyForTheApp();
  const hit = (r: RequestLogEntry) => byApp(r) && r.status < 400 && matches(r);
  world.after(hit, () => {
    world.fault({ method: '*', path: '/**', status: 503, times: 10_000 });
  });
  const from = appRequests(world.raw).length;
  try {
    await act();
    await world.quiet();
  } finally {
    world.raw.core.faults.clear();
  }
  const made = appRequests(world.raw).slice(from);
  const at = made.findIndex(hit);
  if (at < 0) throw new Error('the App never made the request it was to die after');
  const later = made.slice(at + 1);
  if (later.length === 0 || later.some((r) => r.status < 400))
    throw new Error('the App did not try, and fail, to go on after the request it died after');
}

/** A comment on the tracking issue as the tests read it back. */
export interface ReadComment {
  id: number;
  author: string;
  body: string;
}

export const BOT = 'advisory-pilot[bot]';

/** Every comment of a tracking issue, oldest first. */
export async function commentsOf(world: World, issue: number): Promise<ReadComment[]> {
  const client = world.as(DEMO_USERS.lead);
  const [owner = '', repo = ''] = TRACKING_REPO.split('/');
  const list = await client.paginate(client.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issue,
    per_page: 100,
  });
  return list.map((c) => ({ id: c.id, author: c.user?.login ?? '', body: c.body ?? '' }));
}

/** A tracking issue as the tests read it back: its body, its verified case file, its comments. */
export interface CaseRead {
  body: string;
  /** What decoding the body's case file found (verified with the state secret, for this issue). */
  read: ReadCaseFile;
  /** The case file, when it verifies. */
  file: CaseFile | undefined;
  /** The case as the App stands by it: the file with effects known done applied. */
  state: Case | undefined;
  /**
   * The case file as a restarted App reads it back: what the App's comments confirm (by their
   * signed references) applied, as the next write will record it.
   */
  standing: CaseFile | undefined;
  comments: ReadComment[];
}

/** Reads a tracking issue: the case file in its body (state v2) and every comment. */
export async function caseOf(world: World, issue: number): Promise<CaseRead> {
  const [owner = '', repo = ''] = TRACKING_REPO.split('/');
  const { data } = await world
    .as(DEMO_USERS.lead)
    .rest.issues.get({ owner, repo, issue_number: issue });
  const body = data.body ?? '';
  const read = decodeCaseFile(body, { repo: TRACKING_REPO, issue }, world.secret);
  const file = read.kind === 'found' ? read.file : undefined;
  const comments = await commentsOf(world, issue);
  let standing = file;
  for (const c of comments) {
    const ref = replyRefOf(world, issue, c);
    const waiting = (f: CaseFile) =>
      f.pending.some((p) => p.job === ref?.job) || f.outbox.some((o) => o.job === ref?.job);
    if (ref && standing && waiting(standing))
      standing = confirmPosted(standing, ref.job, ref.done, BOT);
  }
  return { body, read, file, state: file ? expectedCase(file) : undefined, standing, comments };
}

/** The signed reference an App comment carries, when it verifies for this tracking issue. */
export function replyRefOf(
  world: World,
  issue: number,
  comment: ReadComment,
): ReplyRef | undefined {
  if (comment.author !== BOT) return undefined;
  return decodeReplyRef(comment.body, { repo: TRACKING_REPO, issue }, world.secret);
}

/**
 * The jobs that may answer a human comment: each webhook delivery of it the sandbox sent
 * (a redelivery keeps its GUID) and the tick's replay of it.
 */
export function jobsOfComment(world: Harness, commentId: number): string[] {
  const guids = world.raw
    .deliveries()
    .filter(
      (d) =>
        d.event === 'issue_comment' &&
        (d.payload.comment as { id?: unknown } | undefined)?.id === commentId,
    )
    .map((d) => d.guid);
  return [...new Set(guids), `replay:${String(commentId)}`];
}

/** The App comments whose signed reference names one of `jobs`, oldest first. */
export function answersTo(
  world: World,
  issue: number,
  comments: readonly ReadComment[],
  jobs: readonly string[],
): ReadComment[] {
  return comments.filter((c) => {
    const ref = replyRefOf(world, issue, c);
    return ref !== undefined && jobs.includes(ref.job);
  });
}

/** What a case file still waits on, once the App's signed comments are taken into account. */
export interface Unfinished {
  /** Pending effects no App comment confirms done (`job effect-kind`). */
  effects: string[];
  /** Comments decided (the outbox) that no App comment carries the reference of (`job`). */
  comments: string[];
}

/**
 * The pending effects and outbox entries of a case file that nothing on GitHub confirms: a
 * pending effect counts as finished when an App comment's signed reference names it done, an
 * outbox entry when an App comment carries its job's reference (what a restarted App reads).
 */
export function unfinishedOf(read: CaseRead): Unfinished {
  return {
    effects: (read.standing?.pending ?? []).map((p) => `${p.job} ${p.effect.kind}`),
    comments: (read.standing?.outbox ?? []).map((o) => o.job),
  };
}

/** The demo scenario plus `count` maintainers (write or maintain on both repositories). */
export function crowdScenario(count: number): { scenario: ScenarioInput; logins: string[] } {
  const base = demoScenario('default');
  const logins = Array.from(
    { length: count },
    (_, i) => `maintainer-${String(i + 1).padStart(2, '0')}`,
  );
  const role = (i: number) => (i % 2 === 0 ? 'write' : 'maintain');
  return {
    logins,
    scenario: {
      ...base,
      users: [...(base.users ?? []), ...logins.map((login) => ({ login }))],
      repos: (base.repos ?? []).map((repo) => ({
        ...repo,
        collaborators: {
          ...repo.collaborators,
          ...Object.fromEntries(logins.map((login, i) => [login, role(i)])),
        },
      })),
    },
  };
}

/** Repository permissions of an extra user, by repository (none: not a collaborator). */
export type Grants = Partial<Record<string, 'read' | 'triage' | 'write' | 'maintain' | 'admin'>>;

/** The demo scenario with extra users and their grants (by repository full name). */
export function scenarioWithUsers(
  users: Record<string, Grants>,
  preset: 'default' | 'changesets' = 'default',
): ScenarioInput {
  const base = demoScenario(preset);
  return {
    ...base,
    users: [...(base.users ?? []), ...Object.keys(users).map((login) => ({ login }))],
    repos: (base.repos ?? []).map((repo) => ({
      ...repo,
      collaborators: {
        ...repo.collaborators,
        ...Object.fromEntries(
          Object.entries(users).flatMap(([login, grants]) => {
            const grant = grants[repo.name];
            return grant ? [[login, grant]] : [];
          }),
        ),
      },
    })),
  };
}

/** The demo scenario with YAML appended to the product's `.github/advisory-pilot.yml`. */
export function scenarioWithConfig(
  preset: 'default' | 'changesets',
  yaml: string,
  extraRepos: NonNullable<ScenarioInput['repos']> = [],
): ScenarioInput {
  const base = demoScenario(preset);
  return {
    ...base,
    repos: [
      ...(base.repos ?? []).map((repo) =>
        repo.name === PRODUCT_REPO
          ? {
              ...repo,
              files: {
                ...repo.files,
                '.github/advisory-pilot.yml': `${repo.files?.['.github/advisory-pilot.yml'] ?? ''}${yaml}`,
              },
            }
          : repo,
      ),
      ...extraRepos,
    ],
  };
}

/**
 * Plays a report through triage, fix and draft (the demo's first half) so the case waits for
 * `/release`: the advisory description is written by hand and the CVE is assigned.
 */
export async function playToRelease(
  world: World,
  preset: 'default' | 'changesets' = 'default',
): Promise<Play> {
  const { lead } = DEMO_USERS;
  const play = new Play(world);
  const tag = lastReleaseTag(preset);
  await releasedThenFeature(play, tag);
  await play.report('Path traversal in the file upload endpoint', 'Uploads escape the folder.');
  await play.say(lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
  await play.say(lead, '/fork');
  await fixInFork(play, tag);
  await play.say(lead, '/cve\n/advisory range "< 0.71.1" patched 0.71.1');
  const ghsa = (await play.state())?.ghsaId ?? '';
  await world.as(lead).request('PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
    owner: 'acme',
    repo: 'widget',
    ghsa_id: ghsa,
    description: ['Summary', 'Impact', 'Patches', 'Workarounds', 'References']
      .map((h) => `## ${h}\nText of the ${h.toLowerCase()} section.`)
      .join('\n\n'),
  });
  await play.wait('1d', 'the CVE is assigned');
  await play.say(lead, '/draft\n/embargo');
  await mergeThroughAdvisory(play);
  return play;
}
