/**
 * The App alone in a process, pointed at the benchmark's sandbox, so its resident memory after
 * ticking over thousands of cases is the App's and not the sandbox's. Run with `--expose-gc`;
 * spoken to over IPC: the benchmark starts it, ticks it, moves its clocks and asks for memory.
 */
import { pino } from 'pino';
import { startAppServer, type AppServer } from '../demo/app-server.js';
import type { TickSummary } from '../scheduler/tick-scope.js';

/** What the benchmark sends. */
export type AppProcessCommand =
  | {
      type: 'start';
      sandboxUrl: string;
      appId: number;
      privateKey: string;
      secret: string;
      /** The sandbox's virtual time, which the App reads as now. */
      now: string;
    }
  | { type: 'tick' }
  | { type: 'idle' }
  /** Moves the App's virtual now, and `Date.now` (JWTs, token expiry) like the benchmark's. */
  | { type: 'clock'; virtualMs: number; wallMs: number }
  | { type: 'memory' };

/** What the App process answers, one message per command. */
export type AppProcessReply =
  | { type: 'started'; url: string }
  | { type: 'ticked'; summary: TickSummary | undefined }
  | { type: 'idle' }
  | { type: 'clock' }
  | { type: 'memory'; rssMb: number; heapUsedMb: number; peakRssMb: number }
  | { type: 'error'; message: string };

const MB = 1024 * 1024;
const originalNow = Date.now.bind(Date);
let virtualOffset = 0;
let wallOffset = 0;
let base = 0;
let server: AppServer | undefined;

function reply(message: AppProcessReply): void {
  process.send?.(message);
}

async function handle(command: AppProcessCommand): Promise<AppProcessReply> {
  if (command.type === 'start') {
    base = Date.parse(command.now);
    server = await startAppServer({
      appId: command.appId,
      privateKey: command.privateKey,
      secret: command.secret,
      baseUrl: command.sandboxUrl,
      now: () => new Date(base + virtualOffset),
      log: pino({ level: 'silent' }),
      app: { tickInterval: 0, scheduler: { pauseMs: 0 } },
    });
    return { type: 'started', url: server.url };
  }
  if (!server) return { type: 'error', message: 'the App process was not started' };
  switch (command.type) {
    case 'tick':
      return { type: 'ticked', summary: await server.scheduler.tick() };
    case 'idle':
      await server.state.idle();
      return { type: 'idle' };
    case 'clock':
      virtualOffset += command.virtualMs;
      wallOffset += command.wallMs;
      Date.now = () => originalNow() + wallOffset;
      return { type: 'clock' };
    case 'memory': {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) return { type: 'error', message: 'run the App process with --expose-gc' };
      gc();
      gc();
      const usage = process.memoryUsage();
      return {
        type: 'memory',
        rssMb: usage.rss / MB,
        heapUsedMb: usage.heapUsed / MB,
        // `maxRSS` is in kilobytes: the high-water mark over the process's life.
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      };
    }
  }
}

process.on('message', (command: AppProcessCommand) => {
  handle(command).then(reply, (error: unknown) => {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
