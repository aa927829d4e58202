import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The App's Prometheus metrics, in a registry owned by one App instance (no global registry). */
export interface Metrics {
  registry: Registry;
  webhooks: Counter<'event' | 'outcome'>;
  commands: Counter<'name' | 'outcome'>;
  githubRequests: Counter<'method' | 'route' | 'status'>;
  rateLimitRemaining: Gauge<'resource'>;
  openCases: Gauge<'phase'>;
  overdue: Gauge<'kind'>;
  remindersSent: Counter<'kind'>;
  redeliveries: Counter<'outcome'>;
  ticks: Counter<'outcome'>;
  tickSeconds: Histogram;
  lastSuccessfulTick: Gauge;
  /** Jobs set aside after failing too often (queue mode), read from Redis at each scrape. */
  deadLetters: Gauge;
  /** Where `deadLetters` is read from; queue mode sets it (the embedded queue keeps none). */
  deadLetterSource: { read?: () => Promise<number> };
  /** Octokit instances already hooked (each is counted once). */
  instrumented: WeakSet<object>;
}

/** Creates the metrics of one App instance; `/metrics` serves `registry`. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const deadLetterSource: Metrics['deadLetterSource'] = {};
  return {
    registry,
    deadLetterSource,
    deadLetters: new Gauge({
      name: 'advisory_pilot_queue_dead_letters',
      help: 'Jobs set aside on Redis after failing five times (queue mode), as of this scrape.',
      registers,
      async collect() {
        if (deadLetterSource.read) this.set(await deadLetterSource.read());
      },
    }),
    instrumented: new WeakSet(),
    webhooks: new Counter({
      name: 'advisory_pilot_webhooks_total',
      help: 'Webhook deliveries received, by event and outcome (received, failed).',
      labelNames: ['event', 'outcome'] as const,
      registers,
    }),
    commands: new Counter({
      name: 'advisory_pilot_commands_total',
      help: 'Slash-commands seen, by name and outcome (received by webhook, replayed by the tick, failed).',
      labelNames: ['name', 'outcome'] as const,
      registers,
    }),
    githubRequests: new Counter({
      name: 'advisory_pilot_github_requests_total',
      help: 'Requests to GitHub by method, route template and status (304 = answered from the ETag cache).',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: 'advisory_pilot_github_rate_limit_remaining',
      help: 'x-ratelimit-remaining of the latest GitHub response, by rate-limit resource.',
      labelNames: ['resource'] as const,
      registers,
    }),
    openCases: new Gauge({
      name: 'advisory_pilot_open_cases',
      help: 'Open cases by phase, as of the last complete tick.',
      labelNames: ['phase'] as const,
      registers,
    }),
    overdue: new Gauge({
      name: 'advisory_pilot_overdue_deadlines',
      help: 'Missed deadlines of open cases by kind (ack, cve, resolve-by, disclosure, embargo), as of the last complete tick.',
      labelNames: ['kind'] as const,
      registers,
    }),
    remindersSent: new Counter({
      name: 'advisory_pilot_reminders_sent_total',
      help: 'Reminders posted on tracking issues, by kind.',
      labelNames: ['kind'] as const,
      registers,
    }),
    redeliveries: new Counter({
      name: 'advisory_pilot_redeliveries_total',
      help: 'Failed webhook deliveries asked to be redelivered, by outcome (requested, failed).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    ticks: new Counter({
      name: 'advisory_pilot_ticks_total',
      help: 'Scheduler ticks by outcome (ok, partial, failed, skipped when one was already running).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    tickSeconds: new Histogram({
      name: 'advisory_pilot_tick_duration_seconds',
      help: 'Wall time of a scheduler tick.',
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      registers,
    }),
    lastSuccessfulTick: new Gauge({
      name: 'advisory_pilot_last_successful_tick_timestamp_seconds',
      help: 'When the last tick that visited every installation without a fault finished.',
      registers,
    }),
  };
}
