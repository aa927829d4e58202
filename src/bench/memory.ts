/**
 * Run in its own process (`node --expose-gc dist/bench/memory.js TEMPLATE.json COUNT`) so the
 * figure is the App's code plus the cases, not the benchmark's sandbox: builds COUNT open cases
 * from the template, keeps each tracking issue as the App's conditional cache keeps it (the
 * mapped issue with its body, for the next `304`) and the case as it stands (the case file
 * verified and decoded, pending effects with known results applied), and prints resident
 * memory as JSON.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Case } from '../domain/case.js';
import { decodeCaseFile } from '../domain/case-file-codec.js';
import { expectedCase } from '../domain/effect-plan.js';
import type { TrackingIssue } from '../github/port.js';
import { TRACKING_REPO } from '../demo/scenario.js';
import { cloneCase, type CaseTemplate } from './idle-cases.js';

/** What the memory probe prints. */
export interface MemoryFigures {
  cases: number;
  /** RSS with the App's modules loaded and no case. */
  baselineRssMb: number;
  /** RSS with every case's tracking issue (body included) and its state held. */
  rssMb: number;
  heapUsedMb: number;
  /** Extra resident memory per case. */
  perCaseKb: number;
  /** Verifying and decoding every case's case file once (and applying its expected results). */
  decodeMs: number;
}

const MB = 1024 * 1024;

function settle(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage();
}

const [templatePath, countText] = process.argv.slice(2);
const template = JSON.parse(readFileSync(templatePath ?? '', 'utf8')) as CaseTemplate;
const count = Number(countText);
const baseline = settle();
const held: { issue: TrackingIssue; state: Case }[] = [];
const issues = Array.from({ length: count }, (_, i): TrackingIssue => {
  const clone = cloneCase(template, i, i + 1);
  return {
    number: i + 1,
    title: clone.title,
    body: clone.body,
    state: 'open',
    url: `https://github.com/${TRACKING_REPO}/issues/${String(i + 1)}`,
  };
});
const started = performance.now();
for (const issue of issues) {
  const read = decodeCaseFile(
    issue.body,
    { repo: TRACKING_REPO, issue: issue.number },
    template.secret,
  );
  if (read.kind !== 'found') throw new Error(`case #${String(issue.number)} did not decode`);
  held.push({ issue, state: expectedCase(read.file) });
}
const decodeMs = performance.now() - started;
const loaded = settle();
const figures: MemoryFigures = {
  cases: held.length,
  baselineRssMb: baseline.rss / MB,
  rssMb: loaded.rss / MB,
  heapUsedMb: loaded.heapUsed / MB,
  perCaseKb: (loaded.rss - baseline.rss) / 1024 / held.length,
  decodeMs,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
