import { z } from 'zod';
import { AdvisoryPilotConfig } from './schema.js';

/**
 * The JSON Schema of `.github/advisory-pilot.yml` as a user writes it (input side: every field
 * with a default is optional), for editors and for `schema/advisory-pilot.schema.json`.
 */
export function renderConfigJsonSchema(): string {
  const schema = z.toJSONSchema(AdvisoryPilotConfig, { io: 'input', target: 'draft-2020-12' });
  const document = {
    ...schema,
    $id: 'https://github.com/advisory-pilot/advisory-pilot/schema/advisory-pilot.schema.json',
    title: 'Advisory Pilot configuration (.github/advisory-pilot.yml)',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
