import type { Case } from '../domain/case.js';
import type { CaseFile } from '../domain/case-file.js';
import { decodeCaseFile } from '../domain/case-file-codec.js';
import { expectedCase } from '../domain/effect-plan.js';
import { formatInstant } from '../domain/clock.js';
import { readCaseMarker } from '../store/case-index.js';
import { DEMO_USERS, TRACKING_REPO } from './scenario.js';
import type { World } from './world.js';

/** One line of the demo's timeline. */
export interface DemoEvent {
  at: string;
  actor: string;
  action: string;
  result: string;
}

/** A comment as the demo reads it back. */
export interface SeenComment {
  id: number;
  author: string;
  body: string;
}

/** The demo's affected product as a report or draft names it (`null`: no versions given). */
function widgetAffected(range: string | null = '< 0.71.1') {
  return [
    {
      package: { ecosystem: 'npm' as const, name: '@acme/widget' },
      ...(range === null ? {} : { vulnerable_version_range: range }),
    },
  ];
}

/** The App's login in the demo's sandbox. */
export const BOT_LOGIN = 'advisory-pilot[bot]';
const BOT = BOT_LOGIN;

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() && !l.startsWith('<!--')) ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

/**
 * Plays actors against the sandbox and keeps the timeline. Every step goes through the real
 * webhook path: an actor calls the sandbox's REST API, the sandbox delivers the signed webhook to
 * the App, and the demo waits until the App has processed it (the App answers a delivery before
 * it does the work; the world's `sandbox.settled()` waits for both).
 */
export class Play {
  readonly events: DemoEvent[] = [];
  readonly skipped: { step: string; reason: string }[] = [];
  issue = 0;
  private seen = 0;

  constructor(readonly world: World) {}

  private log(actor: string, action: string, result: string): void {
    this.events.push({ at: this.world.now().toISOString(), actor, action, result });
  }

  /** Comments on the tracking issue, oldest first. */
  async comments(): Promise<SeenComment[]> {
    const client = this.world.as(DEMO_USERS.lead);
    const list = await client.paginate(client.rest.issues.listComments, {
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: this.issue,
      per_page: 100,
    });
    return list.map((c) => ({ id: c.id, author: c.user?.login ?? '', body: c.body ?? '' }));
  }

  /** The case file, read back from the tracking issue's body and verified with the state secret. */
  async caseFile(): Promise<CaseFile | undefined> {
    const { data } = await this.world
      .as(DEMO_USERS.lead)
      .rest.issues.get({ owner: 'acme', repo: 'security-tracking', issue_number: this.issue });
    const read = decodeCaseFile(
      data.body ?? '',
      { repo: TRACKING_REPO, issue: this.issue },
      this.world.secret,
    );
    return read.kind === 'found' ? read.file : undefined;
  }

  /** The case as the App stands by it: its case file, with effects known done applied. */
  async state(): Promise<Case | undefined> {
    if (this.issue === 0) return undefined;
    const file = await this.caseFile();
    return file ? expectedCase(file) : undefined;
  }

  /** The App's replies since the last call. */
  private async newReplies(): Promise<SeenComment[]> {
    // Before the report there is no tracking issue to read (the story sets the repository up).
    if (this.issue === 0) return [];
    const comments = await this.comments();
    const fresh = comments.slice(this.seen).filter((c) => c.author === BOT);
    this.seen = comments.length;
    return fresh;
  }

  private async summary(): Promise<string> {
    const replies = await this.newReplies();
    const state = await this.state();
    const said = replies
      .map((r) => firstLine(r.body))
      .filter(Boolean)
      .join(' / ');
    return `${said || '(no reply)'}${state ? ` [phase ${state.phase}]` : ''}`;
  }

  /** A reporter files a private vulnerability report; the App opens the tracking issue. */
  async report(
    summary: string,
    description: string,
    options: { range?: string | null } = {},
  ): Promise<void> {
    const client = this.world.as(DEMO_USERS.reporter);
    const { data } = await client.request(
      'POST /repos/{owner}/{repo}/security-advisories/reports',
      {
        owner: 'acme',
        repo: 'widget',
        summary,
        description,
        vulnerabilities: widgetAffected(options.range),
      },
    );
    await this.world.sandbox.settled();
    this.issue = await this.trackingIssueOf(data.ghsa_id);
    this.log(
      DEMO_USERS.reporter,
      `files a private report on acme/widget (${data.ghsa_id})`,
      `tracking issue ${TRACKING_REPO}#${this.issue} opened; ${await this.summary()}`,
    );
  }

  /**
   * A maintainer creates the draft advisory in GitHub's UI for a report that came through a
   * bug-bounty program (the open-source runbook's step 1); GitHub sends no webhook for it, so the
   * App's next tick opens the case.
   */
  async draft(actor: string, summary: string, description: string): Promise<void> {
    const { data } = await this.world
      .as(actor)
      .request('POST /repos/{owner}/{repo}/security-advisories', {
        owner: 'acme',
        repo: 'widget',
        summary,
        description,
        vulnerabilities: widgetAffected(),
      });
    await this.world.sandbox.settled();
    this.log(actor, `creates a draft advisory on acme/widget in GitHub (${data.ghsa_id})`, '');
    await this.wait('5m', 'GitHub sends no webhook for a draft');
    await this.tick('the tick finds the draft');
    this.issue = await this.trackingIssueOf(data.ghsa_id);
    this.seen = 0;
    this.log(
      'cron',
      'the case is open',
      `tracking issue ${TRACKING_REPO}#${this.issue}; ${await this.summary()}`,
    );
  }

  private async trackingIssueOf(ghsaId: string): Promise<number> {
    const issues = await this.world.as(DEMO_USERS.lead).rest.issues.listForRepo({
      owner: 'acme',
      repo: 'security-tracking',
      labels: 'security-advisory',
      state: 'all',
    });
    // The case's own issue (its marker), not the dashboard that lists it.
    const issue = issues.data.find((i) => readCaseMarker(i.body ?? '')?.ghsaId === ghsaId);
    if (!issue) throw new Error(`the App opened no tracking issue for ${ghsaId}`);
    return issue.number;
  }

  /** A maintainer comments on the tracking issue. */
  async say(actor: string, body: string): Promise<string> {
    await this.world.as(actor).rest.issues.createComment({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: this.issue,
      body,
    });
    await this.world.sandbox.settled();
    const result = await this.summary();
    this.log(actor, body.replace(/\n/g, ' ⏎ '), result);
    return result;
  }

  /** Something done outside the tracking issue (a release, a merge, an advisory edit). */
  async act(actor: string, action: string, run: () => Promise<unknown>): Promise<void> {
    await run();
    await this.world.sandbox.settled();
    this.log(actor, action, await this.summary());
  }

  /** Moves virtual time; whatever the sandbox fires (CVE assigned, runs finished) is delivered. */
  async wait(duration: string, why: string): Promise<void> {
    const fired = await this.world.sandbox.advance(duration);
    this.log(
      'clock',
      `${duration} pass (${why})`,
      fired.length ? `${fired.join('; ')} → ${await this.summary()}` : await this.summary(),
    );
  }

  /** An external cron calls the tick route: reminders, polling, redelivery, dashboard. */
  async tick(why: string): Promise<void> {
    const response = await fetch(`${this.world.appUrl}/advisory-pilot/tick?wait=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.world.secret}` },
    });
    if (!response.ok) throw new Error(`tick answered ${String(response.status)}`);
    await this.world.sandbox.settled();
    this.log('cron', `POST /advisory-pilot/tick (${why})`, await this.summary());
  }

  skip(step: string, reason: string): void {
    this.skipped.push({ step, reason });
    this.log('demo', `skipped: ${step}`, reason);
  }

  /** The readable timeline the demo prints. */
  timeline(timeZone: string): string {
    const width = Math.max(...this.events.map((e) => e.actor.length));
    return this.events
      .map(
        (e) =>
          `${formatInstant(new Date(e.at), timeZone)}  ${e.actor.padEnd(width)}  ${e.action}\n${' '.repeat(22 + width)}→ ${e.result}`,
      )
      .join('\n');
  }
}
