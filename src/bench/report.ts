import type { IdleTickResult } from './idle-cases.js';
import type { LifecycleCost } from './lifecycle.js';
import type { LoadResult, LoadShape } from './load.js';
import type { MemoryFigures } from './memory.js';
import type { StartupFigures } from './startup.js';
import { round } from './stats.js';

/** Everything `bench/results.json` holds. */
export interface BenchResults {
  when: string;
  node: string;
  cpus: number;
  cpuModel: string;
  quick: boolean;
  webhooks: {
    floor: LoadResult[];
    app: LoadResult[];
    /** App ÷ floor, per shape. */
    ratio: { shape: string; p50: number; p99: number; throughput: number }[];
    /** After the fixed-rate run: how long until every delivery's work was done. */
    backlog: {
      deliveries: number;
      drainMs: number;
      done: boolean;
      failures: number;
      unfinished: number;
      githubRequests: number;
    };
  };
  lifecycles: LifecycleCost[];
  ticks: IdleTickResult[];
  memory: MemoryFigures;
  startup: StartupFigures;
  totalSeconds: number;
}

/** One table of the report, with the lines that follow it. */
interface Section {
  title: string;
  headers: string[];
  rows: (string | number)[][];
  notes: string[];
}

function shapeLabel(shape: LoadShape): string {
  return shape.rate === undefined
    ? `saturation, ${String(shape.connections)} connections`
    : `${String(shape.rate)}/s, ${String(shape.connections)} connections`;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The report as data: the same sections print as text and as the README's Markdown. */
/** The live heap an open case adds: the slope between the smallest and the largest tick run. */
function heapPerCase(ticks: readonly IdleTickResult[]): string[] {
  const small = ticks[0];
  const large = ticks.at(-1);
  if (!small || !large || large.cases <= small.cases) return [];
  const kb = ((large.appHeapMb - small.appHeapMb) * 1024) / (large.cases - small.cases);
  return [
    `Live heap per open case: ${String(round(kb, 1))} KB (heap at ${String(large.cases)} cases less heap at ${String(small.cases)}, per case added).`,
  ];
}

export function sections(r: BenchResults): Section[] {
  const w = r.webhooks;
  const loadRow = (name: string, x: LoadResult) => [
    name,
    shapeLabel(x.shape),
    x.latencyP50Ms,
    x.latencyP99Ms,
    x.throughput,
    x.non2xx + x.errors,
  ];
  const backlog = w.backlog;
  return [
    {
      title: `Webhook acknowledgement: signed \`issue_comment.created\` (\`/status\`) over loopback, autocannon, ${String(w.app[0]?.shape.durationSeconds ?? 0)} s per row`,
      headers: ['target', 'load', 'p50 ms', 'p99 ms', 'acks/s', 'failed'],
      rows: w.app.flatMap((a, i) => {
        const f = w.floor[i];
        return f
          ? [loadRow('Probot, empty handler', f), loadRow('Advisory Pilot + sandbox', a)]
          : [];
      }),
      notes: [
        ...w.ratio.map(
          (x) =>
            `App ÷ floor (${x.shape}): p50 × ${String(x.p50)}, p99 × ${String(x.p99)}, throughput × ${String(x.throughput)}`,
        ),
        `Work behind the ${String(w.app[0]?.shape.rate ?? 0)}/s run (${String(backlog.deliveries)} commands on one case): ${backlog.done ? 'all answered' : `${String(backlog.unfinished)} still unanswered`} ${String(round(backlog.drainMs / 1000, 1))} s after the load stopped, ${String(backlog.failures)} failed, ${String(backlog.githubRequests)} GitHub requests`,
      ],
    },
    {
      title: 'GitHub requests made by the App per whole case (sandbox request log)',
      headers: [
        'profile',
        'total',
        'content-creating',
        '304',
        'tokens',
        'commands',
        'per command (median / max)',
        'App comments / command comments (empty)',
      ],
      rows: r.lifecycles.map((l) => [
        `${l.profile} (${l.finalPhase ?? '?'})`,
        l.total,
        l.contentCreating,
        l.notModified,
        l.tokens,
        l.commands,
        `${String(round(l.perCommand.median, 1))} / ${String(round(l.perCommand.max, 1))}`,
        `${String(l.appComments)} / ${String(l.humanCommandComments)} (${String(l.emptyAppComments)})`,
      ]),
      notes: [],
    },
    ...r.lifecycles
      .filter((l) => l.profile === 'default')
      .map((l) => ({
        title: `GitHub requests after each command comment (${l.profile} profile; the App answers, records, and carries out effects)`,
        headers: ['commands in the comment', 'comments', 'requests', 'content-creating'],
        rows: l.byCommand.map((c) => [
          c.commands,
          c.comments,
          round(c.requests, 1),
          round(c.contentCreating, 1),
        ]),
        notes: [],
      })),
    {
      title: 'One tick over idle open cases (real HTTP to the sandbox, ETags)',
      headers: [
        'cases',
        'idle tick: requests',
        '304',
        'writes',
        'seconds',
        'cold pass: ticks',
        'requests',
        'writes',
        'seconds',
        'App RSS MB',
        'peak RSS MB',
        'heap MB',
      ],
      rows: r.ticks.map((t) => [
        t.cases,
        t.idle.requests,
        t.idle.notModified,
        t.idle.contentCreating,
        round(t.idle.durationMs / 1000, 1),
        t.coldPass.length,
        sum(t.coldPass.map((c) => c.requests)),
        sum(t.coldPass.map((c) => c.contentCreating)),
        round(sum(t.coldPass.map((c) => c.durationMs)) / 1000, 1),
        round(t.appRssMb, 0),
        round(t.appPeakRssMb, 0),
        round(t.appHeapMb, 0),
      ]),
      notes: [
        'App RSS and heap: resident memory and live heap of the App process (the sandbox runs in another, and the App runs with the heap limit of `npm start`) after the idle tick, holding its index of every open case; peak RSS: the highest over all its ticks (the cold pass).',
        ...heapPerCase(r.ticks),
      ],
    },
    {
      title: 'Memory and start-up',
      headers: ['figure', 'value'],
      rows: [
        [
          `${String(r.memory.cases)} cases' tracking issues (bodies with the case file) and state held in a bare process`,
          `${String(round(r.memory.rssMb, 0))} MB (baseline ${String(round(r.memory.baselineRssMb, 0))} MB, ${String(round(r.memory.perCaseKb, 1))} KB per case)`,
        ],
        [
          `verify + decode ${String(r.memory.cases)} case files`,
          `${String(round(r.memory.decodeMs, 0))} ms`,
        ],
        [
          '`serve` start-up to listening',
          `${String(round(r.startup.medianMs, 0))} ms median, ${String(round(r.startup.maxMs, 0))} ms max of ${String(r.startup.runs)}`,
        ],
      ],
      notes: [],
    },
  ];
}

function heading(r: BenchResults): string {
  return `node ${r.node}, ${String(r.cpus)} × ${r.cpuModel}${r.quick ? ' (--quick)' : ''}, ${String(round(r.totalSeconds, 0))} s`;
}

/** The report as aligned text, for the terminal. */
export function render(r: BenchResults): string {
  const text = (section: Section): string => {
    const cells = [section.headers, ...section.rows.map((row) => row.map(String))];
    const widths = section.headers.map((_, c) =>
      Math.max(...cells.map((row) => (row[c] ?? '').length)),
    );
    const line = (row: string[]) =>
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  ');
    return [
      section.title.replaceAll('`', ''),
      ...cells.map((row) => `  ${line(row)}`),
      ...section.notes.map((n) => `  ${n}`),
    ].join('\n');
  };
  return [`Advisory Pilot benchmark: ${heading(r)}`, ...sections(r).map(text)].join('\n\n');
}

/** The report as Markdown tables (`--markdown FILE` prints it for the README). */
export function renderMarkdown(r: BenchResults): string {
  const markdown = (section: Section): string => {
    const row = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
    return [
      `**${section.title}**`,
      '',
      row(section.headers),
      row(section.headers.map((_, c) => (c === 0 ? '---' : '---:'))),
      ...section.rows.map(row),
      ...(section.notes.length ? ['', ...section.notes.map((n) => `- ${n}`)] : []),
    ].join('\n');
  };
  return [`Measured on ${heading(r)}.`, ...sections(r).map(markdown)].join('\n\n');
}
