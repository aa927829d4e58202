import { embargoOf } from '../embargo.js';
import type { Case } from '../case.js';
import { missingItems } from '../checklist.js';
import { businessDaysUntil, formatInstant, localDate } from '../clock.js';
import type { ReminderKind } from '../reminders.js';
import { calendarOf } from '../reminders.js';
import { codeCommands, oneLine, plural, publicId, type RenderContext } from './context.js';

export interface ReminderInput {
  kind: ReminderKind;
  state: Case;
  /** The deadline or moment the reminder is about (ISO). */
  dueAt: string;
  /** Who to address, already formatted ("@octocat", "@octocat @acme/security"); may be empty. */
  mention: string;
  /** The reminder escalates an overdue deadline to the team. */
  escalation: boolean;
  /** `custom`: the text of `/remind`; `embargo-ending`: the days left ("7" or "1"). */
  detail?: string;
}

/**
 * One short paragraph per reminder: who, what is due, when (in the team's zone), and the exact
 * command that clears it, so the reader can act from the notification email alone.
 */
export function renderReminder(input: ReminderInput, ctx: RenderContext): string {
  const { state, kind } = input;
  const { config, now } = ctx;
  const tz = config.timeZone;
  const due = new Date(input.dueAt);
  const when = `**${formatInstant(due, tz)}**`;
  const who = input.mention.trim() || 'Security team';
  const id = publicId(state) ?? `case #${String(state.tracking.issue)}`;

  switch (kind) {
    case 'ack-due-soon': {
      const left = Math.max(0, businessDaysUntil(now, due, calendarOf(config)));
      const first = state.severity ? '' : 'score it with `/cvss <vector>`, then ';
      return `⏰ ${who}: the reporter of ${id} must be acknowledged by ${when} (${left === 0 ? 'today' : `in ${plural(left, 'business day')}`}; the SLA is ${plural(config.sla.ackBusinessDays, 'business day')} from the report). To send the acknowledgement, ${first}type \`/ack\` (add \`--resolve-by DATE\` to promise a date other than the embargo end).`;
    }
    case 'ack-overdue': {
      const late = Math.max(0, -businessDaysUntil(now, due, calendarOf(config)));
      const first = state.severity ? '' : 'score it with `/cvss <vector>` and ';
      const lateness = late === 0 ? '' : ` by ${plural(late, 'business day')}`;
      return `🔴 ${who}: the acknowledgement of ${id} is **overdue**${lateness} (it was due ${when}).${input.escalation ? ' Escalating to the security team.' : ''} The reporter is still waiting for a first answer: ${first}type \`/ack\` now.`;
    }
    case 'cve-pending': {
      const requested = state.cve.requestedAt
        ? formatInstant(new Date(state.cve.requestedAt), tz)
        : 'earlier';
      return `🔔 ${who}: the CVE for ${id} was requested on ${requested} and has not been assigned after ${plural(config.sla.cveFollowUpHours, 'hour')}. Check the advisory on GitHub for questions from the reviewers and answer them there; the App records the ID as soon as it appears. If this advisory should go out without a CVE, type \`/cve waive <reason>\`.`;
    }
    case 'cve-request': {
      return `🆔 ${who}: the draft advisory ${id} exists, and this project requests its CVE early because assignment can take up to 72 hours. Type \`/cve\` now (or \`/cve waive <reason>\` if it needs none).`;
    }
    case 'phase-stalled': {
      const missing = missingItems(config, state, state.phase).slice(0, 4);
      const cadence = config.sla.stalledBusinessDays[state.severity ?? 'medium'];
      const since = localDate(
        new Date(Math.max(Date.parse(state.lastActivityAt), Date.parse(state.phaseEnteredAt))),
        tz,
      );
      const next = missing.length
        ? ` Still missing: ${missing.map((i) => `${i.label} (${codeCommands(i.how)})`).join('; ')}.`
        : '';
      return `🐢 ${who}: ${id} has been in the **${state.phase}** phase without progress since ${since} (${state.severity ?? 'unscored'} cases are reminded every ${plural(cadence, 'business day')}).${next} If it is waiting on someone else, say so with \`/remind <when> <text>\`.`;
    }
    case 'embargo-ending': {
      const days = Number(input.detail ?? '0');
      const date = embargoOf(state, config).end ?? localDate(due, tz);
      const zone = state.embargo?.timeZone ?? tz;
      const left = days === 1 ? 'tomorrow' : `in ${plural(days, 'day')}`;
      return `⏳ ${who}: the embargo of ${id} ends **${left}** (${date}, ${zone}) and the advisory is still in the **${state.phase}** phase. Finish the remaining steps (\`/status\` lists them), or move the date with \`/embargo DATE <reason>\` and tell the reporter.`;
    }
    case 'embargo-overrun': {
      const days = Number(input.detail ?? '1');
      const end = embargoOf(state, config).end ?? localDate(due, tz);
      return `🚨 ${who}: the embargo of ${id} ended ${days === 1 ? 'yesterday' : `${plural(days, 'day')} ago`} (${end}, ${tz}) and the advisory is still unpublished (**${state.phase}** phase). Finish the remaining steps (\`/publish\` lists the gates), or move the embargo with \`/embargo DATE <reason>\` and tell the reporter.`;
    }
    case 'disclosure-reached': {
      const date = state.disclosureDate ?? localDate(due, tz);
      return `📣 ${who}: today (${date}) is the public disclosure date promised to customers for ${id}. Publish the advisory: type \`/publish\`, then \`/confirm\`.`;
    }
    case 'reach-check': {
      const publishedAt = state.milestones.published
        ? formatInstant(new Date(state.milestones.published), tz)
        : 'recently';
      const checks = state.reach?.urlChecks ?? 0;
      const error = state.reach?.urlError
        ? ` (last check: ${oneLine(state.reach.urlError, 200)})`
        : '';
      return `🔎 ${who}: ${id} was published ${publishedAt} and ${config.publish.reachCheckUrl ?? 'the reach-check page'} does not show it after ${plural(checks, 'check')}${error}. Look at the page and its feeds (they cache for ${plural(config.sla.reachCheckMinutes, 'minute')}); once admins can see it, type \`/reached <where>\`. The App keeps checking.`;
    }
    case 'database-missing': {
      const checks = state.reach?.databaseChecks ?? 0;
      const problem = state.reach?.databaseProblem
        ? ` ${oneLine(state.reach.databaseProblem, 300)}.`
        : ' It is not listed yet.';
      return `📚 ${who}: ${id} was published ${plural(config.publish.databaseReminderDays, 'day')} ago and the GitHub Advisory Database still does not list it as expected (${plural(checks, 'check')}).${problem} GitHub reviews advisories for the database and says this can take up to 72 hours; check the advisory's ecosystem and package names, or ask GitHub Support. The App keeps checking (\`/status\` shows each check).`;
    }
    case 'custom': {
      const text = oneLine(input.detail ?? '', 1000) || 'a reminder without text';
      return `⏰ ${who}: reminder about ${id}, as planned for ${when}: ${text}`;
    }
  }
}
