import { copyOf } from './advisory-copy.js';
import type { DecideContext } from './decide-context.js';
import type { Input } from './inputs.js';
import { renderWelcome } from './replies/welcome.js';
import type { Step } from './step.js';

type Opening = Extract<Input, { type: 'report-received' | 'manual-report' }>;

/**
 * Opens a case from a private vulnerability report (the SLA clock starts at the advisory's
 * `created_at`, not when the App saw it) or from an issue labelled as a manual report.
 */
export function openCaseFrom(input: Opening, ctx: DecideContext): Step {
  if (input.type === 'report-received') {
    const a = input.advisory;
    const opened = {
      repo: a.repo,
      repoPrivate: a.repoPrivate,
      source: 'advisory' as const,
      ghsaId: a.ghsaId,
      tracking: input.tracking,
      summary: a.summary.slice(0, 1024),
      reportedAt: a.createdAt,
      ...(a.reporter === undefined ? {} : { reporter: a.reporter }),
      ...(a.severity === undefined ? {} : { severity: a.severity }),
      ...(a.cvssVector === undefined ? {} : { cvssVector: a.cvssVector }),
      advisory: {
        state: a.state,
        ...(a.htmlUrl === undefined ? {} : { url: a.htmlUrl }),
        summary: a.summary.slice(0, 1024),
        ...(a.description === undefined ? {} : { description: a.description.slice(0, 65_536) }),
        ...(a.ecosystem === undefined ? {} : { ecosystem: a.ecosystem }),
        ...(a.packageName === undefined ? {} : { packageName: a.packageName }),
        ...(a.vulnerableVersionRange === undefined
          ? {}
          : { vulnerableVersionRange: a.vulnerableVersionRange }),
        ...(a.patchedVersions === undefined ? {} : { patchedVersion: a.patchedVersions }),
        seen: copyOf(a),
      },
    };
    return { changes: [], effects: [], opened, reply: renderWelcome(opened, ctx) };
  }
  const opened = {
    repoPrivate: true,
    source: 'manual' as const,
    tracking: input.tracking,
    summary: input.title.slice(0, 1024),
    reportedAt: input.reportedAt,
    advisory: {},
  };
  return {
    changes: [],
    effects: [],
    opened,
    reply: renderWelcome(opened, ctx),
    by: input.openedBy,
  };
}
