/**
 * Run in its own process (`node --expose-gc dist/bench/memory.js TEMPLATE.json COUNT`) so the
 * figure is the App's code plus the cases, not the benchmark's sandbox: builds COUNT open cases
 * from the template, keeps their tracking issues and comments (what the ETag cache holds) and
 * their folded state, and prints resident memory as JSON.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Case } from '../domain/case.js';
import { fold } from '../domain/fold.js';
import { extractRecords } from '../domain/record-codec.js';
import { cloneCase, type CaseTemplate } from './idle-cases.js';

/** What the memory probe prints. */
export interface MemoryFigures {
  cases: number;
  /** RSS with the App's modules loaded and no case. */
  baselineRssMb: number;
  /** RSS with every case's issue, comments and folded state held. */
  rssMb: number;
  heapUsedMb: number;
  /** Extra resident memory per case. */
  perCaseKb: number;
  /** Verifying and folding every case's records once. */
  foldMs: number;
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
const held: { comments: string[]; state: Case | undefined }[] = [];
const clones = Array.from({ length: count }, (_, i) => cloneCase(template, i, i + 1));
const started = performance.now();
for (const clone of clones) {
  const records = clone.comments.flatMap((body) => extractRecords(body, template.secret).records);
  held.push({ comments: clone.comments, state: fold(records).case });
}
const foldMs = performance.now() - started;
if (held.some((h) => !h.state)) throw new Error('a cloned case did not fold');
const loaded = settle();
const figures: MemoryFigures = {
  cases: held.length,
  baselineRssMb: baseline.rss / MB,
  rssMb: loaded.rss / MB,
  heapUsedMb: loaded.heapUsed / MB,
  perCaseKb: (loaded.rss - baseline.rss) / 1024 / held.length,
  foldMs,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
