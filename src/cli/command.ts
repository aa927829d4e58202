/** The streams and environment a CLI subcommand may use; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
}

/** One `advisory-pilot` subcommand with the help text that `--help` prints. */
export interface CliCommand {
  name: string;
  /** One line for the top-level command list. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  /** Runs the subcommand and resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** True when the arguments ask for help. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}
