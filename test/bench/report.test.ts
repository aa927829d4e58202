import { describe, expect, it } from 'vitest';
import { render, renderMarkdown, type BenchResults } from '../../src/bench/report.js';
import type { LoadResult } from '../../src/bench/load.js';

function load(
  name: 'fixed' | 'saturation',
  p50: number,
  p99: number,
  throughput: number,
): LoadResult {
  return {
    shape: {
      name,
      connections: name === 'fixed' ? 10 : 32,
      durationSeconds: 10,
      ...(name === 'fixed' ? { rate: 10 } : {}),
    },
    acknowledged: throughput * 10,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    latencyP50Ms: p50,
    latencyP99Ms: p99,
    latencyMaxMs: p99 * 2,
    throughput,
  };
}

const tick = (cases: number, requests: number, notModified: number, contentCreating = 0) => ({
  cases,
  requests,
  notModified,
  contentCreating,
  durationMs: 1500,
  backedOff: 0,
  errors: 0,
});

const results: BenchResults = {
  when: '2026-11-22T00:00:00.000Z',
  node: 'v20.20.2',
  cpus: 2,
  cpuModel: 'Test CPU',
  quick: false,
  webhooks: {
    floor: [load('fixed', 2, 8, 10), load('saturation', 4, 20, 4000)],
    app: [load('fixed', 3, 12, 10), load('saturation', 9, 60, 1500)],
    ratio: [
      { shape: 'fixed', p50: 1.5, p99: 1.5, throughput: 1 },
      { shape: 'saturation', p50: 2.25, p99: 3, throughput: 0.38 },
    ],
    backlog: {
      deliveries: 100,
      drainMs: 1800,
      done: true,
      failures: 0,
      unfinished: 0,
      githubRequests: 900,
    },
  },
  lifecycles: [
    {
      profile: 'default',
      finalPhase: 'closed',
      total: 296,
      contentCreating: 102,
      notModified: 25,
      tokens: 1,
      commands: 20,
      perCommand: { median: 9.5, max: 36 },
      appComments: 13,
      humanCommandComments: 12,
      reminderComments: 1,
      emptyAppComments: 0,
      notAnsweredOnce: [],
      byCommand: [
        {
          commands: '/reproduced + /scope + /cvss + /ack',
          comments: 1,
          requests: 14,
          contentCreating: 5,
        },
        { commands: '/status', comments: 2, requests: 3.5, contentCreating: 1.5 },
      ],
    },
    {
      profile: 'changesets',
      finalPhase: 'closed',
      total: 209,
      contentCreating: 71,
      notModified: 20,
      tokens: 1,
      commands: 16,
      perCommand: { median: 9.5, max: 23 },
      appComments: 10,
      humanCommandComments: 9,
      reminderComments: 1,
      emptyAppComments: 0,
      notAnsweredOnce: [],
      byCommand: [{ commands: '/status', comments: 1, requests: 99, contentCreating: 0 }],
    },
  ],
  ticks: [
    {
      cases: 10_000,
      seedMs: 1,
      coldPass: [tick(4_893, 5_008, 0), tick(9_890, 10_004, 4_997), tick(10_000, 10_114, 9_994, 2)],
      idle: tick(10_000, 10_106, 10_104),
      appRssMb: 512.4,
      appHeapMb: 301.6,
      appPeakRssMb: 640.2,
    },
  ],
  memory: {
    cases: 10_000,
    baselineRssMb: 86,
    rssMb: 422,
    heapUsedMb: 300,
    perCaseKb: 34.5,
    decodeMs: 4455,
  },
  startup: { runs: 5, medianMs: 520, maxMs: 727 },
  totalSeconds: 246,
};

describe('the benchmark report', () => {
  it('prints every load row next to its floor, with the ratios', () => {
    const text = render(results);
    expect(text).toMatch(/Probot, empty handler\s+10\/s, 10 connections\s+2\s+8\s+10\s+0/);
    expect(text).toMatch(
      /Advisory Pilot \+ sandbox\s+saturation, 32 connections\s+9\s+60\s+1500\s+0/,
    );
    expect(text).toContain('App ÷ floor (saturation): p50 × 2.25, p99 × 3, throughput × 0.38');
    expect(text).toContain('all answered 1.8 s after the load stopped');
  });

  it('sums the cold pass of a tick that had to back off', () => {
    expect(render(results)).toMatch(
      /10000\s+10106\s+10104\s+0\s+1\.5\s+3\s+25126\s+2\s+4\.5\s+512\s+640\s+302\n/,
    );
  });

  it('tells the live heap an open case adds, from the smallest and the largest run', () => {
    const small = { ...results.ticks[0]!, cases: 100, appHeapMb: 27.4 };
    const large = { ...results.ticks[0]!, cases: 10_000, appHeapMb: 48.9 };
    expect(renderMarkdown({ ...results, ticks: [small, large] })).toContain(
      'Live heap per open case: 2.2 KB (heap at 10000 cases less heap at 100, per case added).',
    );
  });

  it('prints the same figures as Markdown tables for the README', () => {
    const markdown = renderMarkdown(results);
    expect(markdown).toContain(
      '| default (closed) | 296 | 102 | 25 | 1 | 20 | 9.5 / 36 | 13 / 12 (0) |\n',
    );
    expect(markdown).toContain(
      "| 10000 cases' tracking issues (bodies with the case file) and state held in a bare process | 422 MB (baseline 86 MB, 34.5 KB per case) |",
    );
    expect(markdown).toContain('| verify + decode 10000 case files | 4455 ms |');
    expect(markdown.match(/^\| --- \|/gm)).toHaveLength(5);
  });

  it('breaks the default profile down by command comment, and only the default profile', () => {
    const markdown = renderMarkdown(results);
    expect(markdown).toContain('| /reproduced + /scope + /cvss + /ack | 1 | 14 | 5 |');
    expect(markdown).toContain('| /status | 2 | 3.5 | 1.5 |');
    expect(markdown).not.toContain('| /status | 1 | 99 | 0 |');
  });
});
