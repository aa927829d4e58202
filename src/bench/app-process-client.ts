import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HEAP_LIMIT_FLAG } from '../memory-budget.js';
import type { TickSummary } from '../scheduler/tick-scope.js';
import type { AppProcessCommand, AppProcessReply } from './app-process.js';

/** The App running in its own process (`app-process.js`), driven over IPC. */
export interface AppProcess {
  url: string;
  tick(): Promise<TickSummary | undefined>;
  /** Resolves once the App has finished the work of every delivery it acknowledged. */
  idle(): Promise<void>;
  /** Moves the App's virtual now and its `Date.now` forward. */
  clock(virtualMs: number, wallMs: number): Promise<void>;
  /** Resident memory and heap after two forced collections. */
  memory(): Promise<{ rssMb: number; heapUsedMb: number; peakRssMb: number }>;
  stop(): Promise<void>;
}

/** Starts the App in a child process against the sandbox at `sandboxUrl`. */
export async function startAppProcess(
  start: Omit<Extract<AppProcessCommand, { type: 'start' }>, 'type'>,
): Promise<AppProcess> {
  const child = fork(fileURLToPath(new URL('./app-process.js', import.meta.url)), [], {
    // Started as `npm start` and the image start the App, with the same heap limit.
    execArgv: ['--expose-gc', HEAP_LIMIT_FLAG],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // One command at a time: each reply answers the command sent before it.
  let chain: Promise<unknown> = Promise.resolve();
  const ask = <T extends AppProcessReply['type']>(command: AppProcessCommand, expected: T) => {
    const run = chain.then(
      () =>
        new Promise<Extract<AppProcessReply, { type: T }>>((resolve, reject) => {
          const onExit = (code: number | null) => {
            reject(new Error(`the App process exited with ${String(code)}`));
          };
          child.once('exit', onExit);
          child.once('message', (message: AppProcessReply) => {
            child.off('exit', onExit);
            if (message.type === expected)
              resolve(message as Extract<AppProcessReply, { type: T }>);
            else if (message.type === 'error') reject(new Error(`App process: ${message.message}`));
            else reject(new Error(`App process answered ${message.type} to ${command.type}`));
          });
          child.send(command);
        }),
    );
    // The caller gets the failure through `run`; the chain only keeps the commands in order.
    chain = run.catch(() => undefined);
    return run;
  };
  const started = await ask({ type: 'start', ...start }, 'started');
  return {
    url: started.url,
    tick: async () => (await ask({ type: 'tick' }, 'ticked')).summary,
    idle: async () => {
      await ask({ type: 'idle' }, 'idle');
    },
    clock: async (virtualMs, wallMs) => {
      await ask({ type: 'clock', virtualMs, wallMs }, 'clock');
    },
    memory: async () => {
      const { rssMb, heapUsedMb, peakRssMb } = await ask({ type: 'memory' }, 'memory');
      return { rssMb, heapUsedMb, peakRssMb };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
