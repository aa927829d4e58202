import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseConfigYaml } from '../config/parse-config.js';

/** One benchmark figure. */
interface Measurement {
  name: string;
  value: number;
  unit: string;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function measureStartup(runs: number): Measurement[] {
  const cli = new URL('../cli.js', import.meta.url).pathname;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`cli --version failed: ${result.stderr}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return [
    { name: 'cli start-up p50', value: percentile(times, 50), unit: 'ms' },
    { name: 'cli start-up p99', value: percentile(times, 99), unit: 'ms' },
  ];
}

function measureConfigParsing(iterations: number): Measurement[] {
  const yaml = 'preset: changesets\ntimeZone: Europe/Berlin\nsla:\n  ackBusinessDays: 3\n';
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    if (!parseConfigYaml(yaml).ok) throw new Error('benchmark config is invalid');
  }
  const elapsed = performance.now() - start;
  return [{ name: 'config parse+validate', value: (iterations / elapsed) * 1000, unit: 'ops/s' }];
}

const results = [...measureStartup(10), ...measureConfigParsing(5_000)];
const width = Math.max(...results.map((r) => r.name.length));
console.log(`${'benchmark'.padEnd(width)}  value`);
for (const r of results) console.log(`${r.name.padEnd(width)}  ${r.value.toFixed(1)} ${r.unit}`);
mkdirSync(new URL('../../bench/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../../bench/results.json', import.meta.url),
  `${JSON.stringify({ node: process.version, results }, null, 2)}\n`,
);
