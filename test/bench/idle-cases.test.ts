import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cloneCase,
  idleScenario,
  syntheticGhsa,
  type CaseTemplate,
} from '../../src/bench/idle-cases.js';
import { fold } from '../../src/domain/fold.js';
import { encodeRecordMarker, extractRecords } from '../../src/domain/record-codec.js';
import { Scenario } from '../../src/sandbox/index.js';
import { readCaseMarker } from '../../src/store/case-index.js';
import { openedRecord, updateRecord } from '../domain/fixtures.js';

const SECRET = 'bench-secret';
const GHSA = 'GHSA-2c5f-hj7m-pq9r';

const template: CaseTemplate = {
  secret: SECRET,
  ghsaId: GHSA,
  title: `[${GHSA}] Path traversal in the file upload endpoint`,
  body: `<!-- advisory-pilot:case acme/widget ${GHSA} -->\nSecurity advisory case for https://github.com/acme/widget/security/advisories/${GHSA}.`,
  comments: [
    `Private vulnerability report **${GHSA}**.\n\n${encodeRecordMarker(openedRecord(), SECRET)}`,
    `✅ Reproduced.\n\n${encodeRecordMarker(
      updateRecord('delivery-2:0', { set: { phase: 'fix' } }),
      SECRET,
    )}\n${encodeRecordMarker(updateRecord('delivery-2:1', { append: { handledComments: ['9.0'] } }), SECRET)}`,
  ],
};

describe('syntheticGhsa', () => {
  it('gives every case its own GHSA-shaped ID', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (a, b) => {
        expect(syntheticGhsa(a)).toMatch(/^GHSA-bnch-[2-9cfghjmpqrvwx]{4}-[2-9cfghjmpqrvwx]{4}$/);
        expect(syntheticGhsa(a) === syntheticGhsa(b)).toBe(a === b);
      }),
    );
  });
});

describe('cloneCase', () => {
  it('moves the case to another GHSA ID and issue, with records that verify and fold', () => {
    const clone = cloneCase(template, 41, 42);
    const ghsa = syntheticGhsa(41);
    expect(readCaseMarker(clone.body)).toEqual({ repo: 'acme/widget', ghsaId: ghsa });
    expect(clone.title).toContain(ghsa);
    const extracted = clone.comments.map((body) => extractRecords(body, SECRET));
    expect(extracted.flatMap((e) => e.problems)).toEqual([]);
    const records = extracted.flatMap((e) => e.records);
    expect(records).toHaveLength(3);
    const state = fold(records).case;
    expect(state?.ghsaId).toBe(ghsa);
    expect(state?.tracking).toEqual({ repo: 'acme/security-tracking', issue: 42 });
    expect(state?.phase).toBe('fix');
    expect(clone.comments.join('\n')).not.toContain(GHSA);
    expect(clone.comments[1]).toContain('✅ Reproduced.');
  });

  it('signs nothing a reader with another secret would trust', () => {
    const clone = cloneCase(template, 1, 2);
    expect(clone.comments.flatMap((body) => extractRecords(body, 'other').records)).toEqual([]);
  });
});

describe('idleScenario', () => {
  it('is a valid sandbox scenario with one labelled tracking issue per case, written by the App', () => {
    const scenario = Scenario.parse(idleScenario(template, 3));
    const tracking = scenario.repos.find((r) => r.name === 'acme/security-tracking');
    expect(tracking?.issues).toHaveLength(3);
    expect(tracking?.issues.every((i) => i.author === 'advisory-pilot[bot]')).toBe(true);
    expect(tracking?.issues.every((i) => i.labels.includes('security-advisory'))).toBe(true);
    expect(new Set(tracking?.issues.map((i) => readCaseMarker(i.body ?? '')?.ghsaId)).size).toBe(3);
    expect(scenario.users.map((u) => u.login)).toContain('advisory-pilot[bot]');
  });
});
