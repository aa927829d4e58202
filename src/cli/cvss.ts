import { createInterface } from 'node:readline';
import { scoreCvss4 } from '../domain/cvss.js';
import { wantsHelp, type CliCommand, type CliIo } from './command.js';

const HELP = `Usage: advisory-pilot cvss [--json] [VECTOR...]

Scores CVSS 4.0 vectors exactly as FIRST's calculator does, after checking each one strictly
against the specification: the prefix "CVSS:4.0", all 11 base metrics, metrics in the
specification's order, no duplicates, case-sensitive names and values, no empty components and
no whitespace.

With no VECTOR it reads one vector per line from standard input. Completely empty lines are
skipped; every other line is checked as it is (a line with spaces in it is invalid).

Output, one line per vector:
  9.3 critical CVSS-B CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N
  invalid: <reason>  <vector>

  --json   print one JSON object per vector instead:
           {"vector":"...","valid":true,"score":9.3,"severity":"critical","nomenclature":"CVSS-B"}
           {"vector":"...","valid":false,"error":"..."}

Exits 0 when every vector is valid, 1 when any is not (every line is still printed), and 2 for
a usage error.
`;

/** Output is handed over in chunks of about this size, not one write per line. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Scored lines are remembered by vector (feeds of advisories repeat vectors a lot, and scoring is
 * the slow part); the memory is dropped whenever it holds this many.
 */
const MEMO_LIMIT = 50_000;

interface Options {
  json: boolean;
  vectors: string[];
}

function parseArgs(args: readonly string[]): Options | { error: string } {
  const options: Options = { json: false, vectors: [] };
  let optionsEnded = false;
  for (const arg of args) {
    if (!optionsEnded && arg === '--') optionsEnded = true;
    else if (!optionsEnded && arg === '--json') options.json = true;
    else if (!optionsEnded && arg.startsWith('-')) return { error: `unknown option "${arg}"` };
    else options.vectors.push(arg);
  }
  return options;
}

function describe(vector: string, json: boolean): { line: string; valid: boolean } {
  const result = scoreCvss4(vector);
  if (json) {
    const record = result.ok
      ? {
          vector,
          valid: true,
          score: result.score,
          severity: result.severity,
          nomenclature: result.nomenclature,
        }
      : { vector, valid: false, error: result.error };
    return { line: JSON.stringify(record), valid: result.ok };
  }
  const line = result.ok
    ? `${result.score.toFixed(1)} ${result.severity} ${result.nomenclature} ${vector}`
    : `invalid: ${result.error}  ${vector}`;
  return { line, valid: result.ok };
}

/** Where vectors come from: the arguments, or standard input streamed line by line. */
async function* inputVectors(options: Options, io: CliIo): AsyncGenerator<string> {
  if (options.vectors.length > 0) {
    yield* options.vectors;
    return;
  }
  if ((io.stdin as { isTTY?: boolean }).isTTY === true) {
    io.stderr(
      'advisory-pilot cvss: reading vectors from standard input, one per line (Ctrl-D ends)\n',
    );
  }
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line !== '') yield line;
    }
  } finally {
    lines.close();
  }
}

async function cvss(args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(HELP);
    return 0;
  }
  const options = parseArgs(args);
  if ('error' in options) {
    io.stderr(`advisory-pilot cvss: ${options.error} (see --help)\n`);
    return 2;
  }
  let allValid = true;
  let buffer = '';
  const memo = new Map<string, { line: string; valid: boolean }>();
  try {
    for await (const vector of inputVectors(options, io)) {
      let described = memo.get(vector);
      if (described === undefined) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        described = describe(vector, options.json);
        memo.set(vector, described);
      }
      const { line, valid } = described;
      allValid &&= valid;
      buffer += `${line}\n`;
      if (buffer.length >= CHUNK_CHARS) {
        io.stdout(buffer);
        buffer = '';
      }
    }
  } catch (error) {
    if (buffer !== '') io.stdout(buffer);
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    io.stderr(`advisory-pilot cvss: cannot read standard input (${code})\n`);
    return 2;
  }
  if (buffer !== '') io.stdout(buffer);
  return allValid ? 0 : 1;
}

export const cvssCommand: CliCommand = {
  name: 'cvss',
  summary: 'score CVSS 4.0 vectors (arguments or one per line on stdin)',
  help: HELP,
  run: cvss,
};
