import { describe, expect, it } from 'vitest';
import { linkLookalikes } from '../../src/runner/link-lookalikes.js';
import { runInput } from '../../src/runner/run-input.js';
import { setup, TRACKING } from './runner-setup.js';

describe('linkLookalikes', () => {
  it('links nothing when no other case is open, and logs a failed comparison instead of failing the intake', async () => {
    const { deps, report, github } = setup();
    const run = await runInput(deps, TRACKING, report);
    if (!run.state) throw new Error('no case');
    expect(await linkLookalikes(deps, TRACKING, run.state)).toBe(0);
    const warned: string[] = [];
    github.listOpenIssuesWithLabel = () => Promise.reject(new Error('GitHub answered 502'));
    const logging = {
      ...deps,
      log: { ...deps.log, warn: (_o: object, msg?: string) => void warned.push(msg ?? '') },
    };
    expect(await linkLookalikes(logging, TRACKING, run.state)).toBe(0);
    expect(warned).toEqual(['could not compare the new report with the open cases']);
  });
});
