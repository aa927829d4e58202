import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { Driver, reportedAdvisory } from './driver.js';

function config() {
  const result = parseConfig({ timeZone: 'Europe/Berlin' });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const TRACKING = { repo: 'acme/security-tracking', issue: 7 };
const GHSA = 'GHSA-9x8w-7v6q-5r4m';

/** A report that came by e-mail, filed as a labelled issue in the tracking repository. */
function manual(): Driver {
  return new Driver(config(), new Date('2026-11-23T09:00:00Z')).send({
    type: 'manual-report',
    tracking: TRACKING,
    title: 'Path traversal in uploads',
    reportedAt: '2026-11-23T08:00:00.000Z',
    openedBy: 'maintainer-max',
  });
}

describe('/advisory create and adopt', () => {
  it('lists drafts that look like the report instead of creating a second one', () => {
    const driver = manual();
    driver.outcomes.set('create-advisory', {
      ok: true,
      data: {
        similar: [
          {
            ghsaId: GHSA,
            summary: 'Path traversal in the upload endpoint',
            url: `https://github.com/acme/widget/security/advisories/${GHSA}`,
          },
        ],
      },
    });
    driver.command('/advisory create acme/widget --package @acme/widget');
    expect(driver.state.ghsaId).toBeUndefined();
    expect(driver.lastReply).toContain(
      'Not created: `acme/widget` already has a draft that looks like this report',
    );
    expect(driver.lastReply).toContain(`\`/advisory adopt ${GHSA}\``);
    expect(driver.lastReply).toContain('`/advisory create acme/widget --new`');
  });

  it('adopts a draft: its ID, URL and state become the case’s, and refuses a second advisory', () => {
    const driver = manual().command(`/advisory adopt ${GHSA} acme/widget`);
    expect(driver.executed.at(-1)).toMatchObject({
      kind: 'adopt-advisory',
      repo: 'acme/widget',
      ghsaId: GHSA,
    });
    expect(driver.state.ghsaId).toBe(GHSA);
    expect(driver.state.repo).toBe('acme/widget');
    expect(driver.state.advisory.state).toBe('draft');
    expect(driver.state.items['draft-advisory']?.evidence).toBe(`adopted ${GHSA}`);
    expect(driver.lastReply).toContain(`✅ **${GHSA}** is this case's advisory now`);
    driver.command(`/advisory adopt ${GHSA}`);
    expect(driver.lastReply).toContain(`This case already has its advisory (${GHSA})`);
  });

  it('--new creates a draft anyway, under its own key', () => {
    const driver = manual().command('/advisory create acme/widget --new');
    expect(driver.executed.at(-1)).toMatchObject({ kind: 'create-advisory', force: true });
    expect(driver.state.ghsaId).toBe('GHSA-wxwx-2345-cfgh');
  });

  it.each([
    [`/advisory adopt GHSA-nope`, 'Name the draft to adopt by its GHSA ID'],
    [`/advisory adopt ${GHSA}`, `\`/advisory adopt ${GHSA} owner/repo\``],
  ])('refuses `%s`', (line, message) => {
    const driver = manual().command(line);
    expect(driver.lastReply).toContain(message);
    expect(driver.executed).toEqual([]);
  });

  it('says why GitHub’s advisory cannot be adopted, and changes nothing', () => {
    const driver = manual();
    driver.outcomes.set(`adopt-advisory:${driver.nextCommandKey}`, {
      ok: false,
      error: `${GHSA} is published: only a draft or a report in triage can be adopted`,
    });
    driver.command(`/advisory adopt ${GHSA} acme/widget`);
    expect(driver.lastReply).toContain(
      'is published: only a draft or a report in triage can be adopted',
    );
    expect(driver.state.ghsaId).toBeUndefined();
  });
});

describe('/duplicate-of', () => {
  function reported(): Driver {
    return new Driver(config(), new Date('2026-11-23T09:00:00Z')).send({
      type: 'report-received',
      advisory: reportedAdvisory(),
      tracking: TRACKING,
    });
  }

  it('closes the case and its advisory after /confirm, telling the reporter why on the advisory', () => {
    const driver = reported().command('/duplicate-of #5 same upload bug as reported on Friday');
    expect(driver.lastReply).toContain('This will close the case as a duplicate of #5');
    expect(driver.state.phase).toBe('triage');
    driver.command('/confirm');
    expect(driver.state.phase).toBe('rejected');
    const kinds = driver.executed.map((e) => e.kind);
    expect(kinds).toEqual(['advisory-comment', 'update-advisory', 'close-tracking-issue']);
    expect(driver.executed[0]).toMatchObject({
      body: expect.stringContaining('same vulnerability as a report we are already handling'),
    });
    expect(driver.state.advisory.state).toBe('closed');
    expect(driver.lastReply).toContain('Closed as a duplicate of #5');
  });

  it.each([
    ['/duplicate-of', 'Name the case this one duplicates'],
    ['/duplicate-of twelve', 'Name the case this one duplicates'],
    ['/duplicate-of #7', 'cannot be a duplicate of itself'],
  ])('refuses `%s` and changes nothing', (line, message) => {
    const driver = reported().command(line);
    expect(driver.lastReply).toContain(message);
    expect(driver.state.pending).toBeUndefined();
  });
});
