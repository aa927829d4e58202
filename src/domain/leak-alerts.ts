import { z } from 'zod';

/** One public activity the leak watch alerted on. */
export const LeakAlert = z.strictObject({
  /** When it first alerted. */
  at: z.iso.datetime({ offset: true }),
  /** `field:term` of each match alerted (`title:ghsa-id`, `commit:1a2b3c4:summary`). */
  matches: z.array(z.string().max(300)).max(50),
});
export type LeakAlert = z.infer<typeof LeakAlert>;

/**
 * Public activity the leak watch alerted on, by activity (`pull-request:12`, `issue:3`,
 * `issue-comment:991`, `push:refs/heads/fix`): the matches already alerted, so a redelivery or
 * an edit that keeps the same match stays silent.
 */
export const LeakAlerts = z.record(z.string().max(300), LeakAlert);
export type LeakAlerts = z.infer<typeof LeakAlerts>;
