import { z } from 'zod';
import { Input, ObservedAdvisory } from '../domain/inputs.js';

/** A comment as the tick read it from the repository's feed (`IssueComment`). */
const QueuedComment = z.strictObject({
  id: z.int(),
  nodeId: z.string(),
  body: z.string().max(65_536),
  author: z.string(),
  authorType: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});

/** Where the replica that asked for a visit waits for its result. */
export const ReplyTo = z.strictObject({
  /** The asking replica's reply list on Redis. */
  list: z.string().min(1),
  /** Matches the reply to the request it answers. */
  id: z.string().min(1),
});
export type ReplyTo = z.infer<typeof ReplyTo>;

/**
 * The fields of a `tick-visit` job: everything the tick knew about one case when it decided to
 * load it, so the replica that drains the case visits it exactly as the ticking replica would
 * have, with no read the tick had already made.
 */
export const TickVisitFields = {
  kind: z.literal('tick-visit'),
  tracking: z.strictObject({ repo: z.string(), issue: z.int().positive() }),
  /** The case marker's product repository and GHSA ID. */
  caseRepo: z.string().optional(),
  ghsaId: z.string().optional(),
  /** The tick's start as an ISO minute (keys its records in the case file). */
  minute: z.string(),
  /** The configuration that governs the case, as the tick resolved it (parsed when run). */
  config: z.unknown(),
  /** The case's advisory as this tick's poll saw it. */
  polled: z.strictObject({ advisory: ObservedAdvisory, updatedAt: z.string() }).optional(),
  /** The tracking issue's comments changed since the previous tick (or all of them). */
  comments: z.array(QueuedComment),
  /** The tracking issue's body, when the tick's listing carried it. */
  body: z.string().max(65_536).optional(),
  /** What GitHub showed about events the case waits on (their webhooks may have been lost). */
  observed: z.array(Input).max(20).optional(),
  /** Outdated reminders this visit may minimize. */
  minimizeBudget: z.int().nonnegative(),
  /** Set by the queue when a replica waits for the result. */
  reply: ReplyTo.optional(),
};
