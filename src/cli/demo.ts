import { wantsHelp, type CliCommand } from './command.js';

const HELP = `Usage: advisory-pilot demo [--json] [--out DIR]

Plays a whole advisory lifecycle against the embedded GitHub sandbox. Not available yet: the
sandbox is still being built (see README "Status").
`;

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'play a full advisory lifecycle on the embedded sandbox (not available yet)',
  help: HELP,
  run: (args, io) => {
    if (wantsHelp(args)) {
      io.stdout(HELP);
      return Promise.resolve(0);
    }
    io.stderr(
      'advisory-pilot demo: not available yet — the embedded GitHub sandbox has not been built.\n',
    );
    return Promise.resolve(1);
  },
};
