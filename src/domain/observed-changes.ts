import { neutralize } from './neutralize.js';
import { advisoryEdits } from './advisory-edits.js';
import type { Case, CasePatch } from './case.js';
import type { DecideContext } from './decide-context.js';
import type { Effect } from './effects.js';
import type { Input, ObservedAdvisory } from './inputs.js';
import { watchPublicActivity, watchPush } from './leak-watch.js';
import { observeFixPush } from './fix-arrival.js';
import { publishedChanges } from './published.js';
import { databaseCheckMeaning } from './reach.js';
import { observeReleaseEvidence } from './release-evidence.js';
import { EMPTY_STEP, type Change, type Step } from './step.js';
import { tickStep } from './tick.js';

type Observation = Exclude<
  Input,
  { type: 'command' | 'report-received' | 'manual-report' | 'checkbox-toggled' }
>;

const done = (at: string, by: string, evidence?: string) => ({
  status: 'done' as const,
  at,
  by,
  ...(evidence === undefined ? {} : { evidence }),
});

/** Turns what GitHub reports (webhooks, polling) into changes of the case; never a reply to a human. */
export function observe(state: Case, input: Observation, ctx: DecideContext): Step {
  const at = ctx.now.toISOString();
  const by = ctx.appLogin;
  switch (input.type) {
    case 'advisory-observed':
    case 'advisory-published':
      return observeAdvisory(state, input.advisory, ctx);
    case 'database-published':
      // The payload names the GHSA; what the database lists (its CVE alias, its patched
      // version) was read from GitHub by the shell before anything counts.
      return databaseListed(state, input, ctx);
    case 'workflow-run-completed':
    case 'release-published':
    case 'deployment-status':
      return observeReleaseEvidence(state, input, ctx);
    case 'pull-request-merged': {
      const purpose = Object.entries(state.pullRequests).find(([, n]) => n === input.number)?.[0];
      if (purpose === 'changelog' && !state.items['changelog-posted']) {
        return change(
          { set: { items: { 'changelog-posted': done(at, by, `PR #${input.number}`) } } },
          `Changelog PR #${input.number} merged`,
        );
      }
      if (purpose === 'postmortem' && !state.items.postmortem) {
        return change(
          { set: { items: { postmortem: done(at, by, `PR #${input.number}`) } } },
          `Postmortem PR #${input.number} merged`,
        );
      }
      return EMPTY_STEP;
    }
    case 'public-activity':
      return watchPublicActivity(state, input, ctx);
    case 'push':
      return observePush(state, input, ctx);
    case 'duplicate-suspected':
      return duplicateSuspected(state, input);
    case 'tick':
      return tickStep(state, ctx);
  }
}

/**
 * Two open cases that look like one vulnerability: each says so once, and the newer one is
 * offered `/duplicate-of` (a person decides; the App never closes a report by likeness).
 */
function duplicateSuspected(
  state: Case,
  input: Extract<Input, { type: 'duplicate-suspected' }>,
): Step {
  if (state.phase === 'closed' || state.phase === 'rejected') return EMPTY_STEP;
  const { issue, summary, newer, why } = input.other;
  const other = `#${String(issue)} (${neutralize(summary, { maxLength: 200 })})`;
  const notice = newer
    ? `🔁 A newer report, ${other}, looks like this case: ${why}. If it is the same vulnerability, close it there with \`/duplicate-of #${String(state.tracking.issue)}\`.`
    : `🔁 This report looks like ${other}: ${why}. If it is the same vulnerability, type \`/duplicate-of #${String(issue)}\` here; the earlier case goes on.`;
  return { ...change({}, `Looks like #${String(issue)}: ${why}`), notice };
}

/**
 * A push to the product repository. Each concern that reads pushes returns its own step and
 * they are joined here: the leak watch, and whether the push brought a fix to the default branch.
 */
function observePush(
  state: Case,
  input: Extract<Input, { type: 'push' }>,
  ctx: DecideContext,
): Step {
  const watched = watchPush(state, input, ctx);
  const fixes = observeFixPush(state, input, ctx);
  return {
    ...watched,
    changes: [...watched.changes, ...fixes.changes],
    effects: [...watched.effects, ...fixes.effects],
  };
}

function databaseListed(
  state: Case,
  input: Extract<Input, { type: 'database-published' }>,
  ctx: DecideContext,
): Step {
  if (input.ghsaId !== state.ghsaId || state.milestones.database || !input.listed)
    return EMPTY_STEP;
  const meaning = databaseCheckMeaning(
    { found: true, ...input.listed },
    { state, now: ctx.now, config: ctx.config, appLogin: ctx.appLogin },
  );
  if (!meaning.patch) return EMPTY_STEP;
  return {
    changes: [{ patch: meaning.patch, ...(meaning.note ? { note: meaning.note } : {}) }],
    effects: [],
  };
}

function change(patch: CasePatch, note: string): Step {
  return { changes: [{ patch, note }], effects: [] };
}

/** Brings the case up to date with the advisory as GitHub shows it (changes made in its UI). */
function observeAdvisory(state: Case, advisory: ObservedAdvisory, ctx: DecideContext): Step {
  if (advisory.ghsaId !== state.ghsaId) return EMPTY_STEP;
  const at = ctx.now.toISOString();
  const by = ctx.appLogin;
  // GitHub's copy first: UI edits (a score, more products, CWEs) are facts the rest builds on.
  const changes: Change[] = [...advisoryEdits(state, advisory, ctx)];
  const effects: Effect[] = [];
  if (advisory.state !== state.advisory.state) {
    if (advisory.state === 'published') {
      const published = publishedChanges(
        state,
        ctx,
        advisory.publishedAt ?? at,
        'published on GitHub',
      );
      changes.push(...published.changes);
      effects.push(...published.effects);
    } else if (
      advisory.state === 'closed' &&
      state.phase !== 'rejected' &&
      state.phase !== 'closed'
    ) {
      changes.push({
        patch: {
          set: {
            advisory: { state: 'closed' },
            phase: 'rejected',
            phaseEnteredAt: at,
            milestones: { closed: at },
          },
        },
        note: 'Advisory closed on GitHub: case rejected',
      });
    } else {
      const patch: CasePatch = { set: { advisory: { state: advisory.state } } };
      if (advisory.state === 'draft' && !state.items['draft-advisory']) {
        patch.set = { ...patch.set, items: { 'draft-advisory': done(at, by, 'report accepted') } };
      }
      changes.push({ patch, note: `Advisory is now ${advisory.state} on GitHub` });
    }
  }
  if (advisory.cveId && advisory.cveId !== state.cve.id) {
    changes.push({
      patch: { set: { cve: { id: advisory.cveId }, milestones: { 'cve-assigned': at } } },
      note: `CVE assigned: ${advisory.cveId}`,
    });
  }
  if (advisory.summary && advisory.summary !== state.advisory.summary) {
    changes.push({
      patch: { set: { advisory: { summary: advisory.summary }, summary: advisory.summary } },
      note: 'Advisory summary edited on GitHub',
    });
  }
  if (advisory.description !== undefined && advisory.description !== state.advisory.description) {
    changes.push({
      patch: { set: { advisory: { description: advisory.description.slice(0, 65_536) } } },
      note: 'Advisory description edited on GitHub',
    });
  }
  const range = advisory.vulnerableVersionRange;
  if (range && range !== state.advisory.vulnerableVersionRange) {
    changes.push({
      patch: { set: { advisory: { vulnerableVersionRange: range } } },
      note: `Affected range edited on GitHub: ${range}`,
    });
  }
  return { changes, effects };
}
