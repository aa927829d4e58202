import type { AdvisoryPilotConfig } from '../../config/schema.js';
import type { Case } from '../case.js';

/**
 * The App cannot reach a temporary private fork (no API, no CI), so the fix is a human step:
 * these are the exact commands, with the warning the playbook gives about public pushes.
 */
export function renderForkInstructions(
  state: Pick<Case, 'ghsaId' | 'repo'>,
  fork: { name: string; url: string },
  config: Pick<AdvisoryPilotConfig, 'validationCommands'>,
): string {
  const branch = `security/${(state.ghsaId ?? 'advisory').toLowerCase()}`;
  const dir = fork.name.split('/').pop() ?? 'fork';
  const validation = config.validationCommands.length
    ? `\n# the fork runs no CI: validate locally\n${config.validationCommands.join('\n')}`
    : '';
  return [
    `Temporary private fork created: ${fork.url}`,
    '',
    'Work on the fix there (the App cannot see the fork; record progress with `/fixed` and `/validated`):',
    '',
    '```sh',
    `git clone ${fork.url}.git ${dir}`,
    `cd ${dir}`,
    `git checkout -b ${branch}`,
    '# … commit the fix and a regression test …',
    `git remote -v   # must show ${fork.name} only — a public push collapses the embargo`,
    `git push origin ${branch}${validation}`,
    '```',
    '',
    `Then open a pull request from \`${branch}\` inside the fork and merge it there; GitHub merges the fork into the repository when the advisory is published.`,
  ].join('\n');
}
