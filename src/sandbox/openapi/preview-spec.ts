import type { JsonObject, OpenApiDocument } from './spec.js';

/**
 * Operations GitHub serves but its OpenAPI description does not list yet: the advisory comments
 * API (public preview since 2026-10-02, shape not final) and the GraphQL endpoint (the App
 * sends only two mutations). Everything here is OUR description, marked `x-sandbox-preview`, so
 * a green run says nothing about GitHub's real shape for these routes.
 */
export function createPreviewDocument(): OpenApiDocument {
  const owner = pathParam('owner');
  const repo = pathParam('repo');
  const ghsa = pathParam('ghsa_id');
  const comment: JsonObject = { $ref: '#/components/schemas/sandbox-advisory-comment' };
  const notFound = errorResponse('Resource not found');
  const bodyOnly: JsonObject = {
    required: true,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: { body: { type: 'string', minLength: 1, maxLength: 65536 } },
          required: ['body'],
          additionalProperties: false,
        },
      },
    },
  };
  return {
    paths: {
      '/repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments': {
        parameters: [owner, repo, ghsa],
        get: {
          operationId: 'security-advisories/list-comments',
          'x-sandbox-preview': true,
          parameters: [queryInt('per_page'), queryInt('page')],
          responses: {
            '200': json({ type: 'array', items: comment }),
            '404': notFound,
          },
        },
        post: {
          operationId: 'security-advisories/create-comment',
          'x-sandbox-preview': true,
          requestBody: bodyOnly,
          responses: { '201': json(comment), '404': notFound, '422': validationFailed() },
        },
      },
      '/repos/{owner}/{repo}/security-advisories/{ghsa_id}/comments/{comment_id}': {
        parameters: [
          owner,
          repo,
          ghsa,
          { ...pathParam('comment_id'), schema: { type: 'integer' } },
        ],
        patch: {
          operationId: 'security-advisories/update-comment',
          'x-sandbox-preview': true,
          requestBody: bodyOnly,
          responses: { '200': json(comment), '404': notFound, '422': validationFailed() },
        },
      },
      '/graphql': {
        post: {
          operationId: 'graphql',
          'x-sandbox-preview': true,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    query: { type: 'string' },
                    variables: { type: 'object', nullable: true },
                    operationName: { type: 'string', nullable: true },
                  },
                  required: ['query'],
                  additionalProperties: false,
                },
              },
            },
          },
          responses: {
            '200': json({
              type: 'object',
              properties: {
                data: { type: 'object', nullable: true },
                errors: { type: 'array', items: { type: 'object' } },
              },
            }),
          },
        },
      },
    },
    components: {
      schemas: {
        'sandbox-advisory-comment': {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            node_id: { type: 'string' },
            url: { type: 'string', format: 'uri' },
            html_url: { type: 'string', format: 'uri' },
            body: { type: 'string' },
            user: { $ref: '#/components/schemas/simple-user' },
            created_at: { type: 'string', format: 'date-time' },
            updated_at: { type: 'string', format: 'date-time' },
          },
          required: [
            'id',
            'node_id',
            'url',
            'html_url',
            'body',
            'user',
            'created_at',
            'updated_at',
          ],
          additionalProperties: false,
        },
      },
    },
  };
}

function pathParam(name: string): JsonObject {
  return { name, in: 'path', required: true, schema: { type: 'string' } };
}

function queryInt(name: string): JsonObject {
  return { name, in: 'query', schema: { type: 'integer' } };
}

function json(schema: JsonObject): JsonObject {
  return { description: 'OK', content: { 'application/json': { schema } } };
}

function errorResponse(description: string): JsonObject {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/basic-error' } } },
  };
}

function validationFailed(): JsonObject {
  return {
    description: 'Validation failed',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/validation-error' } } },
  };
}
