import { isJsonObject, type Json, type JsonObject } from './spec.js';

/** Ajv ids for `#/components/schemas/NAME` become `SCHEMA_ID_PREFIX + NAME`. */
export const SCHEMA_ID_PREFIX = 'https://sandbox.invalid/schemas/';
const COMPONENT_REF = '#/components/schemas/';

/** Keywords that only document a schema; Ajv does not need them and `strict` would complain. */
const DROPPED = new Set([
  'description',
  'example',
  'examples',
  'externalDocs',
  'xml',
  'discriminator',
  'deprecated',
  'readOnly',
  'writeOnly',
  'title',
  'default',
  'nullable',
]);

/** Keywords whose value is a map from names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
/** Keywords whose value is a schema or a list of schemas. */
const SCHEMA_VALUED = new Set(['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf']);

/** The result of converting one schema: JSON Schema for Ajv plus the component names it refers to. */
export interface ConvertedSchema {
  schema: JsonObject;
  refs: Set<string>;
}

/**
 * Turns an OpenAPI 3.0 schema into draft-07 JSON Schema: `nullable` becomes a `null` type,
 * component `$ref`s become Ajv ids, documentation-only keywords go. GitHub's document leans on
 * `nullable` everywhere, which Ajv rejects without a sibling `type`.
 */
export function convertSchema(source: Json): ConvertedSchema {
  const refs = new Set<string>();
  return { schema: convertNode(source, refs), refs };
}

function convertNode(source: Json, refs: Set<string>): JsonObject {
  if (!isJsonObject(source)) return {};
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = convertRef(value, refs);
    } else if (SCHEMA_MAPS.has(key) && isJsonObject(value)) {
      const map: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) map[name] = convertNode(sub, refs);
      out[key] = map;
    } else if (SCHEMA_VALUED.has(key)) {
      if (Array.isArray(value)) out[key] = value.map((sub) => convertNode(sub, refs));
      else if (typeof value === 'boolean') out[key] = value;
      else out[key] = convertNode(value, refs);
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      convertExclusive(source, key, value, out);
    } else {
      out[key] = value;
    }
  }
  return source.nullable === true ? makeNullable(out) : out;
}

function convertRef(ref: string, refs: Set<string>): string {
  if (!ref.startsWith(COMPONENT_REF)) return ref;
  const name = ref.slice(COMPONENT_REF.length);
  refs.add(name);
  return SCHEMA_ID_PREFIX + name;
}

/** OpenAPI 3.0 writes `exclusiveMinimum: true` next to `minimum`; draft-07 wants the number. */
function convertExclusive(source: JsonObject, key: string, value: Json, out: JsonObject): void {
  if (typeof value === 'number') {
    out[key] = value;
    return;
  }
  const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
  const limit = source[bound];
  if (value === true && typeof limit === 'number') out[key] = limit;
}

function makeNullable(schema: JsonObject): JsonObject {
  const { type } = schema;
  const composite = 'allOf' in schema || 'anyOf' in schema || 'oneOf' in schema || '$ref' in schema;
  if (typeof type === 'string' && !composite) {
    const result: JsonObject = { ...schema, type: [type, 'null'] };
    const values = schema.enum;
    if (Array.isArray(values) && !values.includes(null)) result.enum = [...values, null];
    return result;
  }
  return { anyOf: [schema, { type: 'null' }] };
}
