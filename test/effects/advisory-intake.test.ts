import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Effect } from '../../src/domain/effects.js';
import { adoptAdvisory, createAdvisory } from '../../src/effects/advisory-intake.js';
import { EffectRefused } from '../../src/effects/errors.js';
import { caseMarker } from '../../src/store/case-index.js';
import { reportedAdvisory } from '../domain/driver.js';
import { FakeGitHub } from '../helpers/fake-github.js';

const GHSA = 'GHSA-9x8w-7v6q-5r4m';
const create: Extract<Effect, { kind: 'create-advisory' }> = {
  kind: 'create-advisory',
  key: 'create-advisory',
  repo: 'acme/widget',
  fields: {
    summary: 'Path traversal in uploads',
    vulnerabilities: [{ package: { ecosystem: 'npm', name: '@acme/widget' } }],
  },
};

function github(summary: string, state: 'draft' | 'published' = 'draft'): FakeGitHub {
  const fake = new FakeGitHub()
    .addRepo('acme/widget', { private: false })
    .addRepo('acme/security-tracking', { private: true });
  const advisory = reportedAdvisory({ ghsaId: GHSA, state, summary });
  fake.advisories.set(GHSA, { ...advisory, credits: [], users: [], teams: [] });
  return fake;
}

const config = (() => {
  const result = parseConfig({});
  if (!result.ok) throw new Error('config');
  return result.config;
})();
const env = { config, tracking: { repo: 'acme/security-tracking', issue: 7 } };

describe('createAdvisory', () => {
  it('lists a draft that looks like the report and creates nothing', async () => {
    const fake = github('Path traversal in the file upload endpoint');
    const outcome = await createAdvisory(fake, create, false);
    expect(outcome).toMatchObject({ ok: true, data: { similar: [{ ghsaId: GHSA }] } });
    expect(fake.calls.some((c) => c.method === 'createAdvisory')).toBe(false);
  });

  it('creates one when no draft looks alike, or with --new', async () => {
    const unlike = github('Open redirect after login');
    expect(await createAdvisory(unlike, create, false)).toMatchObject({
      data: { ghsaId: expect.stringMatching(/^GHSA-/) },
    });
    const forced = github('Path traversal in the file upload endpoint');
    await createAdvisory(forced, { ...create, force: true }, false);
    expect(forced.calls.filter((c) => c.method === 'createAdvisory')).toHaveLength(1);
  });

  it('takes the draft with its own summary when its intent is recovered (made before a crash)', async () => {
    const fake = github('Path traversal in uploads');
    expect(await createAdvisory(fake, create, true)).toMatchObject({ data: { ghsaId: GHSA } });
    expect(fake.calls.some((c) => c.method === 'createAdvisory')).toBe(false);
  });
});

describe('adoptAdvisory', () => {
  const adopt: Extract<Effect, { kind: 'adopt-advisory' }> = {
    kind: 'adopt-advisory',
    key: 'adopt',
    repo: 'acme/widget',
    ghsaId: GHSA,
  };

  it('reads a draft back with its state and summary', async () => {
    await expect(adoptAdvisory(github('Path traversal'), adopt, env)).resolves.toMatchObject({
      data: { ghsaId: GHSA, advisoryState: 'draft', summary: 'Path traversal' },
    });
  });

  it('refuses a published advisory, an unknown one, and one another case tracks', async () => {
    await expect(adoptAdvisory(github('x', 'published'), adopt, env)).rejects.toThrow(
      'is published: only a draft or a report in triage can be adopted',
    );
    await expect(
      adoptAdvisory(github('x'), { ...adopt, ghsaId: 'GHSA-2222-3333-4444' }, env),
    ).rejects.toBeInstanceOf(EffectRefused);
    const tracked = github('x');
    await tracked.createIssue('acme/security-tracking', {
      title: 'case',
      body: caseMarker({ repo: 'acme/widget', ghsaId: GHSA }),
      labels: ['security-advisory'],
    });
    await expect(adoptAdvisory(tracked, adopt, env)).rejects.toThrow(
      'is already tracked in acme/security-tracking#1; close this case as its duplicate with `/duplicate-of #1`',
    );
  });
});
