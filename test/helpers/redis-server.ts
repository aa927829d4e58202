import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real Redis for queue-mode tests, on a loopback port of its own. */
export interface TestRedis {
  url: string;
  port: number;
  /** Kills it (SIGKILL unless `graceful`), keeping its data directory. */
  stop(graceful?: boolean): Promise<void>;
  /** Starts it again on the same port and data (the AOF, when on). */
  restart(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function launch(port: number, dir: string, appendOnly: boolean): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        appendOnly ? 'yes' : 'no',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.once('error', (error) => {
      reject(
        new Error(
          `could not start redis-server (${error.message}): install Debian's redis-server, as .ci/run does`,
        ),
      );
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => {
      reject(new Error(`redis-server exited with ${String(code)}: ${out.slice(-500)}`));
    });
  });
}

/** Starts a Redis of its own (AOF on when asked, fsync on every write). */
export async function startRedis(options: { appendOnly?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ap-redis-'));
  const appendOnly = options.appendOnly ?? false;
  let child: ChildProcess | undefined = await launch(port, dir, appendOnly);
  const stop = async (graceful = false) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(graceful ? 'SIGTERM' : 'SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${String(port)}`,
    port,
    stop,
    async restart() {
      await stop();
      child = await launch(port, dir, appendOnly);
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
