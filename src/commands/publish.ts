import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { gateRefusal } from '../domain/decide.js';
import { publishGates, renderGates } from '../domain/publish-gates.js';
import { pendingChange } from './item-helpers.js';

export const publishCommand: CommandSpec = {
  name: 'publish',
  usage: '/publish',
  description:
    'Show the pre-publish summary and every gate; when all pass, ask for `/confirm` (from another maintainer with publish.twoPerson). Publishing is final.',
  whoCanUse: 'maintain',
  examples: ['/publish'],
  run(argsText, env) {
    const { state, config } = env;
    if (argsText.trim().toLowerCase() === 'confirm')
      return refuse('Type `/confirm` to confirm a pending publication.');
    if (argsText.trim()) return refuse('`/publish` takes no arguments.');
    if (state.phase !== 'publish') {
      if (state.items.published) return refuse('The advisory is already published.');
      return refuse(
        gateRefusal(state, config, '`/publish`') ??
          `Publishing comes after the ${state.phase} phase.`,
      );
    }
    if (state.items.published) return refuse('The advisory is already published.');
    const gates = publishGates(state, env);
    const summary =
      `**Pre-publish summary** for ${state.ghsaId ?? 'the advisory'} on \`${state.repo ?? '?'}\`\n\n` +
      `- Severity: ${state.severity ?? 'unscored'}${state.cvss ? ` (${state.cvss.score.toFixed(1)})` : ''}\n` +
      `- Affected: ${state.advisory.packageName ?? '?'} \`${state.advisory.vulnerableVersionRange ?? '?'}\`, patched in ${state.advisory.patchedVersion ?? '?'}\n` +
      `- CVE: ${state.cve.id ?? (state.cve.waived ? 'waived' : 'none')}\n\n${renderGates(gates)}`;
    if (gates.some((g) => !g.ok))
      return refuse(`${summary}\n\nNot yet: every gate must pass. Nothing was changed.`);
    return {
      ok: true,
      changes: [pendingChange(env, 'publish', '', 'Publication requested (awaiting confirmation)')],
      reply: `${summary}\n\nPublishing is **final**: the advisory cannot be edited afterwards and the CVE becomes public. ${config.publish.twoPerson ? 'Another maintainer' : 'Type'} \`/confirm\` to publish, or \`/cancel\`.`,
    };
  },
};
