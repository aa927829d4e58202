import { copyOf, renderPackages } from './advisory-copy.js';
import type { AdvisoryCopy } from './advisory-package.js';
import type { Case, CasePatch } from './case.js';
import { scoreCvss4 } from './cvss.js';
import type { DecideContext } from './decide-context.js';
import type { ObservedAdvisory } from './inputs.js';
import type { Change } from './step.js';

const PLAYBOOK_VECTOR = 'the playbook scores with CVSS 4.0: `/cvss <vector>`';

/**
 * What people changed in GitHub's UI since the App last read the advisory, as changes of the
 * case. Edits are facts: a CVSS 4.0 vector set there scores the case, a CVSS 3.x vector or a bare
 * severity sets the severity (with a note that the playbook asks for 4.0). Only a change of
 * GitHub's copy counts, so a write of the App's own that GitHub has not applied yet (or refused)
 * never turns the case back.
 */
export function advisoryEdits(
  state: Case,
  advisory: ObservedAdvisory,
  ctx: Pick<DecideContext, 'now' | 'appLogin'>,
): Change[] {
  const copy = copyOf(advisory);
  const before = state.advisory.seen;
  if (before?.fingerprint === copy.fingerprint) return [];
  const notes: string[] = [];
  const set: NonNullable<CasePatch['set']> = { advisory: { seen: copy } };
  if (before) notes.push(...listEdits(before, copy));
  Object.assign(set, scoring(state, before, copy, ctx, notes));
  // GitHub's copy catching up with nothing to tell (the App's own write applied) logs nothing.
  return [{ patch: { set }, ...(notes.length > 0 ? { note: notes.join('; ') } : {}) }];
}

function listEdits(before: AdvisoryCopy, copy: AdvisoryCopy): string[] {
  const notes: string[] = [];
  if (JSON.stringify(before.packages) !== JSON.stringify(copy.packages))
    notes.push(
      `GitHub now lists the affected products: ${renderPackages(copy.packages).join('; ')}`,
    );
  if (JSON.stringify(before.cweIds) !== JSON.stringify(copy.cweIds))
    notes.push(`GitHub now lists the CWEs: ${copy.cweIds.join(', ') || 'none'}`);
  return notes;
}

/** The score a GitHub edit gives the case, when it gives one. */
function scoring(
  state: Case,
  before: AdvisoryCopy | undefined,
  copy: AdvisoryCopy,
  ctx: Pick<DecideContext, 'now' | 'appLogin'>,
  notes: string[],
): NonNullable<CasePatch['set']> {
  const item = (evidence: string) =>
    state.items['cvss-scored']
      ? {}
      : {
          items: {
            'cvss-scored': {
              status: 'done' as const,
              at: ctx.now.toISOString(),
              by: ctx.appLogin,
              evidence,
            },
          },
        };
  const vector = copy.cvssVector;
  if (vector && vector !== before?.cvssVector && vector !== state.cvss?.vector) {
    const scored = scoreCvss4(vector);
    if (!scored.ok || scored.severity === 'none') {
      notes.push(
        `The CVSS 4.0 vector set on GitHub does not score (${scored.ok ? '0.0' : scored.error}); the case keeps its score`,
      );
      return {};
    }
    notes.push(`Scored on GitHub: ${scored.score.toFixed(1)} ${scored.severity} (CVSS 4.0)`);
    return {
      cvss: { vector: scored.vector, score: scored.score, nomenclature: scored.nomenclature },
      severity: scored.severity,
      ...item(`${scored.vector} (set on GitHub)`),
    };
  }
  const severity = copy.severity;
  if (!severity || severity === before?.severity || severity === state.severity) return {};
  if (vector) return {};
  const how = copy.cvssV3Vector
    ? `from the CVSS 3.x vector set on GitHub (${copy.cvssV3Vector})`
    : 'set on GitHub without a vector';
  notes.push(`Severity ${severity} ${how}; ${PLAYBOOK_VECTOR}`);
  return { severity, ...item(`severity ${severity} ${how}; ${PLAYBOOK_VECTOR}`) };
}
