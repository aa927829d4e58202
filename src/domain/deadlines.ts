import { defaultEmbargoEnd } from './embargo.js';
import type { AdvisoryPilotConfig } from '../config/schema.js';
import type { Severity } from './case.js';
import { addBusinessDays, addLocalDays, formatInstant } from './clock.js';

/** Every deadline a new case gets from its report timestamp, for `advisory-pilot deadlines`. */
export interface NewCaseDeadlines {
  reportedAt: string;
  timeZone: string;
  severity: Severity;
  /** When the "acknowledgement due soon" reminder fires. */
  ackWarnAt: string;
  ackDueAt: string;
  /** Default embargo end (local date); absent when the profile sets none (`sla.embargoDays: 0`). */
  embargoEnds?: string;
  /** Last day to send the customer notice so the lead time fits before the embargo ends. */
  noticeBy?: string;
  /** A stalled phase is reminded every this many business days. */
  stalledEveryBusinessDays: number;
  cveFollowUpHours: number;
}

/** Computes the deadlines of a case reported at `reportedAt` (the ack clock starts there). */
export function newCaseDeadlines(
  reportedAt: Date,
  severity: Severity,
  config: AdvisoryPilotConfig,
): NewCaseDeadlines {
  const calendar = { timeZone: config.timeZone, holidays: config.holidays };
  const { sla } = config;
  const ackDue = addBusinessDays(reportedAt, sla.ackBusinessDays, calendar);
  const ackWarn = addBusinessDays(
    reportedAt,
    Math.max(0, sla.ackBusinessDays - sla.warnBusinessDays),
    calendar,
  );
  const embargoEnds = defaultEmbargoEnd({ reportedAt: reportedAt.toISOString() }, config);
  return {
    reportedAt: reportedAt.toISOString(),
    timeZone: config.timeZone,
    severity,
    ackWarnAt: ackWarn.toISOString(),
    ackDueAt: ackDue.toISOString(),
    ...(embargoEnds ? { embargoEnds } : {}),
    ...(embargoEnds && config.customerNotice
      ? { noticeBy: addLocalDays(embargoEnds, -sla.disclosureLeadDays) }
      : {}),
    stalledEveryBusinessDays: sla.stalledBusinessDays[severity],
    cveFollowUpHours: sla.cveFollowUpHours,
  };
}

/** The human table `advisory-pilot deadlines` prints. */
export function renderDeadlines(d: NewCaseDeadlines, config: AdvisoryPilotConfig): string {
  const at = (iso: string) => formatInstant(new Date(iso), d.timeZone);
  const rows: [string, string][] = [
    ['reported', at(d.reportedAt)],
    ['ack due soon', `${at(d.ackWarnAt)}  (reminder)`],
    ['ack due', `${at(d.ackDueAt)}  (${config.sla.ackBusinessDays} business days)`],
    [
      'embargo ends',
      d.embargoEnds
        ? `${d.embargoEnds}  (${config.sla.embargoDays} days, ${d.timeZone})`
        : 'none by default (sla.embargoDays: 0); /embargo DATE sets one',
    ],
    ...(d.noticeBy
      ? [
          [
            'notify customers by',
            `${d.noticeBy}  (${config.sla.disclosureLeadDays} days of lead time)`,
          ] as [string, string],
        ]
      : []),
    ['stalled phase', `reminded every ${d.stalledEveryBusinessDays} business days (${d.severity})`],
    ['CVE follow-up', `${d.cveFollowUpHours} h after the request`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
