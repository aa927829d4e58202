import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/index.js';
import type { RouteHandler } from '../../src/http/healthz.js';
import { Registry } from 'prom-client';
import {
  bearerMatches,
  composeRoutes,
  createMetricsRoute,
  createTickRoute,
} from '../../src/scheduler/routes.js';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import { emptySummary, type TickSummary } from '../../src/scheduler/tick-scope.js';
import { tickIntervalOf } from '../../src/scheduler/wire.js';
import { BOT, FakeApp, SECRET } from './fake-app.js';
import { CONFIG, PRODUCT, advisory, TRACKING } from './harness.js';
import { FakeGitHub } from '../helpers/fake-github.js';

const TOKEN = 'tick-token-0123456789';
const METRICS_TOKEN = 'metrics-token-9876543210';
const silent = { error: () => undefined };
let server: Server | undefined;

afterEach(async () => {
  const open = server;
  if (open) await new Promise((resolve) => open.close(resolve));
  server = undefined;
});

async function serve(route: RouteHandler): Promise<string> {
  server = createServer((req, res) => {
    void Promise.resolve(route(req, res)).then((answered) => {
      if (!answered) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

/** A scheduler stand-in whose tick stays open until released. */
function heldScheduler() {
  let release: (s: TickSummary) => void = () => undefined;
  let running: Promise<TickSummary> | undefined;
  return {
    tick() {
      if (running) return undefined;
      running = new Promise<TickSummary>((resolve) => {
        release = resolve;
      });
      return running;
    },
    finish() {
      release(emptySummary(new Date('2026-11-23T09:00:00Z')));
      running = undefined;
    },
  };
}

describe('POST /advisory-pilot/tick', () => {
  it('answers 404 when no TICK_TOKEN is set', async () => {
    const base = await serve(createTickRoute(heldScheduler(), undefined, silent));
    const response = await fetch(`${base}/advisory-pilot/tick`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(404);
  });

  it('answers 401 without the token, 202 with it, 409 while a tick runs, 405 to a GET', async () => {
    const scheduler = heldScheduler();
    const base = await serve(createTickRoute(scheduler, TOKEN, silent));
    const post = (authorization?: string) =>
      fetch(`${base}/advisory-pilot/tick`, {
        method: 'POST',
        headers: authorization ? { authorization } : {},
      });
    expect((await post()).status).toBe(401);
    expect((await post('Bearer wrong-token')).status).toBe(401);
    expect((await post(TOKEN)).status).toBe(401);
    const unauthorized = await post(`Bearer ${TOKEN}x`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post(`Bearer ${TOKEN}`)).status).toBe(202);
    expect((await post(`Bearer ${TOKEN}`)).status).toBe(409);
    scheduler.finish();
    expect((await post(`Bearer ${TOKEN}`)).status).toBe(202);
    scheduler.finish();
    expect((await fetch(`${base}/advisory-pilot/tick`)).status).toBe(405);
  });

  it('logs a background tick that fails (nobody else would see it)', async () => {
    const errors: string[] = [];
    const failing = { tick: () => Promise.reject(new Error('listInstallations exploded')) };
    const base = await serve(
      createTickRoute(failing, TOKEN, { error: (details) => errors.push(JSON.stringify(details)) }),
    );
    const response = await fetch(`${base}/advisory-pilot/tick`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(202);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([JSON.stringify({ error: 'Error: listInstallations exploded' })]);
  });

  it.each([
    { header: `Bearer ${TOKEN}`, ok: true },
    { header: `bearer ${TOKEN}`, ok: true },
    { header: `Bearer ${TOKEN} `, ok: true },
    { header: `Bearer  ${TOKEN.slice(0, -1)}`, ok: false },
    { header: `Basic ${TOKEN}`, ok: false },
    { header: '', ok: false },
    { header: 'Bearer ', ok: false },
  ])('bearer "$header" matches: $ok', ({ header, ok }) => {
    expect(bearerMatches(header, TOKEN)).toBe(ok);
  });

  it.each([
    { text: undefined, seconds: 600 },
    { text: '', seconds: 600 },
    { text: '0', seconds: 0 },
    { text: '300', seconds: 300 },
    { text: 'ten', seconds: 600, warned: true },
    { text: '-5', seconds: 600, warned: true },
  ])('TICK_INTERVAL=$text → $seconds s', ({ text, seconds, warned }) => {
    const warnings: string[] = [];
    expect(tickIntervalOf(text, (m) => warnings.push(m))).toBe(seconds);
    expect(warnings.length > 0).toBe(Boolean(warned));
  });
});

describe('GET /metrics', () => {
  it('answers 404 when no METRICS_TOKEN is set: case counts are not for outsiders', async () => {
    const base = await serve(createMetricsRoute(new Registry(), undefined));
    const response = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('METRICS_TOKEN');
  });

  it('answers 401 without the token, 405 to a POST, and the registry with the token', async () => {
    const base = await serve(createMetricsRoute(new Registry(), METRICS_TOKEN));
    const get = (authorization?: string, method = 'GET') =>
      fetch(`${base}/metrics`, { method, headers: authorization ? { authorization } : {} });
    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await get(`Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await get(`Bearer ${METRICS_TOKEN}`, 'POST')).status).toBe(405);
    const ok = await get(`Bearer ${METRICS_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    expect((await get(`Bearer ${METRICS_TOKEN}`, 'HEAD')).status).toBe(200);
  });
});

describe('the App wiring', () => {
  it('serves the tick, /metrics and /healthz with the last successful tick, in one route', async () => {
    const github = new FakeGitHub()
      .addRepo(TRACKING, { private: true })
      .addRepo(PRODUCT, { private: false });
    const a = advisory();
    github.advisories.set(a.ghsaId, { ...a, credits: [], users: [], teams: [] });
    const app = new FakeApp().add(7, {
      account: 'acme',
      github,
      configs: { [PRODUCT]: CONFIG, [TRACKING]: CONFIG },
    });
    let scheduler: Scheduler | undefined;
    const routes: RouteHandler[] = [];
    const probot = new Probot({
      githubToken: 'test',
      logLevel: 'fatal',
      Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
        ...o,
        retry: { enabled: false },
        throttle: { enabled: false },
      })),
    });
    await probot.load(
      createApp({
        appPort: app,
        tickInterval: 0,
        tickToken: TOKEN,
        metricsToken: METRICS_TOKEN,
        botLogin: BOT,
        stateSecret: SECRET,
        now: () => new Date('2026-11-23T09:05:00.000Z'),
        scheduler: { pauseMs: 0 },
        onScheduler: (s) => (scheduler = s),
      }),
      { cwd: process.cwd(), addHandler: (h) => routes.push(h as RouteHandler) },
    );
    expect(routes).toHaveLength(1);
    const base = await serve(composeRoutes(routes));
    expect(await (await fetch(`${base}/healthz`)).json()).not.toHaveProperty('lastSuccessfulTick');

    const ticked = await fetch(`${base}/advisory-pilot/tick?wait=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ticked.status).toBe(200);
    expect(await ticked.json()).toMatchObject({ opened: 1, installations: 1, errors: 0 });
    expect(scheduler?.memory.lastSuccessfulTick).toBe('2026-11-23T09:05:00.000Z');

    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', lastSuccessfulTick: '2026-11-23T09:05:00.000Z' });

    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(wrong.status).toBe(401);
    const metrics = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('advisory_pilot_ticks_total{outcome="ok"} 1');
    expect(text).toContain('advisory_pilot_open_cases{phase="triage"} 1');
    expect(text).toContain('# TYPE advisory_pilot_github_requests_total counter');
    expect(text).toContain('advisory_pilot_last_successful_tick_timestamp_seconds 1795424700');
  });
});
