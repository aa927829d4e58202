import type { AdvisoryPilotConfig } from '../config/schema.js';
import {
  fingerprintOf,
  mergePackages,
  packagesOf,
  packagesOfWrite,
  vulnerabilitiesWrite,
} from '../domain/advisory-copy.js';
import { readVersionField } from '../domain/bump-plan.js';
import type { EffectOutcome } from '../domain/effect-results.js';
import type { Case } from '../domain/case.js';
import type { Effect } from '../domain/effects.js';
import { describeLeaks, findEffectLeaks } from '../domain/leak-guard.js';
import { PUBLIC_WRITE_KINDS } from '../domain/effects.js';
import { PUBLISHED_BY_APP } from '../domain/published.js';
import { PreviewUnavailableError, type GitHubPort } from '../github/port.js';
import { bumpVersionFiles } from './bump-versions.js';
import { EffectRefused } from './errors.js';
import { openPullRequestEffect } from './pull-requests.js';
import { quickReleaseEffect } from './quick-release.js';
import { cutReleaseBranch } from './release-branch.js';
import { adoptAdvisory, createAdvisory } from './advisory-intake.js';
import { findMergedFixes, verifyMerged } from './verify-merged.js';

/** What executing an effect needs besides GitHub: the case (for the leak guard) and the config. */
export interface EffectEnv {
  github: GitHubPort;
  state: Case;
  config: AdvisoryPilotConfig;
  tracking: { repo: string; issue: number };
  /** Fetches a URL's text (reach check); injected so tests need no network. */
  fetchText: (url: string) => Promise<string>;
  /**
   * The effect's intent was found after a restart: check whether it already happened even where
   * a fresh decision made on a state just read needs no check.
   */
  recovered?: boolean;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return typeof status === 'number'
      ? `GitHub answered ${status}: ${error.message}`
      : error.message;
  }
  return String(error);
}

function unionBy<T>(a: readonly T[], b: readonly T[], key: (t: T) => string): T[] {
  const map = new Map<string, T>();
  for (const item of [...a, ...b]) map.set(key(item), item);
  return [...map.values()];
}

/**
 * Carries out one effect, checking first whether it already happened (a rerun after a crash
 * between intent and result continues instead of repeating), and refusing any public write the
 * leak guard flags. Returns an outcome; only unexpected faults (network, 5xx) throw.
 */
export async function executeEffect(effect: Effect, env: EffectEnv): Promise<EffectOutcome> {
  const leaks = findEffectLeaks([effect], env.state, env.config);
  if (leaks.length > 0) return { ok: false, error: describeLeaks(leaks) };
  try {
    const unconfirmed = await unconfirmedPublication(effect, env);
    if (unconfirmed) return { ok: false, error: unconfirmed };
    return await run(effect, env);
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (
      error instanceof EffectRefused ||
      error instanceof PreviewUnavailableError ||
      status === 404 ||
      status === 422 ||
      (status === 403 && !isRateLimit(error))
    ) {
      return {
        ok: false,
        error: messageOf(error),
        ...(typeof status === 'number' ? { status } : {}),
      };
    }
    throw error;
  }
}

/**
 * The leak guard lets public writes through once the case says the advisory is published. When
 * that came from an event rather than the App's own publishing write, GitHub is asked first:
 * a payload is not proof, and a public write cannot be taken back.
 */
async function unconfirmedPublication(effect: Effect, env: EffectEnv): Promise<string | undefined> {
  const { state } = env;
  if (!PUBLIC_WRITE_KINDS.includes(effect.kind) || state.repoPrivate) return undefined;
  if (state.advisory.state !== 'published' || !state.repo || !state.ghsaId) return undefined;
  if (state.items.published?.evidence === PUBLISHED_BY_APP) return undefined;
  const advisory = await env.github.getAdvisory(state.repo, state.ghsaId);
  if (advisory.state === 'published') return undefined;
  return `🛑 GitHub shows ${state.ghsaId} as **${advisory.state}**, not published, although an event said it was. Nothing public was written. Check the advisory on GitHub; the App goes on when GitHub shows it published.`;
}

function isRateLimit(error: unknown): boolean {
  const message = error instanceof Error ? error.message.toLowerCase() : '';
  return message.includes('rate limit');
}

async function run(effect: Effect, env: EffectEnv): Promise<EffectOutcome> {
  const { github } = env;
  switch (effect.kind) {
    case 'update-advisory': {
      const fields = { ...effect.fields };
      if (fields.credits || fields.collaborating_users || fields.collaborating_teams) {
        // List fields replace the whole list on GitHub: read, merge, write.
        const current = await github.getAdvisoryLists(effect.repo, effect.ghsaId);
        if (fields.credits)
          fields.credits = unionBy(current.credits, fields.credits, (c) => c.login.toLowerCase());
        if (fields.collaborating_users)
          fields.collaborating_users = unionBy(current.users, fields.collaborating_users, (u) =>
            u.toLowerCase(),
          );
        if (fields.collaborating_teams)
          fields.collaborating_teams = unionBy(current.teams, fields.collaborating_teams, (t) =>
            t.toLowerCase(),
          );
      }
      if (fields.vulnerabilities) {
        // List fields replace the whole list: the App's entries go onto GitHub's list (as read
        // at the start of this job, or read again for a recovered intent), nothing is dropped.
        const seen = env.recovered === false ? env.state.advisory.seen : undefined;
        const current = seen
          ? seen.packages
          : packagesOf(await github.getAdvisory(effect.repo, effect.ghsaId));
        fields.vulnerabilities = vulnerabilitiesWrite(
          mergePackages(current, packagesOfWrite(fields.vulnerabilities)),
        );
      }
      if (fields.state && env.recovered !== false) {
        const advisory = await github.getAdvisory(effect.repo, effect.ghsaId);
        if (advisory.state === fields.state) delete fields.state;
      }
      if (Object.keys(fields).length > 0)
        await github.updateAdvisory(effect.repo, effect.ghsaId, fields);
      return { ok: true };
    }
    case 'create-advisory':
      return createAdvisory(github, effect, env.recovered === true);
    case 'adopt-advisory':
      return adoptAdvisory(github, effect, env);
    case 'request-cve': {
      // Decided on the advisory just read; only a recovered intent checks for an ID first.
      const advisory =
        env.recovered === false ? undefined : await github.getAdvisory(effect.repo, effect.ghsaId);
      if (!advisory?.cveId) await github.requestCve(effect.repo, effect.ghsaId);
      return { ok: true };
    }
    case 'create-fork': {
      const fork = await github.createFork(effect.repo, effect.ghsaId);
      return { ok: true, data: { name: fork.name, url: fork.url } };
    }
    case 'advisory-comment':
      await github.commentOnAdvisory(effect.repo, effect.ghsaId, effect.body);
      return { ok: true };
    case 'create-branch': {
      if (await github.getBranchSha(effect.repo, effect.branch)) return { ok: true };
      const from = effect.from ?? (await github.getRepository(effect.repo)).defaultBranch;
      const sha = await github.getBranchSha(effect.repo, from);
      if (!sha)
        throw new EffectRefused(
          `the branch or ref "${from}" to cut ${effect.branch} from does not exist`,
        );
      await github.createBranch(effect.repo, effect.branch, sha);
      return { ok: true };
    }
    case 'bump-versions':
      await bumpVersionFiles(github, effect);
      return { ok: true };
    case 'cut-release-branch':
      return { ok: true, data: await cutReleaseBranch(github, effect) };
    case 'check-release-tag': {
      if (effect.path) {
        const file = await github.getFile(effect.repo, effect.path, effect.tag);
        const read = file ? readVersionField(effect.path, file.content) : undefined;
        if (read?.ok !== true || read.version !== effect.version)
          return { ok: true, data: { found: false } };
      }
      // The tag is this release only when it holds what was released (GitHub's compare: the
      // commit is an ancestor of the tag, or the tag itself).
      for (const sha of effect.contains ?? []) {
        const comparison = await github.compareCommits(effect.repo, sha, effect.tag);
        if (comparison?.status !== 'ahead' && comparison?.status !== 'identical')
          return { ok: true, data: { found: false, commits: [sha] } };
      }
      return { ok: true, data: { found: true } };
    }
    case 'find-merged-fixes':
      return { ok: true, data: { arrivals: await findMergedFixes(github, effect) } };
    case 'verify-merged':
      return { ok: true, data: await verifyMerged(github, effect) };
    case 'dispatch-workflow': {
      const existing = await github.findWorkflowRun(effect.repo, effect.workflow, effect.ref);
      if (existing) return { ok: true, data: { runId: existing.runId, url: existing.url } };
      const run = await github.dispatchWorkflow(
        effect.repo,
        effect.workflow,
        effect.ref,
        effect.inputs,
      );
      return {
        ok: true,
        data: {
          ...(run.runId === undefined ? {} : { runId: run.runId }),
          ...(run.url ? { url: run.url } : {}),
        },
      };
    }
    case 'open-pull-request':
      return { ok: true, data: await openPullRequestEffect(github, effect) };
    case 'quick-release':
      return { ok: true, data: await quickReleaseEffect(github, effect) };
    case 'publish-advisory': {
      // Decided on the advisory just read; only a recovered intent reads it again, and goes on
      // only if GitHub's copy is still the one the publication was confirmed on.
      if (env.recovered !== false) {
        const advisory = await github.getAdvisory(effect.repo, effect.ghsaId);
        if (advisory.state === 'published') return { ok: true };
        if (effect.fingerprint && fingerprintOf(advisory) !== effect.fingerprint)
          throw new EffectRefused(
            'the advisory was edited on GitHub after the publication was confirmed; nothing was published. Type `/publish` to see it as it is now',
          );
      }
      // One write: the products as confirmed (patched versions filled) and the state.
      await github.updateAdvisory(effect.repo, effect.ghsaId, {
        ...(effect.vulnerabilities ? { vulnerabilities: effect.vulnerabilities } : {}),
        state: 'published',
      });
      return { ok: true };
    }
    case 'close-tracking-issue':
      await github.updateIssue(env.tracking.repo, env.tracking.issue, {
        state: 'closed',
        stateReason: effect.reason,
      });
      return { ok: true };
    case 'minimize-comment':
      await github.minimizeComment(effect.nodeId);
      return { ok: true };
    case 'check-report-arrival': {
      const { createdAt } = await github.getRepository(effect.repo);
      return { ok: true, data: createdAt === undefined ? {} : { createdAt } };
    }
    case 'check-url': {
      // An unreachable page is what the check found out, not a failed effect: the case records
      // it and the reach reminder names it, instead of a failure notice on every poll.
      try {
        const text = await env.fetchText(effect.url);
        return { ok: true, data: { found: text.includes(effect.needle) } };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: true, data: { found: false, checkError: reason } };
      }
    }
    case 'remove-collaborators': {
      const current = await github.getAdvisoryLists(effect.repo, effect.ghsaId);
      const users = new Set(effect.users.map((u) => u.toLowerCase()));
      const teams = new Set(effect.teams.map((t) => t.toLowerCase()));
      const removed = [
        ...current.users.filter((u) => users.has(u.toLowerCase())),
        ...current.teams.filter((t) => teams.has(t.toLowerCase())),
      ];
      if (removed.length > 0)
        await github.updateAdvisory(effect.repo, effect.ghsaId, {
          collaborating_users: current.users.filter((u) => !users.has(u.toLowerCase())),
          collaborating_teams: current.teams.filter((t) => !teams.has(t.toLowerCase())),
        });
      return { ok: true, data: { removed } };
    }
    case 'check-global-advisory': {
      const listed = await github.getGlobalAdvisory(effect.ghsaId);
      return {
        ok: true,
        data: listed
          ? {
              found: true,
              ...(listed.cveId ? { cveId: listed.cveId } : {}),
              patched: listed.patched,
            }
          : { found: false },
      };
    }
  }
}
