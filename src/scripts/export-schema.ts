import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigReference } from '../config/config-reference.js';
import { renderConfigJsonSchema } from '../config/json-schema.js';
import { replaceGeneratedBlock } from './generated-block.js';

/**
 * Regenerates the checked-in JSON Schema and the README's configuration reference
 * (`npm run schema`); tests fail when either is stale.
 */
const schemaFile = new URL('../../schema/advisory-pilot.schema.json', import.meta.url);
writeFileSync(schemaFile, renderConfigJsonSchema());
const readmeFile = new URL('../../README.md', import.meta.url);
const readme = readFileSync(readmeFile, 'utf8');
writeFileSync(
  readmeFile,
  replaceGeneratedBlock(readme, 'config-reference', renderConfigReference()),
);
console.log('wrote schema/advisory-pilot.schema.json and the README configuration reference');
