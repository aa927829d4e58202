import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { renderStatusSection } from '../../src/domain/render/status-section.js';
import { Driver, reportedAdvisory } from './driver.js';

const HIGH = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N';

function config(input: Record<string, unknown> = {}) {
  const result = parseConfig({ timeZone: 'Europe/Berlin', ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

/** A case the tick opened from a draft a maintainer created in GitHub's UI. */
function fromDraft(): Driver {
  const { reporter: _reporter, ...advisory } = reportedAdvisory({
    state: 'draft',
    draftBy: 'maintainer-mia',
    createdAt: '2026-11-23T09:00:00.000Z',
  });
  return new Driver(config(), new Date('2026-11-23T09:05:00Z')).send({
    type: 'report-received',
    advisory,
    tracking: { repo: 'acme/security-tracking', issue: 7 },
  });
}

describe('a draft made in GitHub’s UI', () => {
  it('opens a case by its author, with the clock at the draft and the way to move it', () => {
    const driver = fromDraft();
    expect(driver.state.draftBy).toBe('maintainer-mia');
    expect(driver.state.reporter).toBeUndefined();
    expect(driver.state.reportedAt).toBe('2026-11-23T09:00:00.000Z');
    expect(driver.records[0]?.by).toBe('maintainer-mia');
    // The status section in the issue body says who made the draft, and how to move the clock.
    const status = renderStatusSection(driver.state, [], {
      now: driver.now,
      config: driver.config,
    });
    expect(status).toContain('draft by maintainer-mia');
    expect(status).toContain('arrived earlier or elsewhere? `/reported-at DATE --via <channel>`');
    driver.command('/reported-at 2026-11-20 --via hackerone');
    expect(
      renderStatusSection(driver.state, [], { now: driver.now, config: driver.config }),
    ).toContain('reported 2026-11-20 00:00 CET via HackerOne');
  });

  it('/reported-at moves the clock and the acknowledgement deadline, once GitHub shows the repository existed', () => {
    const driver = fromDraft();
    driver.command('/reported-at 2026-11-20 --via hackerone --id 2841234');
    expect(driver.executed.at(-1)).toMatchObject({
      kind: 'check-report-arrival',
      repo: 'acme/widget',
      at: '2026-11-19T23:00:00.000Z',
      channel: { via: 'hackerone', id: '2841234' },
    });
    expect(driver.state.reportedAt).toBe('2026-11-19T23:00:00.000Z');
    expect(driver.state.milestones.reported).toBe('2026-11-19T23:00:00.000Z');
    expect(driver.state.channel).toEqual({ via: 'hackerone', id: '2841234' });
    // Three business days from Friday 20 November: Wednesday 25 November.
    expect(driver.lastReply).toContain('Acknowledge by **2026-11-25 00:00 CET**');
    expect(driver.replies.at(-2)).toContain('through HackerOne report `2841234`');
  });

  it('says when the moved deadline has already passed', () => {
    const driver = fromDraft();
    driver.command('/reported-at 2026-11-16T10:30 --via email');
    expect(driver.state.reportedAt).toBe('2026-11-16T09:30:00.000Z');
    expect(driver.lastReply).toContain('it is overdue, send it now (`/ack`)');
  });

  it.each([
    ['2026-12-01 --via hackerone', 'is in the future'],
    ['yesterday --via hackerone', '`yesterday` is not a date or time'],
    ['2026-02-30 --via email', 'is not a date or time'],
    ['2026-11-20', 'Usage: `/reported-at DATE --via <channel> [--id <report id>]`'],
    ['2026-11-20 --via "Hacker One"', 'is not a channel name'],
    ['2026-11-20 --via email --id "a`b"', 'no backticks'],
  ])('refuses `/reported-at %s` and changes nothing', (args, message) => {
    const driver = fromDraft();
    const clock = () => {
      const { reportedAt, channel, milestones, items } = driver.state;
      return { reportedAt, channel, milestones, items };
    };
    const before = clock();
    driver.command(`/reported-at ${args}`);
    expect(driver.lastReply).toContain(message);
    expect(clock()).toEqual(before);
    expect(driver.executed).toEqual([]);
  });

  it('refuses a date before the product repository existed, and changes nothing', () => {
    const driver = fromDraft();
    driver.outcomes.set(`reported-at:${driver.nextCommandKey}`, {
      ok: true,
      data: { createdAt: '2026-11-18T08:00:00Z' },
    });
    const before = driver.state;
    driver.command('/reported-at 2026-11-17 --via hackerone');
    expect(driver.lastReply).toContain(
      '`acme/widget` was created 2026-11-18 09:00 CET, after that',
    );
    expect(driver.state.reportedAt).toBe(before.reportedAt);
    expect(driver.state.channel).toBeUndefined();
  });

  it('/ack records the acknowledgement as sent through the report’s channel and shows the text, posting nothing on the advisory', () => {
    const driver = fromDraft()
      .command('/reported-at 2026-11-20 --via hackerone --id 2841234')
      .command('/reproduced')
      .command('/scope in')
      .command(`/cvss ${HIGH}`)
      .command('/ack');
    expect(driver.state.items.acknowledged?.evidence).toBe(
      'sent through HackerOne report `2841234`',
    );
    expect(driver.lastReply).toContain(
      'Acknowledgement recorded as sent through HackerOne report `2841234`. **Send this to the reporter there**',
    );
    expect(driver.executed.some((e) => e.kind === 'advisory-comment')).toBe(false);
  });

  it('/ack of a private vulnerability report still goes on the advisory', () => {
    const driver = new Driver(config(), new Date('2026-11-23T09:00:00Z'))
      .send({
        type: 'report-received',
        advisory: reportedAdvisory(),
        tracking: { repo: 'acme/security-tracking', issue: 7 },
      })
      .command('/reproduced')
      .command('/scope in')
      .command(`/cvss ${HIGH}`)
      .command('/ack');
    expect(driver.executed.some((e) => e.kind === 'advisory-comment')).toBe(true);
    expect(driver.state.items.acknowledged?.evidence).toBe('advisory comment');
  });

  it('/not-reproducible and /scope out go to the reporter through their channel, the advisory is still closed', () => {
    const driver = fromDraft().command('/reported-at 2026-11-20 --via hackerone --id 2841234');
    driver.command('/not-reproducible Which version did you test?');
    expect(driver.lastReply).toContain(
      'Send this to the reporter through HackerOne report `2841234`',
    );
    driver.command('/scope out Self-XSS is out of scope').command('/confirm');
    expect(driver.lastReply).toContain(
      'The advisory is being closed. Send the reporter this through HackerOne report `2841234`',
    );
    const kinds = driver.executed.map((e) => e.kind);
    expect(kinds).not.toContain('advisory-comment');
    expect(driver.executed.find((e) => e.kind === 'update-advisory')).toMatchObject({
      fields: { state: 'closed' },
    });
  });
});
