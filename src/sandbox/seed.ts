import { parseDuration } from './clock.js';
import { botLogin, DEFAULT_SETTINGS, type SandboxCore } from './core.js';
import { emitEvent } from './events.js';
import { clearRecords } from './records.js';
import { renderInstallation } from './render-core.js';
import { emitReported } from './routes/advisories.js';
import { Scenario } from './scenario.js';
import { checkScenario, seedRepo } from './seed-repo.js';
import { createState } from './state.js';

/** What seeding hands back: tokens for the scenario's users and the installation id. */
export interface SeedResult {
  now: string;
  appId: number;
  installationId: number | null;
  tokens: Record<string, string>;
}

export type SeedOutcome = { ok: true; result: SeedResult } | { ok: false; error: string };

/**
 * Replaces the whole world with a scenario. Every time, duration and cross-reference is checked
 * before anything changes, so a bad scenario leaves the sandbox as it was and says what to fix.
 */
export function seedScenario(core: SandboxCore, input: unknown): SeedOutcome {
  const parsed = Scenario.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `scenario ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const scenario = parsed.data;
  const now = scenario.now ? Date.parse(scenario.now) : core.clock.now();
  const problem = checkScenario(scenario, now);
  if (problem) return { ok: false, error: problem };

  core.state = createState();
  clearRecords(core.records);
  core.tokens.clear();
  core.webhooks.clear();
  core.faults.clear();
  core.clock.reset(now);
  const s = scenario.settings;
  core.settings = {
    cveDelayMs:
      parseDuration(s.cveDelay ?? DEFAULT_SETTINGS.cveDelayMs) ?? DEFAULT_SETTINGS.cveDelayMs,
    advisoryDatabaseDelayMs:
      parseDuration(s.advisoryDatabaseDelay ?? DEFAULT_SETTINGS.advisoryDatabaseDelayMs) ?? 0,
    workflowDurationMs:
      parseDuration(s.workflowDuration ?? DEFAULT_SETTINGS.workflowDurationMs) ?? 0,
    advisoryCommentsApi: s.advisoryCommentsApi ?? DEFAULT_SETTINGS.advisoryCommentsApi,
    advisoryDatabaseReview: s.advisoryDatabaseReview ?? DEFAULT_SETTINGS.advisoryDatabaseReview,
  };
  const state = core.state;
  const tokens: Record<string, string> = {};
  for (const user of scenario.users) {
    state.users.set(user.login, {
      id: state.nextId(),
      login: user.login,
      name: user.name ?? null,
      type: 'User',
    });
    tokens[user.login] = core.tokens.issueUserToken(user.login, user.token);
  }
  state.users.set(botLogin(core), {
    id: state.nextId(),
    login: botLogin(core),
    name: null,
    type: 'Bot',
  });
  if (scenario.org) {
    const o = scenario.org;
    state.org = {
      id: state.nextId(),
      login: o.login,
      owners: new Set(o.owners),
      members: new Set([...o.owners, ...o.members]),
      teams: new Map(),
    };
    for (const t of o.teams) {
      const members = new Map<string, 'member' | 'maintainer'>(t.members.map((m) => [m, 'member']));
      for (const m of t.maintainers) members.set(m, 'maintainer');
      state.org.teams.set(t.slug, {
        id: state.nextId(),
        slug: t.slug,
        name: t.name ?? t.slug,
        members,
        repos: new Map(Object.entries(t.repos)),
      });
    }
  }
  const toNotify = scenario.repos.flatMap((r) => seedRepo(core, r, now));
  let installationId: number | null = null;
  if (scenario.installation) {
    const i = scenario.installation;
    installationId = i.id ?? state.nextId();
    const installation = {
      id: installationId,
      account: i.account,
      repositories: i.repositories,
      permissions: i.permissions,
      events: i.events,
      createdAt: core.clock.iso(),
    };
    state.installations.set(installationId, installation);
    if (i.notify) {
      const covered = [...state.repos.values()].filter(
        (r) =>
          r.owner === i.account &&
          (i.repositories === 'all' || i.repositories.includes(`${r.owner}/${r.name}`)),
      );
      emitEvent(core, {
        event: 'installation',
        action: 'created',
        sender: scenario.org?.owners[0] ?? i.account,
        installation,
        fields: {
          installation: renderInstallation(core, installation),
          repositories: covered.map((r) => ({
            id: r.id,
            node_id: `R_${r.id}`,
            name: r.name,
            full_name: `${r.owner}/${r.name}`,
            private: r.isPrivate,
          })),
          requester: null,
        },
      });
    }
  }
  // After the installation exists, so the reports reach the App.
  for (const { repo, advisory } of toNotify) emitReported(core, repo, advisory);
  return {
    ok: true,
    result: { now: core.clock.iso(), appId: core.app.id, installationId, tokens },
  };
}
