import type { Case, ReleaseEvidence } from '../case.js';
import type { DecideContext } from '../decide-context.js';
import { renderChangelogEntry } from '../render/changelog-entry.js';
import type { Step } from '../step.js';

/**
 * The patched version reached production: record it and, where the profile posts a changelog,
 * draft the entry now (it is posted only after publication).
 */
export function productionChange(
  state: Case,
  ctx: Pick<DecideContext, 'now' | 'config'>,
  by: string,
  evidence: string,
  kind: ReleaseEvidence,
): Step {
  const at = ctx.now.toISOString();
  const item = { status: 'done' as const, at, by, evidence };
  const items: Record<string, typeof item> = { production: item };
  let reply = `✅ Patched version ${state.release.version ?? ''} is on production (${evidence}).`;
  if (ctx.config.changelog.post) {
    items['changelog-drafted'] = { ...item, evidence: 'drafted in the tracking issue' };
    const entry = renderChangelogEntry(state, { now: ctx.now, config: ctx.config });
    reply += `\n\nChangelog entry for \`${ctx.config.changelog.path}\` (drafted — it is posted only after publication):\n\n\`\`\`mdx\n${entry}\n\`\`\``;
  }
  return {
    changes: [
      {
        patch: {
          set: {
            items,
            release: { productionAt: at, productionEvidence: kind },
            milestones: { released: at },
          },
        },
        note: `On production (${evidence})`,
      },
    ],
    effects: [],
    reply,
  };
}
