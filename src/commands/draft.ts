import { validateAdvisoryMetadata } from '../domain/advisory-metadata.js';
import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { renderAdvisoryDescription } from '../domain/render/advisory-description.js';
import { doneNow } from './item-helpers.js';

export const draftCommand: CommandSpec = {
  name: 'draft',
  usage: '/draft',
  description:
    "Fill the advisory description from the template (never overwriting text people wrote) and validate the metadata: summary, description's five sections, severity, score, affected range, patched version.",
  whoCanUse: 'write',
  examples: ['/draft'],
  run(argsText, env) {
    if (argsText.trim()) return refuse('`/draft` takes no arguments.');
    const { state, config } = env;
    if (!state.repo || !state.ghsaId)
      return refuse('There is no advisory yet; create it first (`/advisory create owner/repo`).');
    if (state.phase === 'triage')
      return refuse('Finish triage first; the advisory is drafted after the fix.');
    const description = renderAdvisoryDescription(
      state,
      { now: env.now, config },
      state.advisory.description,
    );
    const check = validateAdvisoryMetadata(
      {
        summary: state.advisory.summary ?? state.summary,
        description,
        severity: state.severity,
        cvssScore: state.cvss?.score,
        vulnerableVersionRange: state.advisory.vulnerableVersionRange,
        patchedVersion: state.advisory.patchedVersion,
      },
      state.advisory.previousVersion === undefined
        ? {}
        : { previousVersion: state.advisory.previousVersion },
    );
    const changed = description !== state.advisory.description;
    const effects = changed
      ? [
          {
            kind: 'update-advisory' as const,
            key: `draft:${env.commandKey}`,
            repo: state.repo,
            ghsaId: state.ghsaId,
            fields: { description },
          },
        ]
      : [];
    const changes = [
      ...(changed
        ? [
            {
              patch: { set: { advisory: { description } } },
              note: 'Advisory description filled from the template',
            },
          ]
        : []),
      ...(check.ok && !state.items.metadata
        ? [
            {
              patch: { set: { items: { metadata: doneNow(env) } } },
              note: 'Advisory metadata complete',
            },
          ]
        : []),
    ];
    const filled = changed
      ? 'The description was filled from the template where sections were empty. '
      : '';
    if (!check.ok) {
      const problems = check.problems.map((p) => `- \`${p.field}\`: ${p.message}`).join('\n');
      return {
        ok: true,
        changes,
        effects,
        reply: `${filled}The metadata is **not complete** yet:\n\n${problems}\n\nEdit the advisory on GitHub (or use \`/advisory range\`, \`/cvss\`) and run \`/draft\` again.`,
      };
    }
    return { ok: true, changes, effects, reply: `${filled}✅ Advisory metadata complete.` };
  },
};
