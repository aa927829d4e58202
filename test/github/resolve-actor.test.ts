import { describe, expect, it } from 'vitest';
import { resolveActor } from '../../src/github/resolve-actor.js';
import type { Actor } from '../../src/domain/inputs.js';
import { FakeGitHub } from '../helpers/fake-github.js';

function github() {
  const fake = new FakeGitHub().addRepo('acme/security-tracking', { private: true });
  fake.addRepo('acme/widget', { private: false });
  fake.repo('acme/security-tracking').permissions.set('max', 'maintain');
  fake.repo('acme/widget').permissions.set('max', 'admin');
  fake.repo('acme/security-tracking').permissions.set('wes', 'write');
  fake.repo('acme/widget').permissions.set('wes', 'write');
  fake.teamMembers.add('acme/security:wes');
  return fake;
}

describe('resolveActor', () => {
  it.each([
    ['max', { permission: 'maintain', teamMember: false }, 0],
    ['wes', { permission: 'write', teamMember: true }, 1],
  ])(
    'caps %s by the product repository and asks for team membership only below maintain',
    async (login, expected, teamCalls) => {
      const fake = github();
      const actor = await resolveActor(
        fake,
        new Map(),
        login,
        'acme/security-tracking',
        'acme/widget',
        'acme/security',
        0,
      );
      expect(actor).toEqual({ login, ...expected });
      expect(fake.calls.filter((c) => c.method === 'isTeamMember')).toHaveLength(teamCalls);
    },
  );

  it('answers from its cache for a minute, then asks GitHub again', async () => {
    const fake = github();
    const cache = new Map<string, { actor: Actor; at: number }>();
    const ask = (now: number) =>
      resolveActor(fake, cache, 'wes', 'acme/security-tracking', undefined, undefined, now);
    await ask(0);
    await ask(59_000);
    expect(fake.calls.filter((c) => c.method === 'getPermission')).toHaveLength(1);
    await ask(61_000);
    expect(fake.calls.filter((c) => c.method === 'getPermission')).toHaveLength(2);
  });
});
