import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRecordMarker, extractRecords } from '../../src/domain/record-codec.js';
import { readRecord, type CaseRecord } from '../../src/domain/records.js';
import { trickyText } from './arbitraries.js';

// The record codec is the trust boundary of the App's state: whatever a comment body holds,
// extraction never throws and only returns records the App signed; every record survives
// encode → extract unchanged, wherever it sits in a comment; any edit is detected.

const SECRET = 'fuzz-state-secret';
const OPEN = '<!-- advisory-pilot:record ';
const RUNS = { numRuns: 300 };

const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    trickyText.map((t) => t.slice(0, maxLength)),
  );
const nonEmpty = (maxLength: number) => text(maxLength).filter((s) => s.length > 0);
const iso = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());

const envelope = fc.record(
  {
    v: fc.constant(1 as const),
    id: nonEmpty(200),
    at: iso,
    by: nonEmpty(100),
    delivery: text(200),
    note: text(500),
  },
  { requiredKeys: ['v', 'id', 'at', 'by'] },
);

/** Records of every type, with arbitrary text in every free-text field. */
const record: fc.Arbitrary<CaseRecord> = fc.oneof(
  fc
    .tuple(envelope, text(1024), fc.array(text(40), { maxLength: 3 }))
    .map(([e, summary, handled]): CaseRecord => ({
      ...e,
      type: 'update',
      patch: { set: { summary }, append: { handledComments: handled } },
    })),
  fc
    .tuple(envelope, fc.integer(), text(500))
    .map(([e, commentId, reason]): CaseRecord => ({ ...e, type: 'flag', commentId, reason })),
  fc
    .tuple(envelope, text(100), fc.boolean(), text(2000))
    .map(([e, key, ok, error]): CaseRecord => ({ ...e, type: 'effect-result', key, ok, error })),
);

describe('the record codec', () => {
  it('extracts from arbitrary comment bodies without throwing; every record is well formed', () => {
    const withMarkers = fc
      .array(
        fc.oneof(trickyText, fc.constant(OPEN), fc.constant(' -->'), fc.string({ maxLength: 60 })),
        {
          maxLength: 12,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(withMarkers, fc.string({ unit: 'binary', maxLength: 500 })), (body) => {
        const { records, problems } = extractRecords(body, SECRET);
        for (const r of records) expect(readRecord(r).ok).toBe(true);
        for (const p of problems) {
          expect(p.index).toBeGreaterThanOrEqual(0);
          expect(p.reason.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('round-trips every record: encode → extract gives it back, and nothing else', () => {
    fc.assert(
      fc.property(record, (r) => {
        const marker = encodeRecordMarker(r, SECRET);
        // The marker is one HTML comment: no text inside can end it early.
        expect(marker.indexOf(' -->')).toBe(marker.length - 4);
        expect(marker.slice(4)).not.toContain('<!--');
        expect(extractRecords(marker, SECRET)).toEqual({ records: [r], problems: [] });
      }),
      RUNS,
    );
  });

  it('finds a record anywhere in a comment the App wrote (a reply before, anything after)', () => {
    const reply = trickyText.filter((t) => !t.includes(OPEN));
    fc.assert(
      fc.property(
        reply,
        record,
        record,
        fc.string({ unit: 'binary', maxLength: 80 }),
        (before, a, b, after) => {
          const body = `${before}\n\n${encodeRecordMarker(a, SECRET)}\n${encodeRecordMarker(b, SECRET)}${after}`;
          expect(extractRecords(body, SECRET).records.slice(0, 2)).toEqual([a, b]);
        },
      ),
      RUNS,
    );
  });

  it('detects any one-character edit of a marker (the record is dropped, never changed)', () => {
    fc.assert(
      fc.property(
        record,
        fc.nat(),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        (r, at, ch) => {
          const marker = encodeRecordMarker(r, SECRET);
          const position = OPEN.length + (at % (marker.length - OPEN.length - 4));
          const edited = marker.slice(0, position) + ch + marker.slice(position + 1);
          const { records } = extractRecords(edited, SECRET);
          expect(records.length === 0 || JSON.stringify(records) === JSON.stringify([r])).toBe(
            true,
          );
        },
      ),
      RUNS,
    );
  });

  it('never accepts a record signed with another secret', () => {
    fc.assert(
      fc.property(record, nonEmpty(40), (r, other) => {
        fc.pre(other !== SECRET);
        const { records, problems } = extractRecords(encodeRecordMarker(r, other), SECRET);
        expect(records).toEqual([]);
        expect(problems.map((p) => p.reason)).toEqual([
          'record signature does not verify (edited or forged)',
        ]);
      }),
      RUNS,
    );
  });
});
