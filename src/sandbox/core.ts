import type { KeyObject } from 'node:crypto';
import { actorLabel, type Actor, type TokenStore } from './auth.js';
import type { VirtualClock } from './clock.js';
import type { FaultStore } from './faults.js';
import type { OpenApiValidator } from './openapi/validator.js';
import type { Records } from './records.js';
import type { Repo, State } from './state.js';
import { fullName } from './state.js';
import type { WebhookSender, WebhookTarget } from './webhooks.js';

/** Knobs a scenario may turn; all durations in virtual milliseconds. */
export interface SandboxSettings {
  /** How long GitHub takes to assign a requested CVE (GitHub says up to 72 h). */
  cveDelayMs: number;
  /** How long after publication the advisory reaches the global database (`security_advisory`). */
  advisoryDatabaseDelayMs: number;
  /** `unreviewed`: GitHub never reviews the advisory, so it never reaches the global database. */
  advisoryDatabaseReview: 'reviewed' | 'unreviewed';
  /** The preview advisory comments API: on, absent (404), or refused to Apps (403). */
  advisoryCommentsApi: 'enabled' | 'disabled' | 'forbidden-for-apps';
  /** Default run length for workflows that do not set one. */
  workflowDurationMs: number;
}

export const DEFAULT_SETTINGS: SandboxSettings = {
  cveDelayMs: 72 * 3_600_000,
  advisoryDatabaseDelayMs: 3_600_000,
  advisoryDatabaseReview: 'reviewed',
  advisoryCommentsApi: 'enabled',
  workflowDurationMs: 10 * 60_000,
};

/** The App the sandbox authenticates and delivers webhooks to. */
export interface AppInfo {
  id: number;
  slug: string;
  name: string;
  publicKey: KeyObject;
  createdAt: string;
}

/** Everything one sandbox instance owns; handlers receive it through their context. */
export interface SandboxCore {
  app: AppInfo;
  target: WebhookTarget;
  settings: SandboxSettings;
  state: State;
  clock: VirtualClock;
  validator: OpenApiValidator;
  tokens: TokenStore;
  webhooks: WebhookSender;
  records: Records;
  faults: FaultStore;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  baseUrl: string;
  /** Where `html_url`s point (github.com by default: the sandbox serves no HTML). */
  htmlBaseUrl: string;
}

/** The login the App writes as: `slug[bot]`. */
export function botLogin(core: SandboxCore): string {
  return `${core.app.slug}[bot]`;
}

/** The login an actor writes as (the App's bot for installations). */
export function actorLogin(core: SandboxCore, actor: Actor): string {
  if (actor.kind === 'user') return actor.login;
  return botLogin(core);
}

/** Notes text written to a public repository, for the embargo checks of the demo and the tests. */
export function recordPublicWrite(
  core: SandboxCore,
  repo: Repo,
  kind: string,
  text: string,
  actor: Actor,
): void {
  if (repo.isPrivate || text === '') return;
  core.records.publicWrites.push({
    at: core.clock.iso(),
    repo: fullName(repo),
    kind,
    text,
    actor: actorLabel(actor),
  });
}
