import { performance } from 'node:perf_hooks';
import { Play } from '../demo/play.js';
import { DEMO_USERS, demoScenario, TRACKING_REPO } from '../demo/scenario.js';
import { DEMO_VECTOR } from '../demo/script.js';
import { startAppSandbox } from '../demo/app-server.js';
import { startWorld } from '../demo/world.js';
import type { CaseFile } from '../domain/case-file.js';
import {
  commentDigest,
  decodeCaseFile,
  encodeCaseFile,
  type CaseFileHome,
} from '../domain/case-file-codec.js';
import {
  CASE_FILE_CLOSE,
  CASE_FILE_OPEN,
  REPLY_REF_CLOSE,
  REPLY_REF_OPEN,
} from '../domain/markers.js';
import { decodeReplyRef, encodeReplyRef, type ReplyRef } from '../domain/reply-ref.js';
import { absorb, sentOf } from '../runner/recover.js';
import type { OpenApiValidator, ScenarioInput } from '../sandbox/index.js';
import { startAppProcess, type AppProcess } from './app-process-client.js';
import { byApp, isContentCreating } from './lifecycle.js';

const BOT = 'advisory-pilot[bot]';

/** A real case as the App wrote it (triaged, acknowledged, nothing due), to be cloned. */
export interface CaseTemplate {
  secret: string;
  ghsaId: string;
  /** Its tracking issue: the case file and the replies' references are signed for it. */
  issue: number;
  title: string;
  /** The tracking issue's body: the report, the status section and the signed case file. */
  body: string;
  /** Bodies of the App's comments, oldest first (the humans' commands are left out). */
  comments: string[];
}

/** An App comment on the template's tracking issue, as read back from the sandbox. */
export interface PostedComment {
  id: number;
  nodeId: string;
  author: string;
  body: string;
}

/** Replaces the one marker that runs from `open` to `close` in `text` (no `$` patterns). */
function replaceMarker(text: string, open: string, close: string, marker: string): string {
  const start = text.lastIndexOf(open);
  const end = start < 0 ? -1 : text.indexOf(close, start + open.length);
  if (end < 0) throw new Error(`no ${open.trim()} marker to replace`);
  return `${text.slice(0, start)}${marker}${text.slice(end + close.length)}`;
}

function readFile(body: string, home: CaseFileHome, secret: string): CaseFile {
  const read = decodeCaseFile(body, home, secret);
  if (read.kind !== 'found')
    throw new Error(
      `the template's case file did not verify: ${read.kind === 'unreadable' ? read.reason : 'absent'}`,
    );
  return read.file;
}

/**
 * The template's body with its case file as the App's next write would store it: every
 * comment whose signed reference names a job the file still waits on is recorded, and the
 * effects it names done are applied, exactly as the runner catches up after a restart
 * (`absorb`). On the happy path the App writes the body once per job and keeps the posted reply
 * in memory, so the body captured right after a reply still lists the job as pending; a clone
 * seeded with that would make the first tick of a fresh App finish it, and would not be idle.
 * Throws when something is left waiting (the template would not be an idle case).
 */
export function settleTemplateBody(
  body: string,
  comments: readonly PostedComment[],
  home: CaseFileHome,
  secret: string,
  bot: string,
): string {
  const loaded = readFile(body, home, secret);
  let file = loaded;
  for (const comment of comments) {
    if (comment.author !== bot) continue;
    const sent = sentOf(file, comment, home, secret);
    if (sent) file = absorb(file, sent, bot);
  }
  if (file.pending.length > 0 || file.outbox.length > 0)
    throw new Error(
      `the template case still waits on ${[...file.pending.map((p) => `${p.job}:${p.effect.key}`), ...file.outbox.map((o) => `${o.job} (${o.kind})`)].join(', ')}`,
    );
  if (file === loaded) return body;
  // Stored as the next write would store it: one revision later.
  return replaceMarker(
    body,
    CASE_FILE_OPEN,
    CASE_FILE_CLOSE,
    encodeCaseFile({ ...file, rev: file.rev + 1 }, home, secret),
  );
}

/**
 * Lets the real App open and triage one case on the sandbox (report, `/reproduced`, `/scope in`,
 * `/cvss`, `/ack`) and keeps what it wrote: the tracking issue with its signed case file, and
 * the App's reply with its signed reference.
 */
export async function captureTemplate(validator: OpenApiValidator): Promise<CaseTemplate> {
  const world = await startWorld({
    scenario: demoScenario(),
    validator,
    app: { tickInterval: 0 },
  });
  try {
    const play = new Play(world);
    await play.report(
      'Path traversal in the file upload endpoint',
      'Uploading a file named ../../x writes outside the upload directory.',
    );
    await play.say(DEMO_USERS.lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
    const state = await play.state();
    if (!state?.ghsaId) throw new Error('the template case did not open');
    const [owner = '', repo = ''] = TRACKING_REPO.split('/');
    const client = world.as(DEMO_USERS.lead);
    const { data: issue } = await client.rest.issues.get({
      owner,
      repo,
      issue_number: play.issue,
    });
    const listed = await client.paginate(client.rest.issues.listComments, {
      owner,
      repo,
      issue_number: play.issue,
      per_page: 100,
    });
    const comments = listed
      .map((c) => ({
        id: c.id,
        nodeId: c.node_id,
        author: c.user?.login ?? '',
        body: c.body ?? '',
      }))
      .filter((c) => c.author === BOT);
    const home = { repo: TRACKING_REPO, issue: play.issue };
    return {
      secret: world.secret,
      ghsaId: state.ghsaId,
      issue: play.issue,
      title: issue.title,
      body: settleTemplateBody(issue.body ?? '', comments, home, world.secret, BOT),
      comments: comments.map((c) => c.body),
    };
  } finally {
    await world.close();
  }
}

const GHSA_ALPHABET = '23456789cfghjmpqrvwx';

/** A GHSA-shaped ID unique to `n` (the sandbox never sees it: idle cases need no advisory). */
export function syntheticGhsa(n: number): string {
  let rest = n;
  let digits = '';
  for (let i = 0; i < 8; i++) {
    digits += GHSA_ALPHABET[rest % GHSA_ALPHABET.length] ?? '2';
    rest = Math.floor(rest / GHSA_ALPHABET.length);
  }
  return `GHSA-bnch-${digits.slice(0, 4)}-${digits.slice(4)}`;
}

/** One clone of the template: another GHSA ID and issue number, case file and replies signed again. */
export interface ClonedCase {
  title: string;
  body: string;
  comments: string[];
}

/**
 * Clones the template as case `n` living in tracking issue `issue`: the GHSA ID is swapped in
 * the title, the body, the case file and the comments; the case file names its new tracking
 * issue and is signed for it, and each reply's reference is signed for it too (both are bound
 * to repo#issue, so a plain copy would be refused). The case file's record of each App comment
 * keeps the template's comment id (the sandbox numbers the seeded comments itself) and gets the
 * digest of the clone's body.
 */
export function cloneCase(template: CaseTemplate, n: number, issue: number): ClonedCase {
  const ghsa = syntheticGhsa(n);
  const swap = (text: string) =>
    text
      .replaceAll(template.ghsaId, ghsa)
      .replaceAll(template.ghsaId.toLowerCase(), ghsa.toLowerCase());
  const from: CaseFileHome = { repo: TRACKING_REPO, issue: template.issue };
  const to: CaseFileHome = { repo: TRACKING_REPO, issue };
  const comments = template.comments.map((body) => {
    if (!body.includes(REPLY_REF_OPEN)) return swap(body);
    const ref = decodeReplyRef(body, from, template.secret);
    if (!ref) throw new Error('a template comment has a reply reference that did not verify');
    return replaceMarker(
      swap(body),
      REPLY_REF_OPEN,
      REPLY_REF_CLOSE,
      encodeReplyRef(JSON.parse(swap(JSON.stringify(ref))) as ReplyRef, to, template.secret),
    );
  });
  const digests = new Map(
    template.comments.map((body, i) => [commentDigest(body), commentDigest(comments[i] ?? '')]),
  );
  const copy = JSON.parse(
    swap(JSON.stringify(readFile(template.body, from, template.secret))),
  ) as CaseFile;
  const file: CaseFile = {
    ...copy,
    case: { ...copy.case, tracking: { ...copy.case.tracking, issue } },
    comments: copy.comments.map((c) => ({ ...c, digest: digests.get(c.digest) ?? c.digest })),
  };
  return {
    title: swap(template.title),
    body: replaceMarker(
      swap(template.body),
      CASE_FILE_OPEN,
      CASE_FILE_CLOSE,
      encodeCaseFile(file, to, template.secret),
    ),
    comments,
  };
}

/** The demo world plus `count` idle cases in the tracking repository (issues 1…count). */
export function idleScenario(template: CaseTemplate, count: number): ScenarioInput {
  const base = demoScenario();
  const issues = Array.from({ length: count }, (_, i) => {
    const clone = cloneCase(template, i, i + 1);
    return {
      title: clone.title,
      body: clone.body,
      author: BOT,
      labels: ['security-advisory'],
      comments: clone.comments.map((body) => ({ author: BOT, body })),
    };
  });
  return {
    ...base,
    users: [...(base.users ?? []), { login: BOT }],
    repos: (base.repos ?? []).map((repo) =>
      repo.name === TRACKING_REPO ? { ...repo, labels: ['security-advisory'], issues } : repo,
    ),
  };
}

/** What one tick cost. */
export interface TickCost {
  cases: number;
  requests: number;
  notModified: number;
  contentCreating: number;
  durationMs: number;
  /** Installations the tick stopped for because GitHub asked it to back off (rate limit). */
  backedOff: number;
  errors: number;
}

/** The ticks over one seeded world: the first pass (cold caches), and an idle tick. */
export interface IdleTickResult {
  cases: number;
  seedMs: number;
  /**
   * The ticks until every case was visited once. More than one when the cold pass needs more
   * requests than one hour of the installation's budget (5,000): the tick backs off and the
   * next one, an hour later, carries on (cases already visited then cost a free 304).
   */
  coldPass: TickCost[];
  /** A tick with nothing changed, after the ticks that see the first pass's own writes and the seeded comments. */
  idle: TickCost;
  /** Resident memory of the App's process after the idle tick (its caches hold every case). */
  appRssMb: number;
  /** The App process's live heap at the same moment (what it retains, without freed pages). */
  appHeapMb: number;
  /** The App process's highest resident memory over all the ticks (the cold pass's peak). */
  appPeakRssMb: number;
}

/**
 * The sandbox counts its hourly request budget on the wall clock (`Date.now`) while the App and
 * the sandbox's GitHub run on its virtual clock. To let a cold pass that is bigger than one hour
 * of budget go on without waiting a real hour, the bench moves both forward together; the
 * original `Date.now` is restored afterwards.
 */
function wallClock(): { shift(ms: number): void; restore(): void } {
  const original = Date.now.bind(Date);
  let offset = 0;
  return {
    shift(ms) {
      offset += ms;
      Date.now = () => original() + offset;
    },
    restore() {
      Date.now = original;
    },
  };
}

const HOUR = 3_600_000;

const TICK_INTERVAL = 10 * 60_000;
/**
 * Ticks between the cold pass and the measured one. The first sees the cold pass's own writes
 * (the dashboard). The seeded comments are dated at seed time, and the tick's repo-wide comment
 * listing reaches back to the previous tick minus the command grace and an overlap (12 minutes):
 * the second still lists every seeded comment (a page per 100 cases), the third is the first
 * whose window has moved past them (its listing changed, so it is answered 200, not 304).
 */
const WARM_TICKS = 3;

/**
 * Seeds `count` idle cases and ticks: first until every case was visited (backing off an hour
 * when the rate limit says so), then ten minutes apart until nothing seeded is new to the tick
 * (`WARM_TICKS`), then the measured idle tick: what an unchanged set of cases costs every ten
 * minutes. The sandbox runs here and the App in its own process, so the App's memory is measured
 * alone.
 */
export async function measureIdleTicks(
  template: CaseTemplate,
  count: number,
  validator: OpenApiValidator,
): Promise<IdleTickResult> {
  const scenario = idleScenario(template, count);
  const {
    raw,
    appId,
    privateKey,
    baseUrl: sandboxUrl,
  } = await startAppSandbox({
    secret: template.secret,
    validator,
  });
  const clock = wallClock();
  let app: AppProcess | undefined;
  try {
    app = await startAppProcess({
      sandboxUrl,
      appId,
      privateKey,
      secret: template.secret,
      now: scenario.now ?? new Date().toISOString(),
    });
    const running = app;
    raw.setWebhookUrl(`${running.url}/api/github/webhooks`);
    // Until nothing is pending on either side: the App's work makes the sandbox send webhooks.
    const settled = async (): Promise<void> => {
      do {
        await raw.settled();
        await running.idle();
      } while (raw.deliveries().some((d) => d.pending));
    };
    const advance = async (ms: number, wall: boolean): Promise<void> => {
      if (wall) clock.shift(ms);
      await running.clock(ms, wall ? ms : 0);
      await raw.advance(ms);
      await settled();
    };
    const seedStarted = performance.now();
    await raw.seed(scenario);
    await settled();
    const seedMs = performance.now() - seedStarted;
    const tick = async (): Promise<TickCost> => {
      const from = raw.requests().length;
      const started = performance.now();
      const summary = await running.tick();
      await settled();
      const durationMs = performance.now() - started;
      const made = raw.requests().slice(from).filter(byApp);
      return {
        cases: summary?.cases ?? 0,
        requests: made.length,
        notModified: made.filter((r) => r.status === 304).length,
        contentCreating: made.filter(isContentCreating).length,
        durationMs,
        backedOff: summary?.backedOff ?? 0,
        errors: summary?.errors ?? 0,
      };
    };
    const coldPass = [await tick()];
    let visited = coldPass[0]?.cases ?? 0;
    while (coldPass.at(-1)?.backedOff && coldPass.length < 6) {
      await advance(HOUR, true);
      const next = await tick();
      coldPass.push(next);
      visited = next.cases;
    }
    if (visited !== count)
      throw new Error(`the ticks visited ${String(visited)} of ${String(count)} seeded cases`);
    for (let warm = 0; warm < WARM_TICKS; warm++) {
      await advance(TICK_INTERVAL, false);
      await tick();
    }
    await advance(TICK_INTERVAL, false);
    const idle = await tick();
    const memory = await running.memory();
    return {
      cases: count,
      seedMs,
      coldPass,
      idle,
      appRssMb: memory.rssMb,
      appHeapMb: memory.heapUsedMb,
      appPeakRssMb: memory.peakRssMb,
    };
  } finally {
    clock.restore();
    await app?.stop();
    await raw.close();
  }
}
