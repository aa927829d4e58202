import type { AdvisoryPilotConfig } from '../config/schema.js';
import { strategyOf } from './release-plan.js';
import { PHASE_ORDER, type Case, type Phase } from './case.js';
import type { ItemId } from './item-ids.js';

/** One item of a phase's checklist and how a maintainer completes it. */
export interface ChecklistItem {
  id: ItemId;
  phase: Phase;
  label: string;
  /** The command (or event) that completes it, shown in the status section and in refusals. */
  how: string;
  /** A maintainer may tick it in the status section (the same as running `how`). */
  tickable: boolean;
}

type Main = (typeof PHASE_ORDER)[number];

function item(
  phase: Main,
  id: ItemId,
  label: string,
  how: string,
  tickable = false,
): ChecklistItem {
  return { id, phase, label, how, tickable };
}

/** Whether a postmortem applies to this case and whether it is required. */
export function postmortemRule(
  config: AdvisoryPilotConfig,
  state: Pick<Case, 'severity'>,
): 'required' | 'optional' | 'skip' {
  const severity = state.severity ?? 'medium';
  if (config.postmortem.requiredFor.includes(severity)) return 'required';
  if (config.postmortem.optionalFor.includes(severity)) return 'optional';
  return 'skip';
}

/** The phases this case goes through, in order (disclosure and postmortem depend on config). */
export function phasesOf(config: AdvisoryPilotConfig, state: Pick<Case, 'severity'>): Main[] {
  return PHASE_ORDER.filter((phase) => {
    if (phase === 'disclosure') return config.customerNotice;
    if (phase === 'postmortem') return postmortemRule(config, state) !== 'skip';
    return true;
  });
}

/**
 * Every checklist item of the case's profile. The items come from the playbooks: the default
 * profile's hotfix flow has a canary step and a changelog; the changesets runbook has neither.
 */
export function checklistOf(
  config: AdvisoryPilotConfig,
  state: Pick<Case, 'severity'> & Partial<Pick<Case, 'release'>>,
): ChecklistItem[] {
  const phases = new Set(phasesOf(config, state));
  const strategy = strategyOf({ release: state.release ?? {} }, config);
  const items: ChecklistItem[] = [
    item('triage', 'reproduced', 'Reproduced locally', '/reproduced', true),
    item('triage', 'in-scope', 'Checked against the out-of-scope list', '/scope in'),
    item('triage', 'cvss-scored', 'Severity scored (CVSS 4.0)', '/cvss <vector>'),
    item(
      'triage',
      'acknowledged',
      'Reporter acknowledged (severity, expected date, confidentiality)',
      '/ack',
    ),
    item('fix', 'draft-advisory', 'Draft advisory exists', 'report accepted or /advisory create'),
    item('fix', 'private-fork', 'Temporary private fork (or a fix that needs none)', '/fork'),
    item(
      'fix',
      'fix-merged',
      'Fix in a pull request of the private fork, with a regression test',
      '/fixed <commit> --pr <number> --test <path>',
    ),
    item('fix', 'validated', 'Local validation run (the fork runs no CI)', '/validated', true),
    item('draft', 'cve', 'CVE requested (or waived)', '/cve'),
    item('draft', 'metadata', 'Advisory metadata complete', '/draft'),
    // A profile with no default embargo (the runbook: publish once released) asks for none;
    // a date agreed with the reporter can still be set with `/embargo DATE` and then holds.
    ...(config.sla.embargoDays > 0
      ? [item('draft', 'embargo', 'Embargo date set', '/embargo [DATE]')]
      : []),
    item(
      'release',
      'fix-landed',
      'Fix merged into the default branch',
      "the advisory's Merge pull request button, or /merged <sha>",
    ),
    item(
      'release',
      'release-opened',
      strategy === 'hotfix'
        ? 'Hotfix branch cut and release workflow dispatched'
        : 'Release change opened',
      '/release',
    ),
  ];
  if (strategy === 'hotfix') {
    items.push(
      item(
        'release',
        'canary',
        'Verified on canary',
        `a ${config.release.environments.canary} deployment, the workflow run, or /canary ok`,
        true,
      ),
    );
  }
  items.push(
    item(
      'release',
      'production',
      'Patched version released / on production',
      `a ${config.release.environments.production} deployment, the release published, or /production`,
      true,
    ),
  );
  if (config.changelog.post) {
    items.push(
      item('release', 'changelog-drafted', 'Changelog entry drafted', 'automatic on production'),
    );
  }
  if (phases.has('disclosure')) {
    items.push(
      item(
        'disclosure',
        'notice-sent',
        'Customer notice drafted and sent',
        '/notify, then /notify sent',
      ),
      item(
        'disclosure',
        'date-confirmed',
        'Disclosure date re-confirmed with the reporter',
        '/confirm-date',
        true,
      ),
    );
  }
  items.push(
    item('publish', 'published', 'Advisory published', '/publish, then /confirm'),
    item(
      'publish',
      'reached',
      config.publish.reachCheckUrl
        ? 'Reached admins (the reach-check page shows it)'
        : 'Reached users (listed in the GitHub Advisory Database)',
      config.publish.reachCheckUrl
        ? 'the App checks the page, or /reached <where>'
        : 'the App checks the database, or /reached <where>',
    ),
  );
  if (config.changelog.post) {
    items.push(
      item('publish', 'changelog-posted', 'Changelog entry merged', 'changelog PR merged'),
    );
  }
  if (phases.has('postmortem')) {
    items.push(
      item(
        'postmortem',
        'postmortem',
        'Postmortem written',
        'postmortem PR merged (optional: /postmortem write or /postmortem skip <reason>)',
      ),
    );
  }
  return items;
}

/** The items of one phase that are neither done nor waived. */
export function missingItems(
  config: AdvisoryPilotConfig,
  state: Case,
  phase: Phase,
): ChecklistItem[] {
  return checklistOf(config, state).filter((i) => i.phase === phase && !state.items[i.id]);
}

/** The phase after `phase` for this case, skipping phases that do not apply. */
export function nextPhase(
  config: AdvisoryPilotConfig,
  state: Case,
  phase: Phase,
): Phase | undefined {
  const order = phasesOf(config, state);
  const index = order.indexOf(phase as Main);
  return index < 0 ? undefined : order[index + 1];
}

/** Renders the missing items of a gate as one sentence naming each with its command. */
export function describeMissing(items: readonly ChecklistItem[]): string {
  return items.map((i) => `${i.label} (\`${i.how}\`)`).join('; ');
}
