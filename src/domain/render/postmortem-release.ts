import { EVIDENCE_LABEL, type Case, type ItemState, type ReleaseEvidence } from '../case.js';
import { formatInstant, localDate } from '../clock.js';
import { strategyOf } from '../release-plan.js';
import { cell, code, longDate, mdxSafe, type RenderContext } from './context.js';

const STRATEGY_LABEL = {
  hotfix: 'a hotfix branch',
  changesets: 'a changeset pull request',
  quick: 'a quick release',
} as const;

/** `packages/shared/package.json@0.10.73` as the file and its new version. */
function bumpText(bump: string): string {
  const at = bump.lastIndexOf('@');
  return at > 0 ? `${code(bump.slice(0, at))} → ${code(bump.slice(at + 1))}` : code(bump);
}

/** One stage (canary, production) as the postmortem reports it: when, and what showed it. */
function stageLine(
  name: string,
  item: ItemState | undefined,
  evidence: ReleaseEvidence | undefined,
  ctx: RenderContext,
): string {
  if (!item) return `- ${name}: not reached.`;
  const when = formatInstant(new Date(item.at), ctx.config.timeZone);
  const detail = item.evidence ? `: ${mdxSafe(cell(item.evidence, 200))}` : '';
  if (item.status === 'waived') return `- ${name}: waived on ${when}${detail}.`;
  // An item ticked in the checklist by hand has no recorded evidence kind: a person's word.
  return `- ${name}: ${when}, ${EVIDENCE_LABEL[evidence ?? 'command']}${detail}.`;
}

/**
 * How the fix shipped, for the postmortem: the version, the base it was cut from and the branch
 * it was proved on, the version files bumped, what showed canary and production (the evidence
 * the case trusted), and when the fix became public. A case that never released says so.
 */
export function renderReleaseSection(state: Case, ctx: RenderContext): string {
  const { release, items, milestones } = state;
  if (!release.version) return '_No release was recorded for this case._';
  const strategy = strategyOf(state, ctx.config);
  const from = release.from
    ? ` from ${code(release.from)}${release.fromSha ? ` (${code(release.fromSha.slice(0, 12))})` : ''}`
    : '';
  const branch = release.branch ? ` on ${code(release.branch)}` : '';
  const proved = release.headSha
    ? `, proved at ${code(release.headSha.slice(0, 12))} to hold every fix commit and nothing unreleased`
    : '';
  const lines = [
    `- Version ${code(release.version)}, released through ${STRATEGY_LABEL[strategy]}${from}${branch}${proved}.`,
  ];
  if (release.bumped && release.bumped.length > 0)
    lines.push(`- Version files bumped: ${release.bumped.map(bumpText).join(', ')}.`);
  if (strategy === 'hotfix' || items.canary)
    lines.push(stageLine('Canary', items.canary, release.canaryEvidence, ctx));
  lines.push(stageLine('Production', items.production, release.productionEvidence, ctx));
  const fixPublic = milestones['fix-public'];
  if (fixPublic)
    lines.push(
      `- The fix became public on the default branch on ${longDate(localDate(new Date(fixPublic), ctx.config.timeZone))}.`,
    );
  return lines.join('\n');
}
