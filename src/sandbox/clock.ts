/** A task the clock runs once virtual time reaches `at`. */
export interface ScheduledTask {
  at: number;
  label: string;
  run: () => void;
}

/** Virtual time: it moves only when told to, and moving it runs what fell due on the way. */
export interface VirtualClock {
  now(): number;
  /** `now()` as GitHub prints timestamps: ISO 8601 without milliseconds. */
  iso(at?: number): string;
  schedule(at: number, label: string, run: () => void): void;
  /** Moves to `target` (never backwards), running due tasks at their own time; returns their labels. */
  advanceTo(target: number): string[];
  /** Tasks not yet due, soonest first. */
  pending(): { at: string; label: string }[];
  /** Jumps to a new start (seeding); drops pending tasks. */
  reset(start: number): void;
}

/** Prints a time as GitHub does: `2025-01-06T09:00:00Z`. */
export function githubTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createClock(start: number): VirtualClock {
  let current = start;
  let tasks: ScheduledTask[] = [];
  return {
    now: () => current,
    iso: (at) => githubTime(at ?? current),
    schedule(at, label, run) {
      tasks.push({ at, label, run });
    },
    advanceTo(target) {
      const fired: string[] = [];
      for (;;) {
        const due = tasks
          .filter((t) => t.at <= target)
          .sort((a, b) => a.at - b.at)
          .at(0);
        if (!due) break;
        tasks = tasks.filter((t) => t !== due);
        current = Math.max(current, due.at);
        due.run();
        fired.push(due.label);
      }
      current = Math.max(current, target);
      return fired;
    },
    pending: () =>
      [...tasks].sort((a, b) => a.at - b.at).map((t) => ({ at: githubTime(t.at), label: t.label })),
    reset(next) {
      current = next;
      tasks = [];
    },
  };
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Reads durations such as `90s`, `15m`, `72h`, `3d`, `1d12h`, or a number of milliseconds.
 * Returns undefined for anything else so the caller can say what to type instead.
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? ''] ?? 0), 0);
}
