import type { Case } from '../domain/case.js';
import type { AppComment } from '../domain/case-file.js';
import { isOpenCase } from '../domain/dashboard.js';

/** Reminders that replace each other: a newer one of the same family makes the older outdated. */
function familyOf(key: string): string {
  if (key.startsWith('ack-')) return 'ack';
  if (key.startsWith('embargo-ending-')) return 'embargo';
  if (key.startsWith('custom:')) return key;
  return key.split(':')[0] ?? key;
}

/** Whether what a reminder asked for has happened (or no longer applies). */
function settled(key: string, state: Case): boolean {
  const [kind = '', detail = ''] = key.split(':');
  const published = Boolean(state.items.published);
  if (kind.startsWith('ack-')) return Boolean(state.items.acknowledged);
  if (kind === 'cve-pending') return Boolean(state.cve.id ?? state.cve.waived);
  if (kind === 'phase-stalled') return state.phase !== detail;
  if (kind.startsWith('embargo-ending-')) return published || state.embargo?.date !== detail;
  if (kind === 'disclosure-reached') return published || state.disclosureDate !== detail;
  if (kind === 'reach-check') return Boolean(state.items.reached);
  if (kind === 'database-missing') return Boolean(state.milestones.database);
  if (kind === 'embargo-overrun') return published;
  return false;
}

/**
 * The App's reminder comments that are outdated: everything they reminded of has happened, or a
 * newer reminder of the same family replaced them (an overdue escalation replaces the "due soon"
 * note), or the case is finished. The newest word on each open matter stays visible. A reminder
 * comment's key holds the reminder keys it carries, separated by spaces.
 */
export function supersededReminders(comments: readonly AppComment[], state: Case): AppComment[] {
  const reminders = comments.filter((c) => c.kind === 'reminder' && !c.minimized && c.nodeId);
  const finished = !isOpenCase(state);
  const later = new Set<string>();
  const outdated: AppComment[] = [];
  for (const comment of [...reminders].reverse()) {
    const keys = comment.key.split(' ').filter(Boolean);
    if (finished || keys.every((k) => settled(k, state) || later.has(familyOf(k))))
      outdated.push(comment);
    for (const key of keys) later.add(familyOf(key));
  }
  return outdated.reverse();
}
