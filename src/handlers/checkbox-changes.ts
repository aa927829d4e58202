import { ITEM_BOX_PATTERN } from '../domain/markers.js';
/** A checklist checkbox whose state differs between two versions of an issue body. */
export interface CheckboxChange {
  item: string;
  checked: boolean;
}

const BOX = ITEM_BOX_PATTERN;

function boxes(body: string): Map<string, boolean> {
  const found = new Map<string, boolean>();
  for (const match of body.matchAll(BOX)) {
    const [, mark, item] = match;
    if (item) found.set(item, mark !== ' ');
  }
  return found;
}

/**
 * The checklist items a human ticked or unticked in the status section (the items carry hidden
 * `<!-- item:ID -->` keys so a renamed label still maps to the right item).
 */
export function checkboxChanges(before: string, after: string): CheckboxChange[] {
  const old = boxes(before);
  const changes: CheckboxChange[] = [];
  for (const [item, checked] of boxes(after)) {
    const previous = old.get(item);
    if (previous !== undefined && previous !== checked) changes.push({ item, checked });
  }
  return changes;
}
