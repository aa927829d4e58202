import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { neutralize } from '../domain/neutralize.js';
import { outsideSupported } from '../domain/report-quality.js';
import { doneNow, pendingChange } from './item-helpers.js';
import { rejectCase } from './reject-case.js';
import type { CommandEnv, CommandResult } from '../domain/command-spec.js';

/** `/confirm` of a rejection: the reason to the reporter, the advisory closed, the case rejected. */
function confirmScopeOut(env: CommandEnv, reason: string): CommandResult {
  return rejectCase(env, {
    key: 'scope-out',
    tell: `Thank you for the report. After review we consider it out of scope: ${reason}`,
    note: `Rejected as out of scope: ${reason}`,
    done: 'Report **rejected** as out of scope.',
  });
}

export const scopeCommand: CommandSpec = {
  name: 'scope',
  usage: '/scope in | /scope out <reason>',
  description:
    'Record the scope check against SECURITY.md. `out` rejects the report (after /confirm): the advisory is closed and the reason is sent to the reporter.',
  whoCanUse: 'write',
  examples: [
    '/scope in',
    '/scope out Self-XSS requires the victim to paste code (out of scope in SECURITY.md)',
  ],
  run(argsText, env) {
    const [verdict = '', ...rest] = argsText.trim().split(/\s+/);
    const reason = rest.join(' ').trim();
    if (verdict.toLowerCase() === 'in') {
      if (env.state.items['in-scope']) return refuse('The report is already recorded as in scope.');
      const range = env.state.advisory.vulnerableVersionRange;
      const supported = env.config.supportedVersions;
      const outside = outsideSupported(range, supported) === true;
      return {
        ok: true,
        changes: [
          {
            patch: {
              set: {
                items: {
                  'in-scope': doneNow(
                    env,
                    outside
                      ? `affects ${range ?? ''}, outside supported ${supported ?? ''}`
                      : undefined,
                  ),
                },
              },
            },
            note: 'In scope',
          },
        ],
        reply: outside
          ? `✅ In scope, though it affects \`${range ?? ''}\` only, outside the supported versions (\`${supported ?? ''}\`): SECURITY.md may say to upgrade instead.`
          : '✅ In scope.',
      };
    }
    if (verdict.toLowerCase() === 'out') {
      if (!reason) {
        return refuse(
          'Give the reason the reporter will read, e.g. `/scope out Self-XSS is out of scope (SECURITY.md)`.',
        );
      }
      if (env.state.phase !== 'triage') {
        return refuse(
          `Scope is decided in triage; this case is in **${env.state.phase}**. An admin can still reject it with \`/phase rejected --force <reason>\`.`,
        );
      }
      return {
        ok: true,
        changes: [
          pendingChange(
            env,
            'scope-out',
            reason.slice(0, 2000),
            'Scope out requested (awaiting confirmation)',
          ),
        ],
        reply:
          `This will **reject** the report, close the advisory and send the reporter this reason:\n\n> ${neutralize(reason)}\n\n` +
          'Type `/confirm` to go ahead or `/cancel` to keep the case open.',
      };
    }
    return refuse('Type `/scope in` or `/scope out <reason>`.');
  },
  confirms: 'scope-out',
  confirm: (pending, env) => confirmScopeOut(env, pending.argsText),
  onEffect(effect) {
    // Closing the advisory is this command's own `scope-out:close` write.
    return effect.kind === 'update-advisory' && effect.key === 'scope-out:close'
      ? { patch: { set: { advisory: { state: 'closed' } } }, note: 'Advisory closed' }
      : undefined;
  },
};
