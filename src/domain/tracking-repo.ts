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

/**
 * Why the App cannot track a repository's reports, as the maintainers read it (the notice issue
 * or the advisory comment): its configuration is invalid, or its tracking repository is public
 * or out of reach.
 */
export function untrackableReason(
  problem:
    | { kind: 'invalid-config'; problems: readonly { path: string; message: string }[] }
    | { kind: 'public-tracker' | 'missing-tracker'; trackingRepo: string },
): string {
  switch (problem.kind) {
    case 'invalid-config':
      return `its configuration is invalid: ${problem.problems.map((p) => `\`${p.path}\` ${p.message}`).join('; ')}.`;
    case 'public-tracker':
      return `its tracking repository \`${problem.trackingRepo}\` is public, and a tracking issue there would publish the report. Point \`tracking.repository\` at a private repository.`;
    case 'missing-tracker':
      return `its tracking repository \`${problem.trackingRepo}\` does not exist or the App is not installed on it. Create it as a private repository and add it to the App's installation, or fix \`tracking.repository\`.`;
  }
}
