import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { defaultConfig, parseConfigYaml } from '../config/parse-config.js';
import { Severity } from '../domain/case.js';
import { newCaseDeadlines, renderDeadlines } from '../domain/deadlines.js';
import { wantsHelp, type CliCommand, type CliIo } from './command.js';

const HELP = `Usage: advisory-pilot deadlines --reported-at ISO [--severity S] [--config FILE] [--json]

Prints every deadline of a new case reported at ISO (e.g. 2026-11-20T14:30:00Z): the
acknowledgement reminder and deadline (business days in the configured time zone and holidays),
the default embargo end, the last day for the customer notice, the stalled-phase cadence for the
severity (low, medium, high, critical; default medium) and the CVE follow-up. --config reads a
.github/advisory-pilot.yml; without it the default profile applies.
`;

async function deadlines(args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(HELP);
    return 0;
  }
  let values: { 'reported-at'?: string; severity?: string; config?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'reported-at': { type: 'string' },
        severity: { type: 'string' },
        config: { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`advisory-pilot deadlines: ${(error as Error).message} (see --help)\n`);
    return 2;
  }
  const reportedAt = new Date(values['reported-at'] ?? '');
  if (
    !values['reported-at'] ||
    Number.isNaN(reportedAt.getTime()) ||
    !/^\d{4}-\d{2}-\d{2}T/.test(values['reported-at'])
  ) {
    io.stderr(
      'advisory-pilot deadlines: --reported-at needs an ISO timestamp such as 2026-11-20T14:30:00Z\n',
    );
    return 2;
  }
  const severity = Severity.safeParse(values.severity ?? 'medium');
  if (!severity.success) {
    io.stderr(
      `advisory-pilot deadlines: --severity must be one of ${Severity.options.join(', ')}\n`,
    );
    return 2;
  }
  let config = defaultConfig();
  if (values.config) {
    let text: string;
    try {
      text = await readFile(values.config, 'utf8');
    } catch (error) {
      io.stderr(
        `advisory-pilot deadlines: cannot read ${values.config} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
      );
      return 2;
    }
    const parsed = parseConfigYaml(text);
    if (!parsed.ok) {
      for (const problem of parsed.problems) io.stderr(`${problem.path}: ${problem.message}\n`);
      return 1;
    }
    config = parsed.config;
  }
  const result = newCaseDeadlines(reportedAt, severity.data, config);
  io.stdout(values.json ? `${JSON.stringify(result)}\n` : `${renderDeadlines(result, config)}\n`);
  return 0;
}

export const deadlinesCommand: CliCommand = {
  name: 'deadlines',
  summary: 'print every deadline of a new case',
  help: HELP,
  run: deadlines,
};
