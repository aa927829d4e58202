import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from '../net/free-port.js';
import { median } from './stats.js';
import { generateAppKey } from '../sandbox/app-key.js';

/** Start-up of `advisory-pilot serve`, from spawning node to "Listening on". */
export interface StartupFigures {
  runs: number;
  medianMs: number;
  maxMs: number;
}

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

/** Starts `serve` once, resolves with the milliseconds until it listened, then stops it. */
async function startOnce(key: string, cwd: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd,
    env: {
      PATH: process.env.PATH,
      APP_ID: '1',
      PRIVATE_KEY: key,
      WEBHOOK_SECRET: 'bench',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      TICK_INTERVAL: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Listening on')) resolve(performance.now() - started);
      });
      child.once('exit', (code) => {
        reject(new Error(`serve exited with ${String(code)} before listening: ${out}`));
      });
    });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** Measures `runs` cold starts of the webhook server (Node, modules, Probot, the App). */
export async function measureStartup(runs: number): Promise<StartupFigures> {
  const key = generateAppKey();
  // An empty working directory: no .env is read.
  const cwd = mkdtempSync(join(tmpdir(), 'ap-bench-'));
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await startOnce(key, cwd));
    return { runs, medianMs: median(times), maxMs: Math.max(...times) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
