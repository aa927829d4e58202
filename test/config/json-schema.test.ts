import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigJsonSchema } from '../../src/config/json-schema.js';

describe('schema/advisory-pilot.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(
      new URL('../../schema/advisory-pilot.schema.json', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(renderConfigJsonSchema());
  });

  it('documents every field', () => {
    const schema = JSON.parse(renderConfigJsonSchema()) as {
      properties: Record<string, { description?: string; properties?: Record<string, unknown> }>;
    };
    const undocumented = Object.entries(schema.properties)
      .filter(([, value]) => !value.description)
      .map(([key]) => key);
    expect(undocumented).toEqual([]);
  });
});

describe('README configuration reference', () => {
  it('matches the schema (run `npm run schema` after changing it)', async () => {
    const { renderConfigReference } = await import('../../src/config/config-reference.js');
    const { readGeneratedBlock } = await import('../../src/scripts/generated-block.js');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readGeneratedBlock(readme, 'config-reference')).toBe(renderConfigReference());
  });
});

describe('README command reference', () => {
  it('matches the command registry (run `npm run schema` after changing a command)', async () => {
    const { COMMANDS } = await import('../../src/commands/registry.js');
    const { renderCommandReference } = await import('../../src/commands/help-text.js');
    const { readGeneratedBlock } = await import('../../src/scripts/generated-block.js');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readGeneratedBlock(readme, 'command-reference')).toBe(renderCommandReference(COMMANDS));
  });
});
