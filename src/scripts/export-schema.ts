import { readFileSync, writeFileSync } from 'node:fs';
import { COMMANDS } from '../commands/registry.js';
import { renderCommandReference } from '../commands/help-text.js';
import { renderConfigReference } from '../config/config-reference.js';
import { renderConfigJsonSchema } from '../config/json-schema.js';
import { replaceGeneratedBlock } from './generated-block.js';

/**
 * Regenerates the checked-in JSON Schema and the README's configuration and command references
 * (`npm run schema`); tests fail when any is stale.
 */
const schemaFile = new URL('../../schema/advisory-pilot.schema.json', import.meta.url);
writeFileSync(schemaFile, renderConfigJsonSchema());
const readmeFile = new URL('../../README.md', import.meta.url);
const readme = readFileSync(readmeFile, 'utf8');
const withConfig = replaceGeneratedBlock(readme, 'config-reference', renderConfigReference());
writeFileSync(
  readmeFile,
  replaceGeneratedBlock(withConfig, 'command-reference', renderCommandReference(COMMANDS)),
);
console.log('wrote schema/advisory-pilot.schema.json and the README references');
