import {
  refuse,
  type CommandEnv,
  type CommandResult,
  type CommandSpec,
} from '../domain/command-spec.js';
import { neutralize } from '../domain/neutralize.js';
import { pendingChange } from './item-helpers.js';
import { rejectCase } from './reject-case.js';

const USAGE = '/duplicate-of #N [reason]';

/** What the reporter of the duplicate reads. */
function duplicateText(reason: string): string {
  return `Thank you for the report. It describes the same vulnerability as a report we are already handling, so we close this one as its duplicate; the fix and the advisory follow there.${reason ? ` ${reason}` : ''}`;
}

/** `/confirm` of a duplicate: the reason to the reporter, the advisory closed, the case closed. */
function confirmDuplicate(env: CommandEnv, argsText: string): CommandResult {
  const [target = '', ...rest] = argsText.split(' ');
  const reason = rest.join(' ');
  return rejectCase(env, {
    key: 'duplicate',
    tell: duplicateText(reason),
    note: `Closed as a duplicate of ${target}${reason ? `: ${reason}` : ''}`,
    done: `Closed as a duplicate of ${target}.`,
  });
}

export const duplicateOfCommand: CommandSpec = {
  name: 'duplicate-of',
  usage: USAGE,
  description:
    'Close this case as a duplicate of another open case (after `/confirm`): its advisory is closed and the reporter told why, through the advisory or their channel.',
  whoCanUse: 'write',
  examples: ['/duplicate-of #12', '/duplicate-of #12 reported the same day through HackerOne'],
  run(argsText, env) {
    const [target = '', ...rest] = argsText.trim().split(/\s+/);
    const reason = rest.join(' ').trim().slice(0, 1000);
    const match = /^#?(\d{1,7})$/.exec(target);
    if (!match)
      return refuse(`Name the case this one duplicates: \`${USAGE}\`, e.g. \`/duplicate-of #12\`.`);
    const number = Number(match[1]);
    const { state } = env;
    if (number === state.tracking.issue) return refuse('A case cannot be a duplicate of itself.');
    if (state.advisory.state === 'published')
      return refuse(
        'The advisory is already published; a published advisory is not closed as a duplicate.',
      );
    const ref = `#${String(number)}`;
    return {
      ok: true,
      changes: [
        pendingChange(
          env,
          'duplicate',
          `${ref} ${reason}`.trim(),
          `Duplicate of ${ref} requested (awaiting confirmation)`,
        ),
      ],
      reply:
        `This will close the case as a duplicate of ${ref}, close its advisory and tell the reporter:\n\n> ${neutralize(duplicateText(reason))}\n\n` +
        'Type `/confirm` to go ahead or `/cancel` to keep the case open.',
    };
  },
  confirms: 'duplicate',
  confirm: (pending, env) => confirmDuplicate(env, pending.argsText),
  onEffect(effect) {
    return effect.kind === 'update-advisory' && effect.key === 'duplicate:close'
      ? { patch: { set: { advisory: { state: 'closed' } } }, note: 'Advisory closed' }
      : undefined;
  },
};
