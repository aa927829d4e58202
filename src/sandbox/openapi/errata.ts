import { deref, isJsonObject, type Json, type JsonObject, type OpenApiDocument } from './spec.js';

/**
 * Places where GitHub's description contradicts what GitHub itself sends, so validating against
 * the letter would flag GitHub too. Each entry names the operation, the status and why; keep
 * this list short and re-check it when @octokit/openapi is upgraded.
 */
interface Erratum {
  operationId: string;
  status: number;
  why: string;
  fix: (schema: Json, doc: OpenApiDocument) => Json;
}

/** The same, for a webhook payload (`x-webhooks` name, e.g. `deployment-status-created`). */
interface WebhookErratum {
  webhook: string;
  why: string;
  fix: (schema: Json, doc: OpenApiDocument) => Json;
}

/**
 * A copy of `schema` (a `$ref`, or an array of one) where the object reached through `path`
 * accepts "" for each of `keys`, besides what the description says.
 */
function allowEmpty(doc: OpenApiDocument, schema: Json, path: string[], keys: string[]): Json {
  const root = deref(doc, schema);
  if (!root) return schema;
  const copy = structuredClone(root);
  let target: JsonObject | undefined = copy.type === 'array' ? deref(doc, copy.items) : copy;
  if (copy.type === 'array' && target) {
    target = structuredClone(target);
    copy.items = target;
  }
  for (const step of path) {
    const props = target && isJsonObject(target.properties) ? target.properties : undefined;
    const next = props ? deref(doc, props[step]) : undefined;
    if (!props || !next) return schema;
    target = structuredClone(next);
    props[step] = target;
  }
  const props = target && isJsonObject(target.properties) ? target.properties : undefined;
  for (const key of keys) {
    const original = props?.[key];
    if (props && original !== undefined)
      props[key] = { anyOf: [original, { type: 'string', maxLength: 0 }] };
  }
  return copy;
}

const DEPLOYMENT_URLS = ['target_url', 'environment_url', 'log_url'];
const DEPLOYMENT_URLS_WHY =
  'deployment-status types target_url, environment_url and log_url as `format: uri` but ' +
  'documents their default as "", which is what GitHub sends for a URL nobody set.';

export const ERRATA: readonly Erratum[] = [
  {
    operationId: 'apps/list-installations',
    status: 200,
    why:
      'items.account is `allOf: [simple-user, enterprise]` (both at once); the component ' +
      '`installation` used by every other installation route says `anyOf`, which is what GitHub sends.',
    fix: (schema) => {
      const copy = structuredClone(schema);
      const items = isJsonObject(copy) && isJsonObject(copy.items) ? copy.items : undefined;
      const props = items && isJsonObject(items.properties) ? items.properties : undefined;
      const account = props && isJsonObject(props.account) ? props.account : undefined;
      if (account && Array.isArray(account.allOf)) {
        account.anyOf = account.allOf;
        delete account.allOf;
      }
      return copy;
    },
  },
  {
    operationId: 'repos/create-deployment-status',
    status: 201,
    why: DEPLOYMENT_URLS_WHY,
    fix: (schema, doc) => allowEmpty(doc, schema, [], DEPLOYMENT_URLS),
  },
  {
    operationId: 'repos/list-deployment-statuses',
    status: 200,
    why: DEPLOYMENT_URLS_WHY,
    fix: (schema, doc) => allowEmpty(doc, schema, [], DEPLOYMENT_URLS),
  },
];

export const WEBHOOK_ERRATA: readonly WebhookErratum[] = [
  {
    webhook: 'deployment-status-created',
    why: `${DEPLOYMENT_URLS_WHY} The payload's deployment_status is the same object.`,
    fix: (schema, doc) => allowEmpty(doc, schema, ['deployment_status'], DEPLOYMENT_URLS),
  },
];

/** The response schema to validate against, with any erratum for this operation applied. */
export function correctedResponseSchema(
  operationId: string,
  status: number,
  schema: Json,
  doc: OpenApiDocument,
): Json {
  const erratum = ERRATA.find((e) => e.operationId === operationId && e.status === status);
  return erratum ? erratum.fix(schema, doc) : schema;
}

/** The payload schema to validate a webhook against, with any erratum for it applied. */
export function correctedWebhookSchema(webhook: string, schema: Json, doc: OpenApiDocument): Json {
  const erratum = WEBHOOK_ERRATA.find((e) => e.webhook === webhook);
  return erratum ? erratum.fix(schema, doc) : schema;
}
