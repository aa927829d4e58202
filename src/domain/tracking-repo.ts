import type { AdvisoryPilotConfig } from '../config/schema.js';

/**
 * Where the tracking issue of a product repository's advisories lives: the configured private
 * repository, else the product repository itself when it is private. A public product repository
 * without a configured tracking repository is refused: a tracking issue there would leak.
 */
export function trackingRepoFor(
  config: Pick<AdvisoryPilotConfig, 'tracking'>,
  productRepo: string,
  productPrivate: boolean,
): { ok: true; repo: string } | { ok: false; reason: string } {
  if (config.tracking.repository) return { ok: true, repo: config.tracking.repository };
  if (productPrivate) return { ok: true, repo: productRepo };
  return {
    ok: false,
    reason: `${productRepo} is public and no private tracking repository is configured; set tracking.repository in .github/advisory-pilot.yml`,
  };
}
