import { defaultConfig } from '../../src/config/parse-config.js';
import { applyPatch, type Case } from '../../src/domain/case.js';
import type { DecideContext } from '../../src/domain/decide-context.js';
import { decide } from '../../src/domain/decide.js';
import { fold } from '../../src/domain/fold.js';
import type { PublicActivity, Push } from '../../src/domain/inputs.js';
import { APP } from './driver.js';
import { NOW, openedRecord } from './fixtures.js';

/** The leak-watch tables' case (triage, under embargo, with a CVE ID) and inputs. */
export const GHSA = 'GHSA-2c5f-hj7m-pq9r';
export const CVE = 'CVE-2026-4242';
export const ctx: DecideContext = {
  now: NOW,
  config: defaultConfig(),
  appLogin: APP,
  commands: [],
};
export const base: Case = { ...fold([openedRecord()]).case!, cve: { id: CVE } };

export function pr(overrides: Partial<PublicActivity> = {}): PublicActivity {
  return {
    type: 'public-activity',
    delivery: 'd-pr-1',
    kind: 'pull-request',
    action: 'opened',
    number: 12,
    url: 'https://github.com/acme/widget/pull/12',
    author: 'outsider-olga',
    title: 'Tidy the upload form',
    body: 'Moves the labels.',
    branch: 'tidy-upload',
    repoPrivate: false,
    ...overrides,
  };
}

export function push(overrides: Partial<Push> = {}): Push {
  return {
    type: 'push',
    delivery: 'd-push-1',
    ref: 'refs/heads/main',
    before: 'a'.repeat(40),
    after: 'b'.repeat(40),
    defaultBranch: true,
    commits: [
      {
        sha: 'b'.repeat(40),
        message: 'chore: tidy',
        url: `https://github.com/acme/widget/commit/${'b'.repeat(40)}`,
      },
    ],
    pusher: 'maintainer-max',
    ...overrides,
  };
}

/** Decides the input and returns what was said and the case after it. */
export function run(state: Case, input: PublicActivity | Push) {
  const decision = decide(state, input, ctx);
  const next = decision.records.reduce(
    (s, r) => (r.type === 'update' ? applyPatch(s, r.patch) : s),
    state,
  );
  const notes = decision.records.flatMap((r) => (r.note === undefined ? [] : [r.note]));
  return { notice: decision.notice, reply: decision.reply, next, notes, decision };
}
