import { copyOf } from './advisory-copy.js';
import type { DecideContext } from './decide-context.js';
import type { Input } from './inputs.js';
import { renderWelcome } from './replies/welcome.js';
import { outsideSupported, renderReportGaps, reportGaps } from './report-quality.js';
import type { Step } from './step.js';

type Opening = Extract<Input, { type: 'report-received' | 'manual-report' }>;

/**
 * Opens a case from a private vulnerability report (the SLA clock starts at the advisory's
 * `created_at`, not when the App saw it), from a draft a person created in GitHub's UI (opened
 * by its author; the clock starts at the draft until `/reported-at` says when the report came),
 * or from an issue labelled as a manual report.
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
      ...(a.draftBy === undefined ? {} : { draftBy: a.draftBy }),
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
    // A case opened from a draft (one a person made, or an accepted report whose case was
    // lost) has its draft advisory already: the early-CVE clock runs from the draft.
    const drafted =
      a.state === 'draft'
        ? [
            {
              patch: {
                set: {
                  items: {
                    'draft-advisory': {
                      status: 'done' as const,
                      at: a.createdAt,
                      by: a.draftBy ?? ctx.appLogin,
                      evidence: a.draftBy ? `created in GitHub by ${a.draftBy}` : 'report accepted',
                    },
                  },
                },
              },
              note: `Draft advisory ${a.ghsaId} exists`,
            },
          ]
        : [];
    // What triage will miss is said at once (someone must ask the reporter), as the first comment.
    const supported = ctx.config.supportedVersions;
    const range = a.vulnerableVersionRange;
    const notice = renderReportGaps(
      reportGaps(a),
      range && supported && outsideSupported(range, supported) ? { range, supported } : undefined,
    );
    return {
      changes: drafted,
      effects: [],
      opened,
      reply: renderWelcome(opened, ctx),
      ...(notice === undefined ? {} : { notice }),
      ...(a.draftBy === undefined ? {} : { by: a.draftBy }),
    };
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
