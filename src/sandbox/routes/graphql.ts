import { checkAccess } from '../access.js';
import { json, type Reply, type RouteContext, type RouteTable } from '../http.js';
import { idFromNodeId } from '../render-core.js';
import type { Comment, Issue, Repo } from '../state.js';

type Value = string | number | boolean | null | { [key: string]: Value } | Value[] | undefined;

/**
 * Reads `mutation Name($a: ID!) { field(input: {...}) { ... } }` far enough to know the field and
 * its input: the App sends two mutations, so a full GraphQL engine would only hide mistakes.
 */
export function parseMutation(
  query: string,
  variables: Record<string, unknown>,
): { field: string; input: Record<string, Value> } | undefined {
  const head = /^\s*mutation\b[^{]*\{\s*(\w+)\s*\(\s*input\s*:\s*/.exec(query);
  if (!head?.[1]) return undefined;
  const rest = query.slice(head[0].length);
  if (rest.startsWith('$')) {
    const name = /^\$(\w+)/.exec(rest)?.[1] ?? '';
    const input = variables[name];
    return typeof input === 'object' && input !== null
      ? { field: head[1], input: input as Record<string, Value> }
      : undefined;
  }
  const body = /^\{([^}]*)\}/.exec(rest)?.[1];
  if (body === undefined) return undefined;
  const input: Record<string, Value> = {};
  for (const pair of body.split(',')) {
    const match = /^\s*(\w+)\s*:\s*(.+?)\s*$/.exec(pair);
    if (!match?.[1] || match[2] === undefined) continue;
    input[match[1]] = literal(match[2], variables);
  }
  return { field: head[1], input };
}

function literal(text: string, variables: Record<string, unknown>): Value {
  if (text.startsWith('$')) return variables[text.slice(1)] as Value;
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function findByNode<T>(
  ctx: RouteContext,
  node: Value,
  pick: (repo: Repo, id: number) => T | undefined,
): { repo: Repo; item: T } | undefined {
  const id = typeof node === 'string' ? idFromNodeId(node) : undefined;
  if (id === undefined) return undefined;
  for (const repo of ctx.core.state.repos.values()) {
    const item = pick(repo, id);
    if (item) return { repo, item };
  }
  return undefined;
}

function notFound(field: string, node: Value): Reply {
  return json(200, {
    data: { [field]: null },
    errors: [
      {
        type: 'NOT_FOUND',
        path: [field],
        message: `Could not resolve to a node with the global id of '${typeof node === 'string' ? node : ''}'`,
      },
    ],
  });
}

function guarded(ctx: RouteContext, repo: Repo, field: string, run: () => Reply): Reply {
  try {
    checkAccess(ctx.core, ctx.actor, repo, 'triage', 'issues');
  } catch {
    return json(200, {
      data: { [field]: null },
      errors: [
        { type: 'FORBIDDEN', path: [field], message: 'Resource not accessible by integration' },
      ],
    });
  }
  return run();
}

/** `POST /graphql`: `minimizeComment` and `pinIssue`, the two mutations the App uses. */
export function registerGraphqlRoutes(routes: RouteTable): void {
  routes.set('graphql', (ctx) => {
    const query = typeof ctx.body.query === 'string' ? ctx.body.query : '';
    const variables = (
      typeof ctx.body.variables === 'object' && ctx.body.variables !== null
        ? ctx.body.variables
        : {}
    ) as Record<string, unknown>;
    const mutation = parseMutation(query, variables);
    if (mutation?.field === 'minimizeComment') {
      const { subjectId, classifier } = mutation.input;
      const found = findByNode<Comment>(ctx, subjectId, (repo, id) =>
        repo.issues.flatMap((i) => i.comments).find((c) => c.id === id),
      );
      if (!found) return notFound('minimizeComment', subjectId);
      return guarded(ctx, found.repo, 'minimizeComment', () => {
        found.item.minimized = typeof classifier === 'string' ? classifier : 'OUTDATED';
        return json(200, {
          data: {
            minimizeComment: {
              minimizedComment: {
                isMinimized: true,
                minimizedReason: found.item.minimized.toLowerCase(),
                viewerCanMinimize: true,
              },
            },
          },
        });
      });
    }
    if (mutation?.field === 'pinIssue') {
      const { issueId } = mutation.input;
      const found = findByNode<Issue>(ctx, issueId, (repo, id) =>
        repo.issues.find((i) => i.id === id),
      );
      if (!found) return notFound('pinIssue', issueId);
      return guarded(ctx, found.repo, 'pinIssue', () => {
        found.item.pinned = true;
        return json(200, {
          data: { pinIssue: { issue: { id: issueId, number: found.item.number, isPinned: true } } },
        });
      });
    }
    ctx.core.records.violations.push({
      at: ctx.core.clock.iso(),
      method: 'POST',
      path: '/graphql',
      operationId: 'graphql',
      kind: 'unimplemented',
      message: `the sandbox's GraphQL knows only minimizeComment and pinIssue, got: ${query.slice(0, 80)}`,
    });
    return json(200, {
      errors: [
        {
          type: 'SANDBOX_UNSUPPORTED',
          message: 'Only minimizeComment and pinIssue mutations are supported',
        },
      ],
    });
  });
}
