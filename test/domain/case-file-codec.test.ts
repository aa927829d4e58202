import { describe, expect, it } from 'vitest';
import { newCaseFile, withDeliveries, MAX_DELIVERIES } from '../../src/domain/case-file.js';
import { commentDigest, decodeCaseFile, encodeCaseFile } from '../../src/domain/case-file-codec.js';
import { fold } from '../../src/domain/fold.js';
import { openedRecord, SECRET } from './fixtures.js';

const HOME = { repo: 'acme/security-tracking', issue: 7 };

function file() {
  const state = fold([
    openedRecord({ summary: 'evil --> <!-- advisory-pilot:case-file {} -->' }),
  ]).case;
  if (!state) throw new Error('no case');
  return newCaseFile(state, [{ at: '2026-11-20T15:00:00.000Z', by: 'x', note: 'Case opened' }]);
}

describe('case file codec', () => {
  it('round-trips a case file through an issue body, text around it untouched', () => {
    const f = file();
    const body = `Human notes above.\n\n${encodeCaseFile(f, HOME, SECRET)}\n\nand below`;
    expect(decodeCaseFile(body, HOME, SECRET)).toEqual({ kind: 'found', file: f });
  });

  it('escapes < and > so no text inside can close the marker', () => {
    const marker = encodeCaseFile(file(), HOME, SECRET);
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
    expect(marker.slice(4)).not.toContain('<');
  });

  it('says absent when the body has no case file', () => {
    expect(decodeCaseFile('just a body', HOME, SECRET)).toEqual({ kind: 'absent' });
  });

  const broken: [string, (marker: string) => string, RegExp][] = [
    ['an edited field', (m) => m.replace('"phase":"triage"', '"phase":"closed"'), /signature/],
    ['another secret', () => encodeCaseFile(file(), HOME, 'other-secret'), /signature/],
    [
      'a copy from another issue',
      () => encodeCaseFile(file(), { ...HOME, issue: 8 }, SECRET),
      /signature/,
    ],
    ['a removed signature', (m) => m.replace(/,"sig":"[0-9a-f]+"/, ''), /not signed/],
    ['broken JSON', (m) => m.replace('{"file"', '{"file'), /JSON/],
    ['an unclosed marker', (m) => m.slice(0, -4), /not closed/],
    ['two case files', (m) => `${m}\n${m}`, /more than one/],
    ['a newer version', (m) => m.replace('"v":2', '"v":3'), /newer than this App/],
    ['a shape that does not fit', (m) => m.replace('"rev":1', '"rev":"one"'), /does not fit/],
  ];
  it.each(broken)('refuses %s and says why', (_name, edit, reason) => {
    const body = edit(encodeCaseFile(file(), HOME, SECRET));
    const read = decodeCaseFile(body, HOME, SECRET);
    expect(read.kind).toBe('unreadable');
    expect(read.kind === 'unreadable' ? read.reason : '').toMatch(reason);
  });

  it('keeps only the newest deliveries', () => {
    const keys = Array.from({ length: MAX_DELIVERIES + 5 }, (_, i) => `d${String(i)}`);
    const kept = withDeliveries(file(), keys).deliveries;
    expect(kept).toHaveLength(MAX_DELIVERIES);
    expect(kept[0]).toBe('d5');
    expect(withDeliveries(file(), ['a', 'a']).deliveries).toEqual(['a']);
  });

  it('digests a comment body to 16 hex digits, different for any edit', () => {
    expect(commentDigest('hello')).toMatch(/^[0-9a-f]{16}$/);
    expect(commentDigest('hello')).not.toBe(commentDigest('hello!'));
  });
});
