import { applyAdvisoryFields } from './advisory-write.js';
import { parseDuration } from './clock.js';
import type { SandboxCore } from './core.js';
import { commitFiles, createGitStore } from './git-store.js';
import { newAdvisory } from './routes/advisories.js';
import { openIssue } from './routes/issues.js';
import type { Scenario, ScenarioRepo } from './scenario.js';
import { scoreVector } from './cvss.js';
import type { Advisory, Repo } from './state.js';

/** A scenario time: an ISO timestamp, or an age before `now` such as "5d". */
export function at(when: string | undefined, now: number): number {
  if (when === undefined) return now;
  const age = parseDuration(when);
  return age !== undefined ? now - age : Date.parse(when);
}

/** The first problem with a scenario that its schema cannot see (times, references), if any. */
export function checkScenario(scenario: Scenario, now: number): string | undefined {
  const users = new Set(scenario.users.map((u) => u.login));
  const badTime = (when: string | undefined) => when !== undefined && Number.isNaN(at(when, now));
  const { cveDelay, advisoryDatabaseDelay, workflowDuration } = scenario.settings;
  const durations = { cveDelay, advisoryDatabaseDelay, workflowDuration };
  for (const [key, value] of Object.entries(durations)) {
    if (value !== undefined && parseDuration(value) === undefined) {
      return `settings.${key}: "${String(value)}" is not a duration; write e.g. "72h", "3d" or "15m"`;
    }
  }
  for (const repo of scenario.repos) {
    const owner = repo.name.split('/')[0] ?? '';
    if (owner !== scenario.org?.login && !users.has(owner)) {
      return `repo ${repo.name}: owner "${owner}" is neither the org nor a listed user; add it to users or org`;
    }
    for (const login of Object.keys(repo.collaborators)) {
      if (!users.has(login)) return `repo ${repo.name}: collaborator "${login}" is not in users`;
    }
    for (const item of [
      ...repo.issues,
      ...repo.advisories,
      ...repo.issues.flatMap((i) => i.comments),
    ]) {
      if (!users.has(item.author))
        return `repo ${repo.name}: author "${item.author}" is not in users`;
      if (badTime(item.at))
        return `repo ${repo.name}: "${item.at ?? ''}" is neither an ISO time nor an age like "5d"`;
    }
    for (const a of repo.advisories) {
      if (a.cvssVectorString !== undefined && a.severity !== undefined) {
        return `repo ${repo.name}: advisory "${a.summary}" sets both severity and cvssVectorString; keep one`;
      }
      if (a.cvssVectorString !== undefined && !scoreVector(a.cvssVectorString)) {
        return `repo ${repo.name}: "${a.cvssVectorString}" is not a CVSS 3.1 or 4.0 vector`;
      }
    }
    for (const w of repo.workflows) {
      if (w.duration !== undefined && parseDuration(w.duration) === undefined) {
        return `repo ${repo.name}: workflow duration "${String(w.duration)}" is not a duration like "10m"`;
      }
    }
  }
  return undefined;
}

/** Creates one repository; returns the reports whose `reported` webhook must still be sent. */
export function seedRepo(
  core: SandboxCore,
  r: ScenarioRepo,
  now: number,
): { repo: Repo; advisory: Advisory }[] {
  const notify: { repo: Repo; advisory: Advisory }[] = [];
  const state = core.state;
  const [owner = '', name = ''] = r.name.split('/');
  const iso = core.clock.iso(now);
  const repo: Repo = {
    id: state.nextId(),
    owner,
    name,
    isPrivate: r.visibility === 'private',
    description: r.description ?? null,
    defaultBranch: r.defaultBranch,
    createdAt: r.createdAt ? new Date(r.createdAt).toISOString() : iso,
    pushedAt: iso,
    privateVulnerabilityReporting: r.privateVulnerabilityReporting,
    collaborators: new Map(Object.entries(r.collaborators)),
    git: createGitStore(),
    issues: [],
    nextNumber: 1,
    labels: [],
    advisories: [],
    workflows: [],
    runs: [],
    releases: [],
    deployments: [],
    forkOf: null,
  };
  const files: Record<string, string> = { 'README.md': `# ${name}\n`, ...r.files };
  for (const w of r.workflows)
    files[w.path] ??= `name: ${w.name ?? w.path}\non: workflow_dispatch\n`;
  const author = { name: owner, email: `${owner}@users.noreply.github.com`, date: iso };
  repo.git.refs.set(
    `refs/heads/${r.defaultBranch}`,
    commitFiles(repo.git, undefined, files, 'Initial commit', author),
  );
  for (const label of r.labels)
    repo.labels.push({ id: state.nextId(), name: label, color: 'ededed', description: null });
  for (const w of r.workflows) {
    const duration =
      w.duration === undefined
        ? core.settings.workflowDurationMs
        : (parseDuration(w.duration) ?? 0);
    repo.workflows.push({
      id: state.nextId(),
      name: w.name ?? w.path,
      path: w.path,
      conclusion: w.conclusion,
      durationMs: duration,
      deploys: w.deploys,
    });
  }
  for (const i of r.issues) {
    const when = core.clock.iso(at(i.at, now));
    const issue = openIssue(core, repo, {
      title: i.title,
      body: i.body ?? null,
      user: i.author,
      at: when,
    });
    issue.labels = i.labels;
    if (i.state === 'closed')
      Object.assign(issue, { state: 'closed', closedAt: when, stateReason: 'completed' });
    for (const c of i.comments) {
      const cAt = core.clock.iso(at(c.at, now));
      issue.comments.push({
        id: state.nextId(),
        body: c.body,
        user: c.author,
        createdAt: cAt,
        updatedAt: cAt,
        minimized: null,
      });
    }
  }
  for (const a of r.advisories) {
    const advisory = newAdvisory(core, repo, a.author, a.state);
    const when = core.clock.iso(at(a.at, now));
    Object.assign(advisory, {
      createdAt: when,
      updatedAt: when,
      cveId: a.cveId ?? null,
      collaboratingUsers: a.collaborators,
    });
    if (a.state === 'published')
      Object.assign(advisory, { publishedAt: when, publisher: a.author });
    if (a.state === 'closed') advisory.closedAt = when;
    applyAdvisoryFields(core, advisory, {
      summary: a.summary,
      description: a.description,
      cwe_ids: a.cweIds,
      ...(a.severity ? { severity: a.severity } : {}),
      ...(a.cvssVectorString ? { cvss_vector_string: a.cvssVectorString } : {}),
      vulnerabilities: a.vulnerabilities.map((v) => ({
        package: { ecosystem: v.ecosystem, name: v.name },
        vulnerable_version_range: v.vulnerableVersionRange ?? null,
        patched_versions: v.patchedVersions ?? null,
      })),
    });
    if (a.notify) notify.push({ repo, advisory });
  }
  state.repos.set(r.name, repo);
  return notify;
}
