import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/demo/scenario.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import {
  BOT,
  playToRelease,
  scenarioWithConfig,
  startHarness,
  type Harness,
} from '../reliability/harness.js';

// Before publication every write to the public product repository passes the leak guard. For
// each kind of public write, a configuration plants a word (or an ID) that only that kind would
// carry: `/release` must be refused with the field and the match named, and the sandbox's log
// of public writes must not show the text.
const validator = createOpenApiValidator();
const worlds: Harness[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

interface Plant {
  kind: string;
  preset: 'default' | 'changesets';
  yaml: string;
  /** What the refusal names. */
  refusal: string;
  /** Text that must not appear in any public write of the App. */
  secret: RegExp;
}

const PLANTS: Plant[] = [
  {
    kind: 'branch name',
    preset: 'default',
    yaml: 'release:\n  branch: deploy/security-fix/{date}\n',
    refusal: '- branch name contains the configured word "security fix"',
    secret: /security.fix/i,
  },
  {
    kind: 'commit message',
    preset: 'default',
    yaml: 'leakWords: ["chore: release"]\n',
    refusal: '- commit message contains the configured word "chore: release"',
    secret: /chore: release/,
  },
  {
    kind: 'workflow inputs',
    preset: 'default',
    yaml: 'release:\n  workflowInputs:\n    flow: cloud-hotfix\n    ticket: CVE-2026-10001\n',
    refusal: '- workflow input ticket contains a CVE ID',
    secret: /CVE-2026-10001/,
  },
  {
    kind: 'file content',
    preset: 'changesets',
    yaml: 'leakWords: ["Fixed an issue"]\n',
    refusal: 'contains the configured word "Fixed an issue"',
    secret: /Fixed an issue/,
  },
  {
    kind: 'pull request title',
    preset: 'changesets',
    yaml: 'leakWords: ["chore: release"]\n',
    refusal: '- pull request title contains the configured word "chore: release"',
    secret: /chore: release/,
  },
  {
    kind: 'pull request body',
    preset: 'changesets',
    yaml: 'leakWords: ["Patch release"]\n',
    refusal: '- pull request body contains the configured word "Patch release"',
    secret: /Patch release/,
  },
];

describe('the leak guard on every public write', () => {
  it.each(PLANTS)('$kind: refused with the reason, nothing public written', async (plant) => {
    const w = await startHarness({
      scenario: scenarioWithConfig(plant.preset, plant.yaml),
      validator,
    });
    worlds.push(w);
    const play = await playToRelease(w, plant.preset);
    expect((await play.state())?.phase).toBe('release');
    const before = (await play.comments()).length;
    await play.say(DEMO_USERS.lead, '/release');

    const replies = (await play.comments()).slice(before).filter((c) => c.author === BOT);
    const refusal = replies.find((c) => c.body.includes('Refused by the leak guard'));
    expect(refusal?.body, replies.map((r) => r.body.split('\n')[0]).join(' / ')).toContain(
      plant.refusal,
    );
    expect(refusal?.body).toContain('Nothing was written.');
    const leaked = w.raw
      .publicWrites()
      .filter((p) => p.actor.startsWith('installation:') && plant.secret.test(p.text));
    expect(leaked).toEqual([]);
    expect(w.sandbox.violations()).toEqual([]);
  });
});
