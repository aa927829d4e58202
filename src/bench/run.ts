/**
 * `npm run bench`: webhook acknowledgement under load (autocannon, against the App with the
 * sandbox behind it and against an empty Probot app as the floor), GitHub requests per lifecycle,
 * per command and per tick over idle cases, memory with 10,000 open cases, and start-up time.
 * Prints a table and writes `bench/results.json` (`--out FILE` elsewhere). `--quick` shrinks every
 * size for a smoke run; `--markdown [FILE]` prints the README's tables from a results file.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createOpenApiValidator } from '../sandbox/index.js';
import { captureTemplate, measureIdleTicks, type IdleTickResult } from './idle-cases.js';
import { measureLifecycle } from './lifecycle.js';
import { runLoad, type LoadResult, type LoadShape, type LoadTarget } from './load.js';
import type { MemoryFigures } from './memory.js';
import { render, renderMarkdown, type BenchResults } from './report.js';
import { measureStartup } from './startup.js';
import { round } from './stats.js';
import type { TargetCommand, TargetMessage } from './target.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const markdownIndex = args.indexOf('--markdown');
const outIndex = args.indexOf('--out');
const outFile = outIndex >= 0 ? args[outIndex + 1] : undefined;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const SIZES = quick
  ? { seconds: 3, rate: 20, connections: 16, ticks: [100], memoryCases: 1_000, startups: 2 }
  : {
      seconds: 10,
      rate: 10,
      connections: 32,
      ticks: [100, 1_000, 10_000],
      memoryCases: 10_000,
      startups: 5,
    };

const benchStarted = performance.now();

function progress(line: string): void {
  const seconds = Math.round((performance.now() - benchStarted) / 1000);
  process.stderr.write(`bench [${String(seconds).padStart(3)} s]: ${line}\n`);
}

/** A load target in its own process, spoken to over IPC. */
interface Target {
  child: ChildProcess;
  ready: Extract<TargetMessage, { type: 'ready' }>;
  drain(timeoutMs: number): Promise<Extract<TargetMessage, { type: 'drained' }>>;
  stop(): Promise<void>;
}

async function startTarget(mode: 'app' | 'floor'): Promise<Target> {
  const child = fork(here('./target.js'), [mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends TargetMessage['type']>(type: T) =>
    new Promise<Extract<TargetMessage, { type: T }>>((resolve, reject) => {
      const onExit = (code: number | null) => {
        reject(new Error(`bench target ${mode} exited with ${String(code)}`));
      };
      child.once('exit', onExit);
      child.on('message', function listen(message: TargetMessage) {
        if (message.type !== type) return;
        child.off('message', listen);
        child.off('exit', onExit);
        resolve(message as Extract<TargetMessage, { type: T }>);
      });
    });
  const ready = await next('ready');
  const command = (c: TargetCommand) => child.send(c);
  return {
    child,
    ready,
    async drain(timeoutMs) {
      const drained = next('drained');
      command({ type: 'drain', timeoutMs });
      return drained;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function ratio(app: LoadResult, floor: LoadResult) {
  return {
    shape: app.shape.name,
    p50: round(app.latencyP50Ms / floor.latencyP50Ms, 2),
    p99: round(app.latencyP99Ms / floor.latencyP99Ms, 2),
    throughput: round(app.throughput / floor.throughput, 2),
  };
}

async function measureWebhooks(): Promise<BenchResults['webhooks']> {
  const fixed: LoadShape = {
    name: 'fixed',
    connections: 10,
    durationSeconds: SIZES.seconds,
    rate: SIZES.rate,
  };
  const saturation: LoadShape = {
    name: 'saturation',
    connections: SIZES.connections,
    durationSeconds: SIZES.seconds,
  };

  progress('starting the App with the sandbox (one triaged case)');
  const app = await startTarget('app');
  const payload = app.ready.payload ?? {};
  const appTarget: LoadTarget = { url: app.ready.url, secret: app.ready.secret, payload };
  const appResults: LoadResult[] = [];
  let backlog: BenchResults['webhooks']['backlog'];
  try {
    progress(`App: ${String(SIZES.rate)} deliveries/s for ${String(SIZES.seconds)} s`);
    const before = await app.drain(1_000);
    appResults.push(await runLoad(appTarget, fixed, 'app-fixed'));
    progress('App: waiting for the queued work to finish');
    const drained = await app.drain(60_000);
    backlog = {
      deliveries: appResults[0]?.acknowledged ?? 0,
      drainMs: round(drained.ms, 0),
      done: drained.done,
      failures: drained.failures,
      unfinished: drained.unfinished,
      githubRequests: drained.githubRequests - before.githubRequests,
    };
    progress(`App: saturation with ${String(SIZES.connections)} connections`);
    appResults.push(await runLoad(appTarget, saturation, 'app-saturation'));
  } finally {
    await app.stop();
  }

  progress('starting the floor (Probot, empty handler)');
  const floor = await startTarget('floor');
  const floorTarget: LoadTarget = { url: floor.ready.url, secret: floor.ready.secret, payload };
  const floorResults: LoadResult[] = [];
  try {
    progress('floor: fixed rate, then saturation');
    floorResults.push(await runLoad(floorTarget, fixed, 'floor-fixed'));
    floorResults.push(await runLoad(floorTarget, saturation, 'floor-saturation'));
  } finally {
    await floor.stop();
  }
  const pairs = appResults.flatMap((a, i) => {
    const f = floorResults[i];
    return f ? [ratio(a, f)] : [];
  });
  return { floor: floorResults, app: appResults, ratio: pairs, backlog };
}

function measureMemory(template: unknown, count: number): Promise<MemoryFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'ap-bench-'));
  const file = join(dir, 'template.json');
  writeFileSync(file, JSON.stringify(template));
  return new Promise<MemoryFigures>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', here('./memory.js'), file, String(count)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`memory probe exited with ${String(code)}`));
      else resolve(JSON.parse(out) as MemoryFigures);
    });
  });
}

async function main(): Promise<void> {
  const webhooks = await measureWebhooks();

  const validator = createOpenApiValidator();
  progress('lifecycles: default profile, changesets preset');
  const lifecycles = [
    await measureLifecycle('default', validator),
    await measureLifecycle('changesets', validator),
  ];

  progress('ticks: capturing a triaged case to clone');
  const template = await captureTemplate(validator);
  const ticks: IdleTickResult[] = [];
  for (const count of SIZES.ticks) {
    progress(`ticks: ${String(count)} idle cases`);
    ticks.push(await measureIdleTicks(template, count, validator));
  }

  progress(`memory: ${String(SIZES.memoryCases)} open cases`);
  const memory = await measureMemory(template, SIZES.memoryCases);
  progress('start-up');
  const startup = await measureStartup(SIZES.startups);

  const results: BenchResults = {
    when: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    quick,
    webhooks,
    lifecycles,
    ticks,
    memory,
    startup,
    totalSeconds: (performance.now() - benchStarted) / 1000,
  };
  process.stdout.write(`${render(results)}\n`);
  const target = outFile ?? here('../../bench/results.json');
  mkdirSync(join(target, '..'), { recursive: true });
  writeFileSync(target, `${JSON.stringify(results, null, 2)}\n`);
  progress(`wrote ${target}`);
}

if (markdownIndex >= 0) {
  // Prints the README's tables from a results file, without measuring again.
  const file = args[markdownIndex + 1] ?? here('../../bench/results.json');
  process.stdout.write(
    `${renderMarkdown(JSON.parse(readFileSync(file, 'utf8')) as BenchResults)}\n`,
  );
} else {
  await main();
}
