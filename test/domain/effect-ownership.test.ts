import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { decide } from '../../src/domain/decide.js';
import { decideEffectResult } from '../../src/domain/effect-results.js';
import type { CommandSpec } from '../../src/domain/command-spec.js';
import type { Effect } from '../../src/domain/effects.js';
import { fold } from '../../src/domain/fold.js';
import { APP, MAINTAINER } from './driver.js';
import { NOW, openedRecord } from './fixtures.js';

function config() {
  const result = parseConfig({ timeZone: 'Europe/Berlin' });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const state = () => {
  const folded = fold([openedRecord()]).case;
  if (!folded) throw new Error('no case');
  return folded;
};

/** A command of a test registry: it sets off one effect and says what its success means. */
const probe: CommandSpec = {
  name: 'probe',
  usage: '/probe',
  description: 'test',
  whoCanUse: 'write',
  examples: [],
  run: () => ({
    ok: true,
    changes: [],
    effects: [{ kind: 'create-branch', key: 'probe-branch', repo: 'acme/widget', branch: 'x' }],
    reply: 'probing',
  }),
  onEffect: (effect) => (effect.key === 'probe-branch' ? { note: 'Probe branch cut' } : undefined),
};

describe('a command owns what its effects mean', () => {
  const ctx = { now: NOW, config: config(), appLogin: APP, commands: [...COMMANDS, probe] };

  it('names itself on the effects it sets off', () => {
    const decision = decide(
      state(),
      {
        type: 'command',
        delivery: 'd1',
        commentId: 5,
        index: 0,
        name: 'probe',
        argsText: '',
        actor: MAINTAINER,
      },
      ctx,
    );
    expect(decision.effects.map((e) => e.command)).toEqual(['probe']);
  });

  it('reads the outcome of its effect through its module', () => {
    const effect: Effect = {
      ...(probe.run('', {} as never) as { effects: Effect[] }).effects[0]!,
      command: 'probe',
    };
    const result = decideEffectResult(state(), effect, { ok: true }, ctx, 'd1');
    expect(result.records.map((r) => r.note)).toEqual(['Probe branch cut']);
    // Without the owner in the registry, the same outcome means nothing beyond having happened.
    const orphan = decideEffectResult(
      state(),
      effect,
      { ok: true },
      { ...ctx, commands: COMMANDS },
      'd1',
    );
    expect(orphan.records.map((r) => r.note)).toEqual([undefined]);
  });

  it('finds the one command of an effect kind when the intent names none (a migrated v1 case)', () => {
    const fork: Effect = {
      kind: 'create-fork',
      key: 'fork',
      repo: 'acme/widget',
      ghsaId: 'GHSA-2c5f-hj7m-pq9r',
    };
    const result = decideEffectResult(
      state(),
      fork,
      {
        ok: true,
        data: { name: 'acme/widget-ghsa-2c5f', url: 'https://github.com/acme/widget-ghsa-2c5f' },
      },
      ctx,
      'd1',
    );
    expect(result.records[0]?.note).toBe('Temporary private fork acme/widget-ghsa-2c5f created');
    expect(result.reply).toContain('git clone https://github.com/acme/widget-ghsa-2c5f.git');
  });

  it('runs the continuation of the command whose action /confirm confirms, and gives it the effects', () => {
    const waiting = {
      ...state(),
      pending: {
        action: 'scope-out' as const,
        argsText: 'duplicate of #3',
        by: 'maintainer-max',
        at: NOW.toISOString(),
      },
    };
    const decision = decide(
      waiting,
      {
        type: 'command',
        delivery: 'd2',
        commentId: 6,
        index: 0,
        name: 'confirm',
        argsText: '',
        actor: MAINTAINER,
      },
      ctx,
    );
    expect(decision.reply).toMatch(/rejected/);
    expect(decision.effects.map((e) => [e.key, e.command])).toEqual([
      ['scope-out:reason', 'scope'],
      ['scope-out:close', 'scope'],
      ['close-tracking-issue', 'scope'],
    ]);
    const closed = decideEffectResult(waiting, decision.effects[1]!, { ok: true }, ctx, 'd2');
    expect(closed.records[0]?.note).toBe('Advisory closed');
  });
});
