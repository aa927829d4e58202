import { createSchemaCompiler, type SchemaCompiler } from './ajv-setup.js';
import { correctedResponseSchema, correctedWebhookSchema } from './errata.js';
import { createPreviewDocument } from './preview-spec.js';
import { indexOperations, matchOperation, type Operation, type OperationMatch } from './routes.js';
import {
  deref,
  isJsonObject,
  loadGitHubDocument,
  type Json,
  type OpenApiDocument,
} from './spec.js';

/** Statuses GitHub may answer on any operation even where the description does not list them. */
const UNIVERSAL_ERRORS = new Set([400, 401, 403, 404, 429, 500, 502, 503]);

/** What a request carried, for validation. */
export interface RequestShape {
  query: URLSearchParams;
  body: unknown;
  /** False when the request had no body at all (distinct from a JSON `null`). */
  hasBody: boolean;
}

/** One way a request differs from its operation's description. */
export interface RequestProblem {
  where: 'path' | 'query' | 'body';
  message: string;
}

/** Validates traffic against GitHub's OpenAPI description plus the sandbox's preview document. */
export interface OpenApiValidator {
  readonly github: OpenApiDocument;
  /** Milliseconds spent reading and indexing the description. */
  readonly loadMs: number;
  match(method: string, pathname: string): OperationMatch | undefined;
  /** Problems with path parameters, query parameters and the JSON body; empty when valid. */
  validateRequest(match: OperationMatch, request: RequestShape): RequestProblem[];
  /** Problems with the status and JSON body of a response; `body` undefined means no JSON body. */
  validateResponse(match: OperationMatch, status: number, body: unknown): string[];
  /** Problems with a webhook payload, e.g. `('issues', 'opened')`. */
  validateWebhook(event: string, action: string | undefined, payload: unknown): string[];
}

/** Options mostly for tests: pass a document to skip reading the 13 MB file again. */
export interface ValidatorOptions {
  github?: OpenApiDocument;
}

/**
 * Loads the description once per validator (≈150 ms) and compiles each operation's schemas the
 * first time it is used. Share one validator between sandboxes to pay that only once.
 */
export function createOpenApiValidator(options: ValidatorOptions = {}): OpenApiValidator {
  const started = performance.now();
  const github = options.github ?? loadGitHubDocument();
  const preview = createPreviewDocument();
  const operations: Operation[] = [
    ...indexOperations(preview, true),
    ...indexOperations(github, false),
  ];
  const compilers = new Map<OpenApiDocument, SchemaCompiler>();
  const compilerFor = (doc: OpenApiDocument): SchemaCompiler => {
    let compiler = compilers.get(doc);
    if (!compiler) {
      compiler = createSchemaCompiler(doc);
      compilers.set(doc, compiler);
    }
    return compiler;
  };
  // Preview schemas may refer to GitHub's components, so both share GitHub's component table.
  preview.components.schemas = { ...github.components.schemas, ...preview.components.schemas };
  const loadMs = performance.now() - started;

  const check = (doc: OpenApiDocument, key: string, schema: Json, value: unknown): string[] => {
    const compiler = compilerFor(doc);
    const validate = compiler.compile(key, schema);
    return validate(value) ? [] : compiler.describe(validate);
  };

  return {
    github,
    loadMs,
    match: (method, pathname) => matchOperation(operations, method, pathname),
    validateRequest(match, request) {
      const problems: RequestProblem[] = [];
      const key = `${match.method} ${match.template}`;
      const known = new Set<string>();
      for (const param of match.parameters) {
        const name = typeof param.name === 'string' ? param.name : '';
        const where = param.in;
        if (where !== 'path' && where !== 'query') continue;
        if (where === 'query') known.add(name);
        const raw = where === 'path' ? match.params[name] : request.query.get(name);
        if (raw === undefined || raw === null) {
          if (param.required === true) {
            problems.push({ where, message: `missing required ${where} parameter "${name}"` });
          }
          continue;
        }
        const schema = deref(match.doc, param.schema) ?? {};
        const value = coerceParameter(raw, schema.type);
        for (const message of check(match.doc, `${key} param ${name}`, schema, value)) {
          problems.push({ where, message: `${where} parameter "${name}": ${message}` });
        }
      }
      for (const name of new Set(request.query.keys())) {
        if (!known.has(name)) {
          problems.push({ where: 'query', message: `unknown query parameter "${name}"` });
        }
      }
      const body = deref(match.doc, match.operation.requestBody);
      const content = isJsonObject(body?.content) ? body.content : undefined;
      const jsonSchema = deref(match.doc, content?.['application/json'])?.schema;
      if (!body) {
        if (request.hasBody)
          problems.push({ where: 'body', message: 'this operation takes no body' });
      } else if (!request.hasBody) {
        if (body.required === true) problems.push({ where: 'body', message: 'missing JSON body' });
      } else if (jsonSchema !== undefined) {
        for (const message of check(match.doc, `${key} body`, jsonSchema, request.body)) {
          problems.push({ where: 'body', message: `body ${message}` });
        }
      }
      return problems;
    },
    validateResponse(match, status, body) {
      const responses = isJsonObject(match.operation.responses) ? match.operation.responses : {};
      const documented = deref(match.doc, responses[String(status)] ?? responses.default);
      if (!documented) {
        if (status === 304 && match.method === 'GET') return [];
        if (!UNIVERSAL_ERRORS.has(status)) return [`status ${status} is not documented`];
        const basic = { $ref: '#/components/schemas/basic-error' };
        return check(match.doc, 'basic-error', basic, body).map((m) => `body ${m}`);
      }
      const content = isJsonObject(documented.content) ? documented.content : undefined;
      const schema = deref(match.doc, content?.['application/json'])?.schema;
      if (schema === undefined) {
        if (body === undefined) return [];
        // GitHub documents some errors without content but always sends its error JSON.
        if (status < 400) return [`status ${status} is documented without a body`];
        const basic = { $ref: '#/components/schemas/basic-error' };
        return check(match.doc, 'basic-error', basic, body).map((m) => `body ${m}`);
      }
      if (body === undefined) return [`status ${status} needs a JSON body`];
      const key = `${match.method} ${match.template} ${status}`;
      const corrected = correctedResponseSchema(match.operationId, status, schema, match.doc);
      return check(match.doc, key, corrected, body).map((m) => `body ${m}`);
    },
    validateWebhook(event, action, payload) {
      const name = `${event}${action ? `-${action}` : ''}`.replace(/_/g, '-');
      const hook = github['x-webhooks']?.[name];
      const post = isJsonObject(hook?.post) ? hook.post : undefined;
      const body = deref(github, post?.requestBody);
      const content = isJsonObject(body?.content) ? body.content : undefined;
      const schema = deref(github, content?.['application/json'])?.schema;
      if (schema === undefined) return [`webhook "${name}" is not documented`];
      const corrected = correctedWebhookSchema(name, schema, github);
      return check(github, `webhook ${name}`, corrected, payload).map((m) => `payload ${m}`);
    },
  };
}

function coerceParameter(raw: string, type: Json | undefined): unknown {
  if (type === 'integer' || type === 'number') {
    return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (type === 'array') return raw.split(',');
  return raw;
}
