import { parseArgs } from 'node:util';
import { wantsHelp, type CliCommand, type CliIo } from './command.js';

const HELP = `Usage: advisory-pilot demo [--json] [--out DIR] [--preset default|changesets]

Starts the embedded GitHub sandbox and the real App server on loopback ports and plays a whole
advisory case with actors (a reporter, two maintainers) over HTTP: the private report, triage,
the temporary private fork, the CVE, the draft advisory, the hotfix release, the customer notice,
the two-person publication and the postmortem. Prints the timeline (virtual time, actor, action,
result). --json prints only the transcript (phases, events, requests, OpenAPI violations, every
write to the public repository, reminders). --out DIR also writes the final tracking issue,
every comment and transcript.json. Needs the development dependencies (npm ci).
`;

async function demo(args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(HELP);
    return 0;
  }
  let values: { json?: boolean; out?: string; preset?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, out: { type: 'string' }, preset: { type: 'string' } },
    }));
  } catch (error) {
    io.stderr(`advisory-pilot demo: ${(error as Error).message} (see --help)\n`);
    return 2;
  }
  if (
    values.preset !== undefined &&
    values.preset !== 'default' &&
    values.preset !== 'changesets'
  ) {
    io.stderr('advisory-pilot demo: --preset must be "default" or "changesets"\n');
    return 2;
  }
  // Loaded on demand: the sandbox needs the development dependencies, serve does not.
  const { runDemo } = await import('../demo/run-demo.js');
  const { transcript, timeline } = await runDemo({
    preset: values.preset ?? 'default',
    ...(values.out ? { outDir: values.out } : {}),
  });
  if (values.json) {
    io.stdout(`${JSON.stringify(transcript)}\n`);
  } else {
    io.stdout(`${timeline}\n\nPhases: ${transcript.phasesReached.join(' → ')}\n`);
    io.stdout(
      `GitHub requests: ${String(transcript.requests.length)}, OpenAPI violations: ${String(transcript.violations.length)}, public writes by the App: ${String(transcript.publicWrites.length)}\n`,
    );
    for (const s of transcript.skipped) io.stdout(`Skipped: ${s.step} — ${s.reason}\n`);
  }
  const ok = transcript.finalPhase === 'closed' && transcript.violations.length === 0;
  if (!ok)
    io.stderr(
      `advisory-pilot demo: the case ended in phase ${transcript.finalPhase ?? 'none'} with ${String(transcript.violations.length)} OpenAPI violations\n`,
    );
  return ok ? 0 : 1;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'play a full advisory lifecycle on the embedded sandbox',
  help: HELP,
  run: demo,
};
