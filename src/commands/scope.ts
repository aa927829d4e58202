import { refuse, type CommandSpec } from '../domain/command-spec.js';
import { neutralize } from '../domain/neutralize.js';
import { doneNow, pendingChange } from './item-helpers.js';

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
      return {
        ok: true,
        changes: [{ patch: { set: { items: { 'in-scope': doneNow(env) } } }, note: 'In scope' }],
        reply: '✅ In scope.',
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
};
