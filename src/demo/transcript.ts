import type { CaseRecord } from '../domain/records.js';
import type { PublicWrite, RequestLogEntry, Violation } from '../sandbox/index.js';
import type { DemoEvent } from './play.js';

/** What `advisory-pilot demo --json` prints. */
export interface Transcript {
  phasesReached: string[];
  finalPhase: string | undefined;
  events: DemoEvent[];
  skipped: { step: string; reason: string }[];
  requests: { method: string; path: string; status: number; actor: string }[];
  violations: Violation[];
  publicWrites: {
    at: string;
    repo: string;
    kind: string;
    text: string;
    afterPublication: boolean;
  }[];
  reminders: { key: string; at: string; kind: string }[];
}

/** Builds the transcript from the App's records and the sandbox's logs. */
export function buildTranscript(input: {
  records: readonly CaseRecord[];
  finalPhase: string | undefined;
  events: DemoEvent[];
  skipped: { step: string; reason: string }[];
  requests: readonly RequestLogEntry[];
  violations: readonly Violation[];
  publicWrites: readonly PublicWrite[];
}): Transcript {
  const phases = ['triage'];
  const reminders: Transcript['reminders'] = [];
  let publishedAt: string | undefined;
  for (const record of input.records) {
    const patch =
      record.type === 'update'
        ? record.patch
        : record.type === 'effect-result'
          ? record.patch
          : undefined;
    const phase = patch?.set?.phase;
    if (phase && phases.at(-1) !== phase) phases.push(phase);
    publishedAt ??= patch?.set?.milestones?.published;
    for (const key of Object.keys(patch?.set?.reminders ?? {})) {
      reminders.push({ key, at: record.at, kind: key.split(':')[0] ?? key });
    }
  }
  return {
    phasesReached: phases,
    finalPhase: input.finalPhase,
    events: input.events,
    skipped: input.skipped,
    requests: input.requests.map((r) => ({
      method: r.method,
      path: r.path,
      status: r.status,
      actor: r.actor,
    })),
    violations: [...input.violations],
    publicWrites: input.publicWrites
      .filter((w) => w.actor.startsWith('installation:') || w.actor === 'app')
      .map((w) => ({
        at: w.at,
        repo: w.repo,
        kind: w.kind,
        text: w.text,
        afterPublication: publishedAt !== undefined && w.at >= publishedAt,
      })),
    reminders,
  };
}
