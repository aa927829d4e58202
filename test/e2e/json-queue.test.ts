import { afterAll, describe, expect, it } from 'vitest';
import { demoScenario } from '../../src/demo/scenario.js';
import { playChangesetsPreset, playDefaultProfile } from '../../src/demo/script.js';
import { startWorld, type World } from '../../src/demo/world.js';
import { createOpenApiValidator } from '../../src/sandbox/index.js';

const validator = createOpenApiValidator();
const worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

/** What a whole case did on GitHub: the App's writes, by method and path, in order. */
function appWrites(w: World): string[] {
  return w.sandbox
    .requests()
    .filter((r) => r.actor.startsWith('installation:') && r.method !== 'GET')
    .filter((r) => !r.path.includes('/access_tokens'))
    .map((r) => `${r.method} ${r.path}`);
}

async function play(profile: 'default' | 'changesets', jobHandover: 'memory' | 'json') {
  const w = await startWorld({
    scenario: demoScenario(profile),
    validator,
    secret: 'json-queue-test-secret',
    app: { tickInterval: 0, jobHandover },
  });
  worlds.push(w);
  const story = profile === 'default' ? await playDefaultProfile(w) : await playChangesetsPreset(w);
  return { world: w, state: await story.state() };
}

describe('the whole lifecycle through a queue that hands jobs over as JSON', () => {
  it.each(['default', 'changesets'] as const)(
    '%s: every job survives JSON, and the case does exactly what it does in memory',
    async (profile) => {
      const json = await play(profile, 'json');
      const memory = await play(profile, 'memory');
      expect(json.state?.phase).toBe('closed');
      expect(json.world.sandbox.violations()).toEqual([]);
      expect(json.world.sandbox.publicWrites().map((p) => p.text)).toEqual(
        memory.world.sandbox.publicWrites().map((p) => p.text),
      );
      expect(appWrites(json.world)).toEqual(appWrites(memory.world));
    },
  );
});
