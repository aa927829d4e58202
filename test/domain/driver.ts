import { COMMANDS } from '../../src/commands/registry.js';
import type { AdvisoryPilotConfig } from '../../src/config/schema.js';
import { decideEffectResult, type EffectOutcome } from '../../src/domain/effect-results.js';
import type { Case } from '../../src/domain/case.js';
import type { DecideContext } from '../../src/domain/decide-context.js';
import { decide } from '../../src/domain/decide.js';
import type { Effect } from '../../src/domain/effects.js';
import { fold } from '../../src/domain/fold.js';
import type { Actor, Input, ObservedAdvisory } from '../../src/domain/inputs.js';
import type { CaseRecord } from '../../src/domain/records.js';

export const MAINTAINER: Actor = {
  login: 'maintainer-max',
  permission: 'maintain',
  teamMember: false,
};
export const SECOND: Actor = { login: 'maintainer-mia', permission: 'maintain', teamMember: false };
export const WRITER: Actor = { login: 'writer-wes', permission: 'write', teamMember: false };
export const READER: Actor = { login: 'reader-rae', permission: 'read', teamMember: false };
export const ADMIN: Actor = { login: 'admin-ada', permission: 'admin', teamMember: false };

export const APP = 'advisory-pilot[bot]';

/** A report as `repository_advisory.reported` delivers it. */
export function reportedAdvisory(overrides: Partial<ObservedAdvisory> = {}): ObservedAdvisory {
  return {
    ghsaId: 'GHSA-2c5f-hj7m-pq9r',
    repo: 'acme/widget',
    repoPrivate: false,
    state: 'triage',
    summary: 'Path traversal in the file upload endpoint',
    description:
      'Uploading a file named ../../etc/cron.d/x writes outside the upload directory in 0.71.0: an attacker can overwrite server files.\n\nSteps to reproduce: curl -F "file=@x;filename=../../x" …',
    htmlUrl: 'https://github.com/acme/widget/security/advisories/GHSA-2c5f-hj7m-pq9r',
    createdAt: '2026-11-20T14:30:00.000Z',
    reporter: 'reporter-jane',
    ecosystem: 'npm',
    packageName: '@acme/widget',
    ...overrides,
  };
}

/** What the simulated GitHub answers for each effect kind when a test does not say otherwise. */
function defaultOutcome(effect: Effect, counter: number, state: Case): EffectOutcome {
  switch (effect.kind) {
    case 'check-report-arrival':
      // The product repository is years old.
      return { ok: true, data: { createdAt: '2020-01-06T10:00:00Z' } };
    case 'check-release-tag':
      // The published tag holds what was released (tests that say otherwise set an outcome).
      return { ok: true, data: { found: true } };
    case 'check-global-advisory': {
      // The database lists the advisory as the case expects (its CVE, its patched version).
      const name = state.advisory.packageName;
      const version = state.advisory.patchedVersion ?? state.release.version;
      return {
        ok: true,
        data: {
          found: true,
          ...(state.cve.id ? { cveId: state.cve.id } : {}),
          patched: name ? [{ name, ...(version ? { version } : {}) }] : [],
        },
      };
    }
    case 'create-advisory':
      return {
        ok: true,
        data: {
          ghsaId: 'GHSA-wxwx-2345-cfgh',
          url: 'https://github.com/acme/widget/security/advisories/GHSA-wxwx-2345-cfgh',
        },
      };
    case 'adopt-advisory':
      return {
        ok: true,
        data: {
          ghsaId: effect.ghsaId,
          advisoryState: 'draft',
          summary: 'Path traversal in uploads',
          url: `https://github.com/${effect.repo}/security/advisories/${effect.ghsaId}`,
        },
      };
    case 'create-fork':
      return {
        ok: true,
        data: {
          name: 'acme/widget-ghsa-2c5f-hj7m-pq9r',
          url: 'https://github.com/acme/widget-ghsa-2c5f-hj7m-pq9r',
        },
      };
    case 'dispatch-workflow':
      return {
        ok: true,
        data: { runId: 4242, url: 'https://github.com/acme/widget/actions/runs/4242' },
      };
    case 'verify-merged': {
      // `/fixed` asks quietly: by default the fix is still in the fork, as GitHub runs it.
      if (effect.quiet) return { ok: true, data: { found: false } };
      const sha = effect.sha.padEnd(40, '0');
      return {
        ok: true,
        data: { sha, commits: [sha], files: ['packages/server/src/upload.ts'] },
      };
    }
    case 'cut-release-branch':
      return {
        ok: true,
        data: {
          fromSha: 'f'.repeat(40),
          sha: 'e'.repeat(40),
          bumped: effect.versionFiles.slice(0, 1).map((p) => `${p}@${effect.version}`),
        },
      };
    case 'open-pull-request':
    case 'quick-release':
      return {
        ok: true,
        data: {
          number: 100 + counter,
          url: `https://github.com/acme/widget/pull/${100 + counter}`,
        },
      };
    default:
      return { ok: true };
  }
}

/**
 * Plays a case through `decide` and `decideEffectResult` the way the pipeline does, with a
 * virtual clock and a simulated GitHub, so lifecycle tests read like the playbook.
 */
export class Driver {
  readonly records: CaseRecord[] = [];
  readonly replies: string[] = [];
  /** Notices someone must act on (`Step.notice`), from events nobody typed. */
  readonly notices: string[] = [];
  readonly executed: Effect[] = [];
  /** Outcomes to use instead of the defaults, by effect key. */
  readonly outcomes = new Map<string, EffectOutcome>();
  private deliveries = 0;
  private comments = 1000;

  constructor(
    readonly config: AdvisoryPilotConfig,
    public now: Date,
  ) {}

  get state(): Case {
    const state = fold(this.records).case;
    if (!state) throw new Error('no case yet');
    return state;
  }

  get lastReply(): string {
    return this.replies.at(-1) ?? '';
  }

  get lastNotice(): string {
    return this.notices.at(-1) ?? '';
  }

  ctx(): DecideContext {
    return {
      now: this.now,
      config: this.config,
      appLogin: APP,
      commands: COMMANDS,
      timeline: fold(this.records).timeline,
    };
  }

  /** Feeds an input (delivery id filled in), then carries out every resulting effect. */
  /** The GitHub Advisory Database lists the case's advisory as expected (its CVE, its patch). */
  listedInDatabase(): this {
    const { state } = this;
    const name = state.advisory.packageName;
    const version = state.advisory.patchedVersion ?? state.release.version;
    return this.send({
      type: 'database-published',
      ghsaId: state.ghsaId ?? '',
      listed: {
        ...(state.cve.id ? { cveId: state.cve.id } : {}),
        patched: name ? [{ name, ...(version ? { version } : {}) }] : [],
      },
    });
  }

  send(
    input: Input extends infer I
      ? I extends { delivery: string }
        ? Omit<I, 'delivery'>
        : never
      : never,
    delivery?: string,
  ): this {
    const withDelivery: Input = { ...input, delivery: delivery ?? `d${++this.deliveries}` };
    const decision = decide(fold(this.records).case, withDelivery, this.ctx());
    this.records.push(...decision.records);
    if (decision.reply !== undefined) this.replies.push(decision.reply);
    if (decision.notice !== undefined) this.notices.push(decision.notice);
    this.run(decision.effects, withDelivery.delivery);
    return this;
  }

  /** The command key (`<comment id>.<position>`) the next `command()` will have. */
  get nextCommandKey(): string {
    return `${String(this.comments + 1)}.0`;
  }

  /** A comment with one command line, by `actor`. */
  command(line: string, actor: Actor = MAINTAINER): this {
    const match = /^\/(\S+)\s*(.*)$/.exec(line.trim());
    if (!match) throw new Error(`not a command: ${line}`);
    return this.send({
      type: 'command',
      commentId: ++this.comments,
      index: 0,
      name: (match[1] ?? '').toLowerCase(),
      argsText: match[2] ?? '',
      actor,
    });
  }

  advance(ms: number): this {
    this.now = new Date(this.now.getTime() + ms);
    return this;
  }

  at(iso: string): this {
    this.now = new Date(iso);
    return this;
  }

  private run(effects: readonly Effect[], delivery: string): void {
    const queue = [...effects];
    while (queue.length > 0) {
      const effect = queue.shift();
      if (!effect) break;
      this.executed.push(effect);
      const outcome =
        this.outcomes.get(effect.key) ?? defaultOutcome(effect, this.executed.length, this.state);
      const follow = decideEffectResult(
        this.state,
        effect,
        outcome,
        this.ctx(),
        `${delivery}:${effect.key}`,
      );
      this.records.push(...follow.records);
      if (follow.reply !== undefined) this.replies.push(follow.reply);
      if (follow.notice !== undefined) this.notices.push(follow.notice);
      queue.push(...follow.effects);
    }
  }
}
