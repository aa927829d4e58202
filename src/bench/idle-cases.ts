import { performance } from 'node:perf_hooks';
import { Play } from '../demo/play.js';
import { DEMO_USERS, demoScenario, TRACKING_REPO } from '../demo/scenario.js';
import { DEMO_VECTOR } from '../demo/script.js';
import { startAppSandbox } from '../demo/app-server.js';
import { startWorld } from '../demo/world.js';
import { encodeRecordMarker, extractRecords } from '../domain/record-codec.js';
import type { CaseRecord } from '../domain/records.js';
import type { OpenApiValidator, ScenarioInput } from '../sandbox/index.js';
import { startAppProcess, type AppProcess } from './app-process-client.js';
import { byApp, isContentCreating } from './lifecycle.js';

const BOT = 'advisory-pilot[bot]';

/** A real case as the App wrote it (triaged, acknowledged, nothing due), to be cloned. */
export interface CaseTemplate {
  secret: string;
  ghsaId: string;
  title: string;
  body: string;
  /** Bodies of the App's comments, oldest first (the humans' commands are left out). */
  comments: string[];
}

/**
 * Lets the real App open and triage one case on the sandbox (report, `/reproduced`, `/scope in`,
 * `/cvss`, `/ack`) and keeps what it wrote: the tracking issue and its signed records.
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
    const { data: issue } = await world
      .as(DEMO_USERS.lead)
      .rest.issues.get({ owner, repo, issue_number: play.issue });
    const comments = (await play.comments()).filter((c) => c.author === BOT).map((c) => c.body);
    return {
      secret: world.secret,
      ghsaId: state.ghsaId,
      title: issue.title,
      body: issue.body ?? '',
      comments,
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

/** One clone of the template: another GHSA ID and issue number, records signed again. */
export interface ClonedCase {
  title: string;
  body: string;
  comments: string[];
}

/** Clones the template as case `n` living in tracking issue `issue`. */
export function cloneCase(template: CaseTemplate, n: number, issue: number): ClonedCase {
  const ghsa = syntheticGhsa(n);
  const swap = (text: string) =>
    text
      .replaceAll(template.ghsaId, ghsa)
      .replaceAll(template.ghsaId.toLowerCase(), ghsa.toLowerCase());
  const resign = (body: string): string => {
    const records = extractRecords(body, template.secret).records.map((record) => {
      const copy = JSON.parse(swap(JSON.stringify(record))) as CaseRecord;
      if (copy.type === 'case-opened') copy.opened.tracking.issue = issue;
      return copy;
    });
    let index = 0;
    return swap(body).replace(/<!-- advisory-pilot:record [\s\S]*? -->/g, () => {
      const record = records[index++];
      if (!record) throw new Error('template comment has a record that did not verify');
      return encodeRecordMarker(record, template.secret);
    });
  };
  return {
    title: swap(template.title),
    body: swap(template.body),
    comments: template.comments.map(resign),
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
  /** A tick with nothing changed, after one more tick that sees the first pass's own writes. */
  idle: TickCost;
  /** Resident memory of the App's process after the idle tick (its caches hold every case). */
  appRssMb: number;
  /** The App process's live heap at the same moment (what it retains, without freed pages). */
  appHeapMb: number;
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

/**
 * Seeds `count` idle cases and ticks: first until every case was visited (backing off an hour
 * when the rate limit says so), then once more to absorb the first pass's own writes (the
 * dashboard), then the measured idle tick: what an unchanged set of cases costs every ten minutes.
 * The sandbox runs here and the App in its own process, so the App's memory is measured alone.
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
    await advance(10 * 60_000, false);
    await tick();
    await advance(10 * 60_000, false);
    const idle = await tick();
    const memory = await running.memory();
    return {
      cases: count,
      seedMs,
      coldPass,
      idle,
      appRssMb: memory.rssMb,
      appHeapMb: memory.heapUsedMb,
    };
  } finally {
    clock.restore();
    await app?.stop();
    await raw.close();
  }
}
