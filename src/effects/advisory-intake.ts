import type { EffectOutcome } from '../domain/effect-results.js';
import type { Effect } from '../domain/effects.js';
import { looksLikeSameReport } from '../domain/similarity.js';
import { statusOf } from '../github/conditional-get.js';
import type { GitHubPort } from '../github/port.js';
import { findTrackingIssue } from '../store/case-index.js';
import type { AdvisoryPilotConfig } from '../config/schema.js';
import { EffectRefused } from './errors.js';

type CreateEffect = Extract<Effect, { kind: 'create-advisory' }>;
type AdoptEffect = Extract<Effect, { kind: 'adopt-advisory' }>;

/**
 * `/advisory create`: a new draft, unless the repository already has drafts that look like the
 * same report; those are listed instead (one case per vulnerability), and `--new` creates it
 * anyway. An intent found after a restart first takes the draft with this very summary: the
 * App made it before the result was recorded.
 */
export async function createAdvisory(
  github: GitHubPort,
  effect: CreateEffect,
  recovered: boolean,
): Promise<EffectOutcome> {
  const summary = effect.fields.summary ?? '';
  const open = (await github.listAdvisories(effect.repo)).filter(
    (a) => a.state === 'draft' || a.state === 'triage',
  );
  const ours = recovered
    ? open.find((a) => a.state === 'draft' && a.summary === summary)
    : undefined;
  if (ours)
    return {
      ok: true,
      data: { ghsaId: ours.ghsaId, ...(ours.htmlUrl ? { url: ours.htmlUrl } : {}) },
    };
  const packageName = effect.fields.vulnerabilities?.[0]?.package.name;
  const similar = effect.force
    ? []
    : open.filter((a) => looksLikeSameReport({ summary, packageName }, a));
  if (similar.length > 0)
    return {
      ok: true,
      data: {
        similar: similar.slice(0, 5).map((a) => ({
          ghsaId: a.ghsaId,
          summary: a.summary.slice(0, 200),
          ...(a.htmlUrl ? { url: a.htmlUrl } : {}),
        })),
      },
    };
  const created = await github.createAdvisory(effect.repo, effect.fields);
  return { ok: true, data: { ghsaId: created.ghsaId, url: created.url } };
}

/**
 * `/advisory adopt`: the draft (or report) becomes the case's advisory, unless it is published,
 * closed or withdrawn, or another tracking issue already holds its case.
 */
export async function adoptAdvisory(
  github: GitHubPort,
  effect: AdoptEffect,
  env: { config: AdvisoryPilotConfig; tracking: { repo: string; issue: number } },
): Promise<EffectOutcome> {
  let advisory;
  try {
    advisory = await github.getAdvisory(effect.repo, effect.ghsaId);
  } catch (error) {
    if (statusOf(error) === 404)
      throw new EffectRefused(
        `${effect.ghsaId} is not an advisory of ${effect.repo}; copy its ID from the repository's Security tab`,
      );
    throw error;
  }
  if (advisory.state !== 'draft' && advisory.state !== 'triage')
    throw new EffectRefused(
      `${effect.ghsaId} is ${advisory.state}: only a draft or a report in triage can be adopted`,
    );
  const tracked = await findTrackingIssue(
    github,
    env.tracking.repo,
    env.config.tracking.label,
    effect.repo,
    effect.ghsaId,
  );
  if (tracked && tracked.number !== env.tracking.issue)
    throw new EffectRefused(
      `${effect.ghsaId} is already tracked in ${env.tracking.repo}#${String(tracked.number)}; close this case as its duplicate with \`/duplicate-of #${String(tracked.number)}\``,
    );
  return {
    ok: true,
    data: {
      ghsaId: advisory.ghsaId,
      advisoryState: advisory.state,
      summary: advisory.summary.slice(0, 1024),
      ...(advisory.htmlUrl ? { url: advisory.htmlUrl } : {}),
    },
  };
}
