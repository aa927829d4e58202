import { checkConfigCommand } from './check-config.js';
import type { CliCommand } from './command.js';
import { cvssCommand } from './cvss.js';
import { deadlinesCommand } from './deadlines.js';
import { demoCommand } from './demo.js';
import { sandboxCommand } from './sandbox.js';
import { serveCommand } from './serve.js';

/** Every `advisory-pilot` subcommand, in the order `--help` lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [
  serveCommand,
  demoCommand,
  checkConfigCommand,
  cvssCommand,
  deadlinesCommand,
  sandboxCommand,
];
