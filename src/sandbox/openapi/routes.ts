import { deref, isJsonObject, type JsonObject, type OpenApiDocument } from './spec.js';

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

/** One documented operation, found by method and path template. */
export interface Operation {
  method: string;
  template: string;
  operationId: string;
  /** True for operations described by the sandbox's own preview document, not by GitHub's. */
  preview: boolean;
  doc: OpenApiDocument;
  operation: JsonObject;
  /** Path-level and operation-level parameters, `$ref`s resolved. */
  parameters: JsonObject[];
  segments: string[];
  /** Per segment, how to read a segment mixing text and parameters (`{base}...{head}`). */
  composites: (CompositeSegment | undefined)[];
  /** The last path parameter may span several segments (`x-multi-segment`, e.g. `{path}`, `{ref}`). */
  greedyTail: boolean;
}

/** An operation matched against a concrete request path, with decoded path parameters. */
export interface OperationMatch extends Operation {
  params: Record<string, string>;
}

/** Lists every operation of `doc`; cheap enough to do at start-up (no schema work). */
export function indexOperations(doc: OpenApiDocument, preview: boolean): Operation[] {
  const result: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const operation = item[method];
      if (!isJsonObject(operation)) continue;
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      const parameters = [...shared, ...own]
        .map((p) => deref(doc, p))
        .filter((p): p is JsonObject => p !== undefined);
      const segments = template.split('/').slice(1);
      const composites = segments.map(compositePattern);
      const last = segments.at(-1) ?? '';
      const lastName = /^\{([^{}]+)\}$/.exec(last)?.[1];
      // A composite last segment (`{base}...{head}`) spans slashes: branch names may have them.
      const greedyTail =
        composites.at(-1) !== undefined ||
        (lastName !== undefined &&
          parameters.some((p) => p.name === lastName && p['x-multi-segment'] === true));
      result.push({
        method: method.toUpperCase(),
        template,
        operationId: typeof operation.operationId === 'string' ? operation.operationId : template,
        preview,
        doc,
        operation,
        parameters,
        segments,
        composites,
        greedyTail,
      });
    }
  }
  return result;
}

/**
 * Finds the operation for a request. Literal segments beat parameters (`.../reports` is not a
 * GHSA id), and a greedy last parameter is tried only when nothing matches segment by segment.
 */
export function matchOperation(
  operations: readonly Operation[],
  method: string,
  pathname: string,
): OperationMatch | undefined {
  const parts = pathname.split('/').slice(1);
  let best: { op: Operation; params: Record<string, string>; score: number } | undefined;
  for (const op of operations) {
    if (op.method !== method) continue;
    const params = matchSegments(op, parts);
    if (!params) continue;
    const score =
      op.segments.filter((s) => !s.startsWith('{')).length * 2 + (op.greedyTail ? 0 : 1);
    if (
      !best ||
      score > best.score ||
      (score === best.score && parts.length === op.segments.length)
    ) {
      best = { op, params, score };
    }
  }
  return best ? { ...best.op, params: best.params } : undefined;
}

function matchSegments(op: Operation, parts: string[]): Record<string, string> | undefined {
  const { segments } = op;
  if (parts.length < segments.length) return undefined;
  if (parts.length > segments.length && !op.greedyTail) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] ?? '';
    const isLast = i === segments.length - 1;
    const part = isLast ? parts.slice(i).join('/') : (parts[i] ?? '');
    const composite = op.composites[i];
    if (composite) {
      const found = composite.regex.exec(part);
      if (!found) return undefined;
      composite.names.forEach((key, n) => {
        params[key] = safeDecode(found[n + 1] ?? '');
      });
      continue;
    }
    const name = /^\{([^{}]+)\}$/.exec(segment)?.[1];
    if (name === undefined) {
      if (segment !== part) return undefined;
      continue;
    }
    if (part === '') return undefined;
    params[name] = safeDecode(part);
  }
  return params;
}

interface CompositeSegment {
  regex: RegExp;
  names: string[];
}

/**
 * For a segment mixing text and parameters (`{base}...{head}`), a regex capturing each parameter
 * (every one but the last as short as possible) and the parameter names; undefined otherwise.
 */
function compositePattern(segment: string): CompositeSegment | undefined {
  const pieces = segment.split(/\{([^{}]+)\}/);
  const names = pieces.filter((_, i) => i % 2 === 1);
  if (names.length === 0 || (names.length === 1 && pieces[0] === '' && pieces[2] === '')) {
    return undefined;
  }
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = pieces
    .map((piece, i) => (i % 2 === 0 ? escape(piece) : i === pieces.length - 2 ? '(.+)' : '(.+?)'))
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
