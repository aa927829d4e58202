import { describe, expect, it } from 'vitest';
import { CaseFileV2 } from '../../src/domain/case-file.js';
import { fold } from '../../src/domain/fold.js';
import { migrateV1 } from '../../src/domain/migrate-v1.js';
import { encodeRecordMarker, extractRecords } from '../../src/domain/record-codec.js';
import { appCommentsOf, readV1Fixture, V1_FIXTURES } from '../helpers/v1-fixtures.js';
import { openedRecord, SECRET, updateRecord } from './fixtures.js';

describe('migrating a v1 case to the v2 case file', () => {
  it.each(V1_FIXTURES)('%s: the case file holds the fold of every v1 record', (name) => {
    const fixture = readV1Fixture(name);
    const comments = appCommentsOf(fixture);
    const migrated = migrateV1(comments, fixture.secret, fixture.now);
    const records = comments.flatMap((c) => extractRecords(c.body, fixture.secret).records);
    const folded = fold(records);
    expect(migrated).toBeDefined();
    expect(CaseFileV2.parse(migrated?.file)).toEqual(migrated?.file);
    expect(migrated?.file.case).toEqual(folded.case);
    expect(migrated?.file.log).toEqual(folded.timeline);
    expect(migrated?.records).toBe(records.length);
    expect(migrated?.problems).toEqual([]);
    expect(migrated?.file.rev).toBe(1);
    // Every App comment is known, so a later edit or deletion of any of them is noticed.
    expect(migrated?.file.comments.map((c) => c.id)).toEqual(comments.map((c) => c.id));
    expect(migrated?.file.case.phase).toBe(name.endsWith('closed') ? 'closed' : 'release');
  });

  it('keeps the reminder comments as reminders (they are minimized when outdated)', () => {
    const fixture = readV1Fixture('default-mid');
    const migrated = migrateV1(appCommentsOf(fixture), fixture.secret, fixture.now);
    const reminders = migrated?.file.comments.filter((c) => c.kind === 'reminder') ?? [];
    expect(reminders.map((c) => c.key)).toEqual(Object.keys(migrated?.file.case.reminders ?? {}));
    const bodies = reminders.map((r) => fixture.comments.find((c) => c.id === r.id)?.body ?? '');
    expect(bodies.every((b) => b.includes('acknowledg'))).toBe(true);
  });

  it('turns an intent without a result into a pending effect', () => {
    const effect = {
      kind: 'advisory-comment' as const,
      key: 'ack:1.0',
      repo: 'acme/widget',
      ghsaId: 'GHSA-2c5f-hj7m-pq9r',
      body: 'Thanks for the report.',
    };
    const intent = {
      v: 1 as const,
      id: 'd:2:intent',
      at: '2026-11-21T10:00:00.000Z',
      by: 'advisory-pilot[bot]',
      delivery: 'd:2',
      type: 'effect-intent' as const,
      effect,
    };
    const body = [openedRecord(), intent].map((r) => encodeRecordMarker(r, SECRET)).join('\n');
    const migrated = migrateV1([{ id: 5, body }], SECRET, '2026-11-23T10:00:00.000Z');
    expect(migrated?.file.pending).toEqual([
      { effect, job: 'v1-migration', at: '2026-11-23T10:00:00.000Z' },
    ]);
  });

  it('ignores records signed with another secret and finds no case in them', () => {
    const body = encodeRecordMarker(openedRecord(), 'another-secret');
    expect(migrateV1([{ id: 5, body }], SECRET, '2026-11-23T10:00:00.000Z')).toBeUndefined();
  });

  it('keeps the deliveries of the records for idempotency', () => {
    const body = [openedRecord(), updateRecord('d:9:0', {}, 'note')]
      .map((r) => encodeRecordMarker(r, SECRET))
      .join('\n');
    const migrated = migrateV1([{ id: 5, body }], SECRET, '2026-11-23T10:00:00.000Z');
    expect(migrated?.file.deliveries).toContain('delivery-1');
  });
});
