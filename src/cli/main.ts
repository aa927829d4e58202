import { CLI_COMMANDS } from './registry.js';
import type { CliCommand, CliIo } from './command.js';

function topHelp(commands: readonly CliCommand[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `advisory-pilot ${version}: runs a security-advisory process as a GitHub App.

Usage: advisory-pilot <command> [options]

Commands:
${lines.join('\n')}

Run "advisory-pilot <command> --help" for a command's options.
`;
}

/** Dispatches argv (without node and the script) to a subcommand; resolves to the exit code. */
export async function main(
  argv: string[],
  io: CliIo,
  version: string,
  commands: readonly CliCommand[] = CLI_COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(topHelp(commands, version));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(
      `advisory-pilot: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}.\n`,
    );
    return 2;
  }
  return command.run(rest, io);
}
