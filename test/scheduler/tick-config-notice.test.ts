import { describe, expect, it } from 'vitest';
import { CONFIG_NOTICE_LABEL } from '../../src/store/config-notice.js';
import { CONFIG, PRODUCT, setup } from './harness.js';

const PUBLIC_TRACKER = 'acme/public-tracker';
const ORG_PRIVATE = 'acme/.github';

function misconfigured(tracker = PUBLIC_TRACKER) {
  const t = setup();
  t.github.addRepo(PUBLIC_TRACKER, { private: false }).addRepo(ORG_PRIVATE, { private: true });
  t.app.installations.get(1)!.configs[PRODUCT] = {
    ...CONFIG,
    tracking: { repository: tracker, team: 'acme/security' },
  };
  return t;
}

const notices = (t: ReturnType<typeof setup>, repo: string) =>
  t.github.repo(repo).issues.filter((i) => i.labels.includes(CONFIG_NOTICE_LABEL));

describe('a configuration the App cannot track with', () => {
  it('is explained in a private repository within one tick, once, and nothing is written in public', async () => {
    const t = misconfigured();
    t.addAdvisory();
    await t.tick();
    const [notice, ...more] = notices(t, ORG_PRIVATE);
    expect(more).toEqual([]);
    expect(notice?.title).toBe(`Advisory Pilot cannot track security reports of ${PRODUCT}`);
    expect(notice?.body).toContain(
      `its tracking repository \`${PUBLIC_TRACKER}\` is public, and a tracking issue there would publish the report`,
    );
    expect(notice?.body).not.toContain('Path traversal');
    expect(t.github.repo(PUBLIC_TRACKER).issues).toEqual([]);
    expect(t.github.repo(PRODUCT).issues).toEqual([]);

    t.advance(10);
    await t.tick();
    t.restart();
    t.advance(10);
    await t.tick();
    expect(notices(t, ORG_PRIVATE)).toHaveLength(1);
  });

  it('brings the notice up to date when the problem changes, and names a tracker the App cannot reach', async () => {
    const t = misconfigured();
    await t.tick();
    t.app.installations.get(1)!.configs[PRODUCT] = {
      ...CONFIG,
      tracking: { repository: 'acme/no-such-tracker', team: 'acme/security' },
    };
    t.advance(10);
    await t.tick();
    const all = notices(t, ORG_PRIVATE);
    expect(all).toHaveLength(1);
    expect(all[0]?.body).toContain(
      'its tracking repository `acme/no-such-tracker` does not exist or the App is not installed on it',
    );
  });

  it('explains an invalid configuration too', async () => {
    const t = misconfigured();
    t.app.installations.get(1)!.configs[PRODUCT] = { ...CONFIG, sla: { ackBusinessDays: 600 } };
    await t.tick();
    expect(notices(t, ORG_PRIVATE)[0]?.body).toContain(
      'its configuration is invalid: `sla.ackBusinessDays`',
    );
  });
});
