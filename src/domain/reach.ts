import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { CasePatch } from './case.js';
import type { CaseSummary } from './case-summary.js';
import type { EffectData, EffectMeaning, EffectResultEnv } from './effect-outcome.js';
import { doneByApp } from './effect-outcome.js';
import type { Effect } from './effects.js';

const MINUTE = 60_000;
/** The longest wait between two checks: twice a day once the first hours have passed. */
const MAX_INTERVAL_MS = 12 * 60 * MINUTE;

/**
 * When check number `done + 1` is due: `sla.reachCheckMinutes` after publication (feeds cache
 * for 15 minutes), then after waits that double (15 min, 30 min, 1 h, …) up to 12 hours.
 */
export function nextCheckAt(
  publishedAt: string,
  done: number,
  lastAt: string | undefined,
  config: AdvisoryPilotConfig,
): number {
  const first = new Date(publishedAt).getTime() + config.sla.reachCheckMinutes * MINUTE;
  if (done === 0 || !lastAt) return first;
  const wait = Math.min(config.sla.reachCheckMinutes * MINUTE * 2 ** done, MAX_INTERVAL_MS);
  return new Date(lastAt).getTime() + wait;
}

/** Whether the case still waits to learn that the published advisory reached people. */
function waiting(state: CaseSummary): string | undefined {
  const published = state.milestones.published;
  if (!published || !state.items.published || !state.ghsaId) return undefined;
  return published;
}

/**
 * The checks the tick makes now: the reach-check URL until it shows the GHSA (or `/reached`),
 * and the global advisory until the database lists it as the case expects. Each check is counted
 * when it is decided, so a tick that runs twice does not check twice.
 */
export function reachChecksDue(
  state: CaseSummary,
  now: Date,
  config: AdvisoryPilotConfig,
): { effects: Effect[]; patch?: CasePatch } {
  const published = waiting(state);
  if (!published || !state.ghsaId) return { effects: [] };
  const at = now.getTime();
  const reach = state.reach ?? {};
  const effects: Effect[] = [];
  const set: NonNullable<CasePatch['set']>['reach'] = {};
  const url = config.publish.reachCheckUrl;
  const urlChecks = reach.urlChecks ?? 0;
  if (
    url &&
    !state.items.reached &&
    at >= nextCheckAt(published, urlChecks, reach.urlCheckedAt, config)
  ) {
    effects.push({
      kind: 'check-url',
      key: `reach-url:${String(urlChecks + 1)}`,
      url,
      needle: state.ghsaId,
    });
    Object.assign(set, { urlChecks: urlChecks + 1, urlCheckedAt: now.toISOString() });
  }
  const databaseChecks = reach.databaseChecks ?? 0;
  if (
    !state.milestones.database &&
    at >= nextCheckAt(published, databaseChecks, reach.databaseCheckedAt, config)
  ) {
    effects.push({
      kind: 'check-global-advisory',
      key: `database:${String(databaseChecks + 1)}`,
      ghsaId: state.ghsaId,
    });
    Object.assign(set, {
      databaseChecks: databaseChecks + 1,
      databaseCheckedAt: now.toISOString(),
    });
  }
  return effects.length > 0 ? { effects, patch: { set: { reach: set } } } : { effects };
}

/** What a reach-check URL said: the GHSA is there (reached), or why it could not be read. */
export function urlCheckMeaning(
  effect: Extract<Effect, { kind: 'check-url' }>,
  data: EffectData,
  env: EffectResultEnv,
): EffectMeaning {
  if (data.found && !env.state.items.reached)
    return {
      patch: {
        set: { items: { reached: doneByApp(env, effect.url) }, reach: { urlError: '' } },
      },
      note: `Advisory visible at ${effect.url}`,
    };
  if (data.checkError && data.checkError !== env.state.reach?.urlError)
    return {
      patch: { set: { reach: { urlError: data.checkError.slice(0, 300) } } },
      note: `Reach check could not read ${effect.url}: ${data.checkError.slice(0, 200)}`,
    };
  return {};
}

/**
 * What the global advisory says. Listed with the CVE alias the case has and the patched version
 * it released: the advisory is in the database (and, with no reach-check URL, it reached people).
 * Listed otherwise: the difference is recorded and the checks go on (the database may catch up).
 */
export function databaseCheckMeaning(data: EffectData, env: EffectResultEnv): EffectMeaning {
  const { state } = env;
  if (!data.found || state.milestones.database) return {};
  const problems: string[] = [];
  const cve = state.cve.id;
  if (cve && data.cveId !== cve)
    problems.push(`lists ${data.cveId ? `CVE ${data.cveId}` : 'no CVE'} instead of ${cve}`);
  const name = state.advisory.packageName;
  const patched = state.advisory.patchedVersion ?? state.release.version;
  if (name && patched) {
    const entry = data.patched?.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (!entry) problems.push(`does not list ${name}`);
    else if (entry.version !== patched)
      problems.push(`gives ${entry.version ?? 'no'} patched version for ${name}, not ${patched}`);
  }
  if (problems.length > 0) {
    const problem = `The GitHub Advisory Database ${problems.join(' and ')}`;
    if (problem === state.reach?.databaseProblem) return {};
    return { patch: { set: { reach: { databaseProblem: problem } } }, note: problem };
  }
  const at = env.now.toISOString();
  const byDatabase = !env.config.publish.reachCheckUrl && !state.items.reached;
  return {
    patch: {
      set: {
        milestones: { database: at },
        reach: { databaseProblem: '' },
        ...(byDatabase
          ? { items: { reached: doneByApp(env, 'listed in the GitHub Advisory Database') } }
          : {}),
      },
    },
    note: `Listed in the GitHub Advisory Database${cve ? ` with ${cve}` : ''}${patched ? `, patched in ${patched}` : ''}`,
  };
}
