import { z } from 'zod';

/**
 * Every checklist item's id, in checklist order. Typed, so a change that names an item that does
 * not exist (`items: { 'relase-opened': … }`) fails to compile instead of ticking nothing.
 */
export const ITEM_IDS = [
  'reproduced',
  'in-scope',
  'cvss-scored',
  'acknowledged',
  'draft-advisory',
  'private-fork',
  'fix-merged',
  'validated',
  'cve',
  'metadata',
  'embargo',
  'fix-landed',
  'release-opened',
  'canary',
  'production',
  'changelog-drafted',
  'notice-sent',
  'date-confirmed',
  'published',
  'reached',
  'changelog-posted',
  'postmortem',
] as const;
export const ItemId = z.enum(ITEM_IDS);
export type ItemId = z.infer<typeof ItemId>;
