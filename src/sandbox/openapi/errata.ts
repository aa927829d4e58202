import { isJsonObject, type Json } from './spec.js';

/**
 * Places where GitHub's description contradicts what GitHub itself sends, so validating against
 * the letter would flag GitHub too. Each entry names the operation, the status and why; keep
 * this list short and re-check it when @octokit/openapi is upgraded.
 */
interface Erratum {
  operationId: string;
  status: number;
  why: string;
  fix: (schema: Json) => Json;
}

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
];

/** The response schema to validate against, with any erratum for this operation applied. */
export function correctedResponseSchema(operationId: string, status: number, schema: Json): Json {
  const erratum = ERRATA.find((e) => e.operationId === operationId && e.status === status);
  return erratum ? erratum.fix(schema) : schema;
}
