import { deref, isJsonObject, type Json, type JsonObject, type OpenApiDocument } from './spec.js';

/** What default values are made of. */
export interface ShapeContext {
  doc: OpenApiDocument;
  /** ISO timestamp used for required date-times nobody set. */
  now: string;
  /** URL used for required URLs nobody set (the many `*_url` templates of a repository). */
  baseUrl: string;
  /** Drop keys a closed schema (`additionalProperties: false`) does not list. */
  prune?: boolean;
}

/**
 * Completes `partial` into an object of the documented shape: the fields the sandbox models come
 * from `partial`, every other required field gets a neutral value (null where nullable, the first
 * enum value, 0, false, [], a URL). Without this every resource would need ~80 hand-written
 * fields; with it the renderers state only what matters and the validator still checks them.
 */
export function shape(ctx: ShapeContext, schema: Json | undefined, partial: unknown): unknown {
  return fill(ctx, schema, partial, 0);
}

/** `shape` for a component schema by name, e.g. `shapeComponent(ctx, 'issue', {...})`. */
export function shapeComponent(ctx: ShapeContext, name: string, partial: unknown): unknown {
  return fill(ctx, { $ref: `#/components/schemas/${name}` }, partial, 0);
}

function fill(
  ctx: ShapeContext,
  schema: Json | undefined,
  partial: unknown,
  depth: number,
): unknown {
  const resolved = deref(ctx.doc, schema);
  if (!resolved || depth > 14) return partial === undefined ? null : partial;
  const s = mergeAllOf(ctx.doc, resolved);
  if (partial === undefined) return s.nullable === true ? null : defaultFor(ctx, s, depth);
  if (partial === null) return null;
  const branches = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
  if (branches) return fill(ctx, chooseBranch(ctx.doc, branches, partial), partial, depth + 1);
  if (Array.isArray(partial)) {
    return s.items === undefined ? partial : partial.map((x) => fill(ctx, s.items, x, depth + 1));
  }
  if (isPlainObject(partial) && (s.type === 'object' || isJsonObject(s.properties))) {
    return fillObject(ctx, s, partial, depth);
  }
  return partial;
}

function fillObject(
  ctx: ShapeContext,
  s: JsonObject,
  partial: Record<string, unknown>,
  depth: number,
): Record<string, unknown> {
  const props = isJsonObject(s.properties) ? s.properties : {};
  const out: Record<string, unknown> = {};
  const closed = s.additionalProperties === false;
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    const propSchema = props[key];
    if (propSchema === undefined) {
      if (!(ctx.prune && closed)) out[key] = value;
      continue;
    }
    out[key] =
      typeof value === 'object' && value !== null ? fill(ctx, propSchema, value, depth + 1) : value;
  }
  const required = Array.isArray(s.required) ? s.required : [];
  for (const key of required) {
    if (typeof key !== 'string' || key in out) continue;
    out[key] = fill(ctx, props[key], undefined, depth + 1);
  }
  return out;
}

function defaultFor(ctx: ShapeContext, s: JsonObject, depth: number): unknown {
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const branches = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
  if (branches?.[0] !== undefined) return fill(ctx, branches[0], undefined, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return defaultString(ctx, s.format);
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return fillObject(ctx, s, {}, depth);
    default:
      return isJsonObject(s.properties) ? fillObject(ctx, s, {}, depth) : null;
  }
}

function defaultString(ctx: ShapeContext, format: Json | undefined): string {
  if (format === 'date-time') return ctx.now;
  if (format === 'date') return ctx.now.slice(0, 10);
  if (format === 'uri' || format === 'uri-template') return ctx.baseUrl;
  if (format === 'email') return 'noreply@sandbox.invalid';
  return '';
}

/** Folds `allOf` members into one object schema (GitHub uses allOf for "X plus nullable"). */
function mergeAllOf(doc: OpenApiDocument, s: JsonObject): JsonObject {
  if (!Array.isArray(s.allOf)) return s;
  const properties: JsonObject = {};
  const required: Json[] = [];
  let merged: JsonObject = {};
  for (const member of s.allOf) {
    const part = mergeAllOf(doc, deref(doc, member) ?? {});
    merged = { ...merged, ...part };
    if (isJsonObject(part.properties)) {
      // A property described by several members must satisfy all of them.
      for (const [key, sub] of Object.entries(part.properties)) {
        const before = properties[key];
        properties[key] = before === undefined ? sub : { allOf: [before, sub] };
      }
    }
    if (Array.isArray(part.required)) required.push(...part.required);
  }
  const { allOf: _allOf, ...rest } = s;
  return { ...merged, ...rest, properties, required };
}

function chooseBranch(doc: OpenApiDocument, branches: Json[], partial: unknown): Json | undefined {
  let best: Json | undefined = branches[0];
  let bestScore = -1;
  for (const branch of branches) {
    const s = mergeAllOf(doc, deref(doc, branch) ?? {});
    const score = branchScore(s, partial);
    if (score > bestScore) {
      best = branch;
      bestScore = score;
    }
  }
  return best;
}

function branchScore(s: JsonObject, partial: unknown): number {
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (Array.isArray(partial)) return type === 'array' ? 1 : 0;
  if (isPlainObject(partial)) {
    if (type !== 'object' && !isJsonObject(s.properties)) return 0;
    const required = Array.isArray(s.required) ? s.required : [];
    const present = required.filter((k) => typeof k === 'string' && k in partial).length;
    const props = isJsonObject(s.properties) ? Object.keys(s.properties) : [];
    const known = Object.keys(partial).filter((k) => props.includes(k)).length;
    return 1 + present * 4 + known - (required.length - present) * 2;
  }
  if (typeof partial === 'number') return type === 'integer' || type === 'number' ? 1 : 0;
  return typeof partial === type ? 1 : 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
