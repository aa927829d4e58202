import { PHASE_ORDER, type Case } from '../domain/case.js';
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

/** Builds the transcript from the case as its case file ends, and the sandbox's logs. */
export function buildTranscript(input: {
  state: Case | undefined;
  events: DemoEvent[];
  skipped: { step: string; reason: string }[];
  requests: readonly RequestLogEntry[];
  violations: readonly Violation[];
  publicWrites: readonly PublicWrite[];
}): Transcript {
  const milestones = Object.entries(input.state?.milestones ?? {});
  // Phases entered in the same minute share a timestamp: the lifecycle's order breaks the tie.
  const rank = (phase: string) => (PHASE_ORDER as readonly string[]).indexOf(phase);
  const entered = milestones
    .filter(([key]) => key.startsWith('phase:'))
    .map(([key, at]) => ({ phase: key.slice('phase:'.length), at }))
    .sort((a, b) => a.at.localeCompare(b.at) || rank(a.phase) - rank(b.phase))
    .map((e) => e.phase);
  const phases = ['triage', ...entered.filter((p) => p !== 'triage')];
  const publishedAt = input.state?.milestones.published;
  const reminders: Transcript['reminders'] = Object.entries(input.state?.reminders ?? {})
    .map(([key, sent]) => ({ key, at: sent.at, kind: key.split(':')[0] ?? key }))
    .sort((a, b) => a.at.localeCompare(b.at));
  return {
    phasesReached: phases,
    finalPhase: input.state?.phase,
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
