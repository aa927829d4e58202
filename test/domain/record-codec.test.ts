import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRecordMarker, extractRecords, signRecord } from '../../src/domain/record-codec.js';
import { openedRecord, SECRET, updateRecord } from './fixtures.js';

describe('record codec', () => {
  it('round-trips a signed record through a comment body', () => {
    const record = openedRecord();
    const body = `Case opened.\n\n${encodeRecordMarker(record, SECRET)}\n`;
    expect(extractRecords(body, SECRET)).toEqual({ records: [record], problems: [] });
  });

  it('escapes < and > so user text cannot close the marker', () => {
    const record = updateRecord('d:1', {}, 'evil --> <!-- advisory-pilot:record {} --> text');
    const marker = encodeRecordMarker(record, SECRET);
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
    expect(marker.slice(4)).not.toContain('<');
    expect(extractRecords(marker, SECRET).records).toEqual([record]);
  });

  it('reads several records in order', () => {
    const a = updateRecord('d:1', {}, 'first');
    const b = updateRecord('d:2', {}, 'second');
    const body = `${encodeRecordMarker(a, SECRET)}\ntext\n${encodeRecordMarker(b, SECRET)}`;
    expect(extractRecords(body, SECRET).records.map((r) => r.id)).toEqual(['d:1', 'd:2']);
  });

  const forged: [string, (marker: string) => string, RegExp][] = [
    ['an edited field', (m) => m.replace('Path traversal', 'Nothing to see'), /signature/],
    [
      'a signature from another secret',
      () => encodeRecordMarker(openedRecord(), 'other-secret'),
      /signature/,
    ],
    [
      'a record without signature',
      () => `<!-- advisory-pilot:record ${JSON.stringify(openedRecord())} -->`,
      /signature/,
    ],
    ['broken JSON', () => '<!-- advisory-pilot:record {"v":1, -->', /JSON/],
    ['an unclosed marker', () => '<!-- advisory-pilot:record {"v":1}', /not closed/],
    ['a JSON array', () => '<!-- advisory-pilot:record [1,2] -->', /not an object/],
  ];

  it.each(forged)('ignores and reports %s', (_name, make, reason) => {
    const body = make(encodeRecordMarker(openedRecord(), SECRET));
    const result = extractRecords(body, SECRET);
    expect(result.records).toEqual([]);
    expect(result.problems[0]?.reason).toMatch(reason);
  });

  it('reports a correctly signed record of a future version instead of throwing', () => {
    const future = { ...openedRecord(), v: 2 } as Record<string, unknown>;
    const marker = `<!-- advisory-pilot:record ${JSON.stringify({ ...future, sig: signRecord(future, SECRET) })} -->`;
    const result = extractRecords(marker, SECRET);
    expect(result.records).toEqual([]);
    expect(result.problems[0]?.reason).toMatch(/version 2 is newer/);
  });

  it('reports a signed record of an unknown type', () => {
    const odd = { v: 1, id: 'x', at: '2026-11-21T09:00:00.000Z', by: 'a', type: 'teleport' };
    const marker = `<!-- advisory-pilot:record ${JSON.stringify({ ...odd, sig: signRecord(odd, SECRET) })} -->`;
    expect(extractRecords(marker, SECRET).problems[0]?.reason).toMatch(/invalid record/);
  });

  it('never throws on arbitrary comment bodies', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, inner) => {
        const body = `${prefix}<!-- advisory-pilot:record ${inner} -->${prefix}`;
        const result = extractRecords(body, SECRET);
        expect(result.records).toEqual([]);
      }),
    );
  });

  it('round-trips any note text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (note) => {
        const record = updateRecord('d:1', {}, note);
        expect(extractRecords(encodeRecordMarker(record, SECRET), SECRET).records).toEqual([
          record,
        ]);
      }),
    );
  });
});
