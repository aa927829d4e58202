import { readFile } from 'node:fs/promises';
import { parseConfigYaml } from '../config/parse-config.js';
import { wantsHelp, type CliCommand, type CliIo } from './command.js';

const HELP = `Usage: advisory-pilot check-config FILE

Validates a .github/advisory-pilot.yml file. Prints "ok" and exits 0 when it is valid; otherwise
prints one "path: message" line per problem and exits 1. "-" reads the file from standard input.
`;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function checkConfig(args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(HELP);
    return 0;
  }
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0) {
    io.stderr('advisory-pilot check-config: expected exactly one FILE (see --help)\n');
    return 2;
  }
  let text: string;
  try {
    text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    io.stderr(`advisory-pilot check-config: cannot read ${file} (${code})\n`);
    return 2;
  }
  const result = parseConfigYaml(text);
  if (result.ok) {
    io.stdout('ok\n');
    return 0;
  }
  for (const problem of result.problems) io.stdout(`${problem.path}: ${problem.message}\n`);
  return 1;
}

export const checkConfigCommand: CliCommand = {
  name: 'check-config',
  summary: 'validate a .github/advisory-pilot.yml file',
  help: HELP,
  run: checkConfig,
};
