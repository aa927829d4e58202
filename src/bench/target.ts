/**
 * A webhook receiver under load, in its own process so the load generator and the receiver do
 * not share an event loop: `app` is the real App with the sandbox GitHub behind it (one case
 * open, every delivery a `/status` command on it); `floor` is a Probot server whose
 * `issue_comment.created` handler does nothing. Talks to the benchmark over IPC.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import type { AppState } from '../instance-state.js';
import { Play } from '../demo/play.js';
import { DEMO_USERS, demoScenario } from '../demo/scenario.js';
import { DEMO_VECTOR } from '../demo/script.js';
import { startWorld } from '../demo/world.js';
import { freePort } from '../net/free-port.js';
import { generateAppKey } from '../sandbox/app-key.js';

/** What the target tells the benchmark. */
export type TargetMessage =
  | { type: 'ready'; url: string; secret: string; payload?: Record<string, unknown> }
  | {
      type: 'drained';
      ms: number;
      done: boolean;
      failures: number;
      /** Deliveries acknowledged whose work has not finished. */
      unfinished: number;
      queued: number;
      githubRequests: number;
    };

/** What the benchmark asks of the target. */
export type TargetCommand = { type: 'drain'; timeoutMs: number } | { type: 'exit' };

function send(message: TargetMessage): void {
  process.send?.(message);
}

async function startFloor(): Promise<void> {
  const privateKey = generateAppKey();
  const secret = randomBytes(16).toString('hex');
  const port = await freePort();
  const server = new Server({
    Probot: Probot.defaults({ appId: 1, privateKey, secret }),
    log: pino({ level: 'silent' }),
    port,
    host: '127.0.0.1',
  });
  await server.load((app: Probot) => {
    // The floor: Probot's own cost of verifying, parsing and routing a delivery.
    app.on('issue_comment.created', () => undefined);
  });
  await server.start();
  process.on('message', (command: TargetCommand) => {
    if (command.type === 'exit') process.exit(0);
    send({
      type: 'drained',
      ms: 0,
      done: true,
      failures: 0,
      unfinished: 0,
      queued: 0,
      githubRequests: 0,
    });
  });
  send({ type: 'ready', url: `http://127.0.0.1:${String(port)}/api/github/webhooks`, secret });
}

async function startApp(): Promise<void> {
  let state: AppState | undefined;
  const world = await startWorld({
    scenario: demoScenario(),
    app: {
      tickInterval: 0,
      onState: (s) => {
        state = s;
      },
    },
  });
  const play = new Play(world);
  await play.report(
    'Path traversal in the file upload endpoint',
    'Uploading a file named ../../x writes outside the upload directory.',
  );
  await play.say(DEMO_USERS.lead, `/reproduced\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
  const delivered = world.sandbox
    .deliveries()
    .filter(
      (d) =>
        d.event === 'issue_comment' &&
        d.action === 'created' &&
        (d.payload.sender as { login?: string } | undefined)?.login === DEMO_USERS.lead,
    )
    .at(-1);
  if (!delivered || !state) throw new Error('the benchmark case did not open');
  const app = state;
  process.on('message', (command: TargetCommand) => {
    if (command.type === 'exit') process.exit(0);
    const started = performance.now();
    const timeout = new Promise<false>((resolve) =>
      setTimeout(() => {
        resolve(false);
      }, command.timeoutMs).unref(),
    );
    void Promise.race([world.sandbox.settled().then(() => true), timeout]).then((done) => {
      send({
        type: 'drained',
        ms: performance.now() - started,
        done,
        failures: app.jobs.failures,
        unfinished: app.jobs.inFlight().length,
        queued: app.queue.pending,
        githubRequests: world.sandbox
          .requests()
          .filter((r) => r.actor === 'app' || r.actor.startsWith('installation:')).length,
      });
    });
  });
  send({
    type: 'ready',
    url: `${world.appUrl}/api/github/webhooks`,
    secret: world.secret,
    payload: delivered.payload,
  });
}

const mode = process.argv[2];
if (mode === 'floor') await startFloor();
else if (mode === 'app') await startApp();
else throw new Error(`bench target: unknown mode "${String(mode)}" (app or floor)`);
