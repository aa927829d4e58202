import { Ajv, type ValidateFunction } from 'ajv';
import { convertSchema, SCHEMA_ID_PREFIX } from './convert.js';
import type { Json, OpenApiDocument } from './spec.js';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const URI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Compiles schemas from one OpenAPI document lazily and keeps every compiled validator. */
export interface SchemaCompiler {
  /** A validator for an inline schema (converted first); cached by the caller-given key. */
  compile(key: string, schema: Json): ValidateFunction;
  /** Messages for the errors of the last run of `validate`, one line each. */
  describe(validate: ValidateFunction): string[];
}

/**
 * One Ajv per document. Component schemas are converted and registered only when an operation
 * that needs them is first validated: registering all ~1,000 at start-up costs seconds.
 */
export function createSchemaCompiler(doc: OpenApiDocument): SchemaCompiler {
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    unicodeRegExp: false,
    validateSchema: false,
    logger: false,
    inlineRefs: false,
    code: { optimize: false },
  });
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('date', DATE);
  ajv.addFormat('uri', URI);
  ajv.addFormat('email', EMAIL);
  for (const name of ['uri-template', 'int64', 'int32', 'double', 'float', 'binary', 'repo.nwo']) {
    ajv.addFormat(name, true);
  }
  const registered = new Set<string>();
  const compiled = new Map<string, ValidateFunction>();

  const register = (names: Iterable<string>): void => {
    const pending = [...names];
    while (pending.length > 0) {
      const name = pending.pop() ?? '';
      if (registered.has(name)) continue;
      registered.add(name);
      const source = doc.components.schemas[name];
      const converted = convertSchema(source ?? {});
      ajv.addSchema(converted.schema, SCHEMA_ID_PREFIX + name);
      pending.push(...converted.refs);
    }
  };

  return {
    compile(key, schema) {
      const cached = compiled.get(key);
      if (cached) return cached;
      const converted = convertSchema(schema);
      register(converted.refs);
      const validate = ajv.compile(converted.schema);
      compiled.set(key, validate);
      return validate;
    },
    describe(validate) {
      return (validate.errors ?? []).slice(0, 5).map((error) => {
        const where = error.instancePath === '' ? '(root)' : error.instancePath;
        const extra =
          error.keyword === 'additionalProperties'
            ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
            : '';
        return `${where} ${error.message ?? error.keyword}${extra}`;
      });
    },
  };
}
