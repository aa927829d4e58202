import { describe, expect, it } from 'vitest';
import { ConfigMemo } from '../../src/config/config-memo.js';
import { parseConfig } from '../../src/config/parse-config.js';

describe('ConfigMemo', () => {
  it('reads a repository once a minute, again after forget, and all of an owner after forgetOwner', async () => {
    let now = 0;
    const memo = new ConfigMemo(60_000, () => now);
    const reads: string[] = [];
    const load = (repo: string) => () => {
      reads.push(repo);
      return Promise.resolve(parseConfig({}));
    };
    await memo.get('acme/widget', load('acme/widget'));
    await memo.get('acme/gadget', load('acme/gadget'));
    await memo.get('other/tool', load('other/tool'));
    now = 30_000;
    await memo.get('ACME/widget', load('acme/widget'));
    expect(reads).toEqual(['acme/widget', 'acme/gadget', 'other/tool']);
    memo.forget('acme/widget');
    await memo.get('acme/widget', load('acme/widget'));
    expect(reads).toHaveLength(4);
    memo.forgetOwner('Acme');
    await memo.get('acme/widget', load('acme/widget'));
    await memo.get('acme/gadget', load('acme/gadget'));
    await memo.get('other/tool', load('other/tool'));
    expect(reads).toEqual([
      'acme/widget',
      'acme/gadget',
      'other/tool',
      'acme/widget',
      'acme/widget',
      'acme/gadget',
    ]);
  });
});
