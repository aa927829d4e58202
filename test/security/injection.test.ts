import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.js';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Effect } from '../../src/domain/effects.js';
import { fold } from '../../src/domain/fold.js';
import { renderStatusSection } from '../../src/domain/render/status-section.js';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario, PRODUCT_REPO, TRACKING_REPO } from '../../src/demo/scenario.js';
import { DEMO_VECTOR } from '../../src/demo/script.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';
import { ADMIN, Driver, MAINTAINER, reportedAdvisory } from '../domain/driver.js';
import {
  answersTo,
  BOT,
  caseOf,
  jobsOfComment,
  replyRefOf,
  startHarness,
  type Harness,
} from '../reliability/harness.js';
import { HOSTILE, HOSTILE_BLOCK, injectionProblems } from './injection-checks.js';

// Every field a human controls and the App echoes (the report's summary and description,
// reasons, notes, questions, evidence, reminder texts, refused arguments…) carries mentions,
// links, images, HTML, hidden markers and checkboxes. Nothing the App writes may ping, link,
// hide, tick or forge anything: replies, the status section, advisory comments, pull requests.

const VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N';
const START = new Date('2026-11-23T09:00:00Z');

function config() {
  const result = parseConfig({ timeZone: 'Europe/Berlin', publish: { twoPerson: false } });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const DESCRIPTION = ['Summary', 'Impact', 'Patches', 'Workarounds', 'References']
  .map((h) => `## ${h}\n${HOSTILE_BLOCK}\n${HOSTILE}`)
  .join('\n');

/** The lifecycle so far, with hostile text wherever a human may type free text. */
const CHECKPOINTS: Record<string, (d: Driver) => Driver> = {
  triage: (d) =>
    d
      .send({
        type: 'report-received',
        advisory: reportedAdvisory({
          summary: `Path traversal ${HOSTILE}`.slice(0, 1000),
          description: `${HOSTILE_BLOCK}\n${HOSTILE}`,
        }),
        tracking: { repo: 'acme/security-tracking', issue: 7 },
      })
      .command(`/reproduced ${HOSTILE}`)
      .command(`/not-reproducible ${HOSTILE}`)
      .command(`/remind +1d ${HOSTILE}`)
      .command(`/exploited ${HOSTILE}`),
  fix: (d) =>
    CHECKPOINTS.triage!(d)
      .command('/scope in')
      .command(`/cvss ${VECTOR}`)
      .command('/ack')
      .command(`/fork skip ${HOSTILE}`)
      .command('/fixed 3f2c1ab --test test/upload.test.ts')
      .command('/validated')
      .command('/merged 7d1e0c2a9b'),
  draft: (d) =>
    CHECKPOINTS.fix!(d)
      .command(`/cve waive ${HOSTILE}`)
      .command('/advisory range "< 0.71.1" patched 0.71.1')
      .send({
        type: 'advisory-observed',
        advisory: reportedAdvisory({ state: 'draft', description: DESCRIPTION }),
      })
      .command('/draft')
      .command(`/embargo 2027-01-20 ${HOSTILE}`),
  release: (d) => CHECKPOINTS.draft!(d).command('/release'),
  disclosure: (d) =>
    CHECKPOINTS.release!(d)
      .send({
        type: 'workflow-run-completed',
        runId: 4242,
        conclusion: 'success',
        url: 'https://x',
      })
      .send({ type: 'release-published', tag: 'v0.71.1' })
      .command(`/embargo extend 2027-02-03 ${HOSTILE}`)
      .command('/notify'),
  publish: (d) =>
    CHECKPOINTS.disclosure!(d)
      .command('/notify sent')
      .command('/confirm-date')
      .command('/notify sent')
      .command('/confirm')
      .at('2026-12-15T09:00:00Z')
      .command('/publish')
      .command('/confirm'),
  postmortem: (d) =>
    CHECKPOINTS.publish!(d)
      .listedInDatabase()
      .command(`/reached ${HOSTILE}`)
      .send({ type: 'pull-request-merged', number: d.state.pullRequests.changelog ?? -1 }),
  closed: (d) =>
    CHECKPOINTS.postmortem!(d)
      .command(`/postmortem skip ${HOSTILE}`)
      .command('/close')
      .send({ type: 'pull-request-merged', number: d.state.pullRequests.postmortem ?? -1 }),
};

/** The phase each checkpoint ends in (a completed phase advances on its own). */
const REACHED: Record<string, string> = {
  triage: 'triage',
  fix: 'draft',
  draft: 'release',
  release: 'release',
  disclosure: 'disclosure',
  publish: 'publish',
  postmortem: 'postmortem',
  closed: 'closed',
};

/** What each command is typed with: hostile text alone, and after valid leading arguments. */
function variants(name: string, example: string): string[] {
  const args = example.replace(/^\/\S+\s*/, '');
  const first = args.split(/\s+/)[0] ?? '';
  return [
    `/${name} ${HOSTILE}`,
    `/${name} ${args} ${HOSTILE}`,
    ...(first ? [`/${name} ${first} ${HOSTILE}`] : []),
    `/${name} --${HOSTILE}`,
  ];
}

/** Every text the App would write for what the driver did: replies, effects, the status. */
function writtenTexts(driver: Driver, from: { replies: number; effects: number }) {
  const texts: { where: string; text: string; guidance?: boolean }[] = [];
  for (const reply of driver.replies.slice(from.replies))
    texts.push({ where: 'reply', text: reply });
  for (const effect of driver.executed.slice(from.effects)) {
    for (const [where, text] of effectTexts(effect))
      texts.push({ where, text, guidance: where === 'advisory description' });
  }
  const { case: state, timeline } = fold(driver.records);
  if (state) {
    texts.push({
      where: 'status section',
      text: renderStatusSection(state, timeline, { now: driver.now, config: driver.config }),
    });
  }
  return texts;
}

function effectTexts(effect: Effect): [string, string][] {
  switch (effect.kind) {
    case 'advisory-comment':
      return [['advisory comment', effect.body]];
    case 'open-pull-request':
      return [
        ['pull request title', effect.title],
        ['pull request body', effect.body],
        ...effect.files.map((f): [string, string] => [`file ${f.path}`, f.content]),
      ];
    case 'quick-release':
      return [
        ['pull request title', effect.title],
        ['changelog entry', effect.changelogEntry],
      ];
    case 'update-advisory':
    case 'create-advisory':
      return [
        ...(effect.fields.description
          ? [['advisory description', effect.fields.description] as [string, string]]
          : []),
      ];
    default:
      return [];
  }
}

function expectSafe(texts: readonly { where: string; text: string; guidance?: boolean }[]) {
  const found = texts.flatMap(({ where, text, guidance }) =>
    injectionProblems(text, { guidance: guidance ?? false }).map((p) => `${where}: ${p}`),
  );
  expect(found).toEqual([]);
}

describe('mention and Markdown injection in every echoed field (domain)', () => {
  it.each(Object.keys(CHECKPOINTS))('the lifecycle up to %s, hostile text throughout', (phase) => {
    const driver = CHECKPOINTS[phase]!(new Driver(config(), START));
    expect(driver.state.phase).toBe(REACHED[phase]);
    const texts = writtenTexts(driver, { replies: 0, effects: 0 });
    // The hostile text was echoed (neutralised), not just dropped.
    expect(texts.some((t) => t.text.includes('@\u200bvictim'))).toBe(true);
    expectSafe(texts);
  });

  it('a reminder with hostile text, when it fires', () => {
    const driver = CHECKPOINTS.triage!(new Driver(config(), START));
    const from = { replies: driver.replies.length, effects: driver.executed.length };
    driver.advance(3 * 24 * 3_600_000).send({ type: 'tick' });
    const fired = driver.replies.slice(from.replies);
    expect(fired.join('\n')).toContain('pwn');
    expectSafe(writtenTexts(driver, from));
  });

  const phases = ['triage', 'fix', 'draft', 'release', 'disclosure', 'publish', 'postmortem'];
  it.each(
    phases.flatMap((phase) =>
      COMMANDS.map((spec) => ({ phase, name: spec.name, example: spec.examples[0] ?? '' })),
    ),
  )('/$name with hostile arguments in $phase', ({ phase, name, example }) => {
    for (const line of variants(name, example)) {
      for (const actor of [MAINTAINER, ADMIN]) {
        const driver = CHECKPOINTS[phase]!(new Driver(config(), START));
        const from = { replies: driver.replies.length, effects: driver.executed.length };
        driver.command(line, actor);
        expect(driver.replies.length, line).toBeGreaterThan(from.replies);
        expectSafe(writtenTexts(driver, from));
      }
    }
  });
});

describe('mention and Markdown injection, end to end through the App', () => {
  const worlds: Harness[] = [];
  afterAll(async () => {
    await Promise.all(worlds.map((w) => w.close()));
  });

  it('a hostile report and hostile commands: every text the App wrote is inert', async () => {
    const w = await startHarness({
      scenario: demoScenario('default'),
      validator: createOpenApiValidator(),
    });
    worlds.push(w);
    const play = new Play(w);
    await play.report(`Path traversal ${HOSTILE}`.slice(0, 1000), `${HOSTILE_BLOCK}\n${HOSTILE}`);
    const { lead } = DEMO_USERS;
    await play.say(
      lead,
      `/reproduced ${HOSTILE}\n/not-reproducible ${HOSTILE}\n/exploited ${HOSTILE}`,
    );
    await play.say(lead, `/remind +1d ${HOSTILE}\n/scope out ${HOSTILE}\n/cancel`);
    await play.say(lead, `/scope in\n/cvss ${DEMO_VECTOR}\n/ack\n/fork skip ${HOSTILE}`);
    await play.say(
      lead,
      `/cvss CVSS:4.0/AV:${HOSTILE}\n/confirm-date ${HOSTILE}\n/fixed ${HOSTILE}`,
    );
    await play.say(
      lead,
      `/cve waive ${HOSTILE}\n/phase draft --force ${HOSTILE}\n/embargo 2027-01-20 ${HOSTILE}`,
    );

    const texts: { where: string; text: string }[] = [];
    const read = await caseOf(w, play.issue);
    const humans = read.comments.filter((c) => c.author !== BOT);
    const app = read.comments.filter((c) => c.author === BOT);
    // One reply per human comment, each the answer to its comment (by its signed reference),
    // and the opening notice that the hostile report gives triage nothing it needs.
    expect(humans).toHaveLength(5);
    expect(app).toHaveLength(humans.length + 1);
    expect(app[0]?.body).toContain('📋 The report does not give what triage needs');
    for (const human of humans)
      expect(answersTo(w, play.issue, app, jobsOfComment(w, human.id))).toHaveLength(1);
    for (const c of app) {
      // The one hidden marker in an App comment is its reference, signed for this issue: user
      // text smuggled none in. Inside it (a hidden HTML comment) nothing renders.
      const markers = c.body.match(/<!-- advisory-pilot:reply [^]*? -->/g) ?? [];
      expect(markers).toHaveLength(1);
      expect(replyRefOf(w, play.issue, c)).toBeDefined();
      texts.push({ where: `comment ${String(c.id)}`, text: c.body.replace(markers[0] ?? '', '') });
    }
    // The body holds one case file, signed for this issue; the rest must be inert.
    expect(read.read.kind).toBe('found');
    const files = read.body.match(/<!-- advisory-pilot:case-file [^]*? -->/g) ?? [];
    expect(files).toHaveLength(1);
    const issue = w.raw.core.state.repos
      .get(TRACKING_REPO)
      ?.issues.find((i) => i.number === play.issue);
    expect(issue?.body).toBe(read.body);
    texts.push({ where: 'issue title', text: issue?.title ?? '' });
    texts.push({ where: 'issue body', text: read.body.replace(files[0] ?? '', '') });
    const advisoryComments = (w.raw.core.state.repos.get(PRODUCT_REPO)?.advisories ?? []).flatMap(
      (a) => a.comments.filter((x) => x.user === BOT),
    );
    // `/ack` wrote to the reporter on the advisory.
    expect(advisoryComments).toHaveLength(1);
    for (const c of advisoryComments) texts.push({ where: 'advisory comment', text: c.body });
    expect(texts).toHaveLength(app.length + 3);
    expect(texts.some((t) => t.text.includes('@\u200bvictim'))).toBe(true);
    const found = texts.flatMap(({ where, text }) =>
      injectionProblems(text).map((p) => `${where}: ${p}`),
    );
    expect(found).toEqual([]);
    expect(w.sandbox.violations()).toEqual([]);
  });
});
