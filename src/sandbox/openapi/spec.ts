import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A JSON value as it appears in an OpenAPI document. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object (schema, operation, parameter...). */
export type JsonObject = Record<string, Json>;

/** The parts of an OpenAPI 3.0 document the sandbox reads. */
export interface OpenApiDocument {
  paths: Record<string, JsonObject>;
  components: {
    schemas: Record<string, JsonObject>;
    parameters?: Record<string, JsonObject>;
    responses?: Record<string, JsonObject>;
  };
  'x-webhooks'?: Record<string, JsonObject>;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads GitHub's official description of api.github.com from @octokit/openapi.
 * The package's index.js requires every GHES variant too (400 MB), so read the one file directly.
 */
export function loadGitHubDocument(): OpenApiDocument {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** Follows a local `$ref` (`#/components/...`) inside `doc`; undefined when it points nowhere. */
export function resolvePointer(doc: OpenApiDocument, ref: string): JsonObject | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return isJsonObject(node) ? node : undefined;
}

/** Resolves `value` if it is a `$ref` object, repeatedly; returns plain objects unchanged. */
export function deref(doc: OpenApiDocument, value: Json | undefined): JsonObject | undefined {
  let node = value;
  for (let hops = 0; hops < 16; hops += 1) {
    if (!isJsonObject(node)) return undefined;
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    node = resolvePointer(doc, ref);
  }
  return undefined;
}
