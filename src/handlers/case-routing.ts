import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { ObservedAdvisory } from '../domain/inputs.js';
import type { TrackingIssue } from '../github/port.js';
import { neutralize } from '../domain/neutralize.js';
import { caseMarker, listTrackingIssues } from '../store/case-index.js';
import type { TrackingRef } from '../store/case-file-store.js';
import { assertPrivate, type PrivacyCache } from '../store/tracking-guard.js';
import type { CaseIndexMemo } from '../store/case-index-memo.js';
import type { Services } from './services.js';

/**
 * Finds the tracking issue of an advisory or creates it in the (verified private) tracking
 * repository, with the case marker and an empty status section the pipeline fills in.
 */
export async function ensureTrackingIssue(
  services: Services,
  privacy: PrivacyCache,
  config: AdvisoryPilotConfig,
  trackingRepo: string,
  advisory: ObservedAdvisory,
): Promise<TrackingRef & { created: boolean; body?: string; listed: TrackingIssue[] }> {
  const { github } = services;
  await assertPrivate(github, privacy, trackingRepo);
  const label = config.tracking.label;
  const all = await listTrackingIssues(github, trackingRepo, label);
  const listed = all.map((entry) => entry.issue);
  const existing = all.find(
    (entry) =>
      entry.key.repo === advisory.repo &&
      entry.key.ghsaId?.toLowerCase() === advisory.ghsaId.toLowerCase(),
  )?.issue;
  if (existing) return { repo: trackingRepo, issue: existing.number, created: false, listed };
  await github.ensureLabel(
    trackingRepo,
    label,
    'b60205',
    'Security advisory case tracked by Advisory Pilot',
  );
  const created = await github.createIssue(trackingRepo, {
    title: `[${advisory.ghsaId}] ${neutralize(advisory.summary, { maxLength: 200 })}`,
    body: [
      caseMarker({ repo: advisory.repo, ghsaId: advisory.ghsaId }),
      `Security advisory case for ${advisory.htmlUrl ?? advisory.ghsaId} on \`${advisory.repo}\`.`,
      '',
      'Maintainers drive it with slash-commands in comments (`/help`). The App keeps the status below up to date; text outside the status markers is yours.',
    ].join('\n'),
    labels: [label],
  });
  return { repo: trackingRepo, issue: created.number, created: true, body: created.body, listed };
}

/** The open tracking issues of a product repository's cases (for workflow, release and PR events). */
export async function openCasesOf(
  services: Services,
  config: AdvisoryPilotConfig,
  trackingRepo: string,
  productRepo: string,
  index?: CaseIndexMemo,
): Promise<TrackingRef[]> {
  const list = () => listTrackingIssues(services.github, trackingRepo, config.tracking.label);
  const all = await (index ? index.get(trackingRepo, list) : list());
  return all
    .filter((entry) => entry.issue.state === 'open' && entry.key.repo === productRepo)
    .map((entry) => ({ repo: trackingRepo, issue: entry.issue.number }));
}
