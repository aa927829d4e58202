import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { parseDuration } from './clock.js';
import type { SandboxCore } from './core.js';
import { FaultSpec } from './faults.js';
import { importIssue } from './issue-import.js';
import type { IncomingRequest } from './router.js';
import { bad, firstIssue, type AdminReply } from './admin-reply.js';
import { gitAdminReply } from './admin-git.js';
import { seedScenario } from './seed.js';

const ClockChange = z.union([
  z.strictObject({ advance: z.union([z.string(), z.number()]) }),
  z.strictObject({ to: z.iso.datetime() }),
]);
const FaultRequest = z.union([FaultSpec, z.strictObject({ dropWebhooks: z.int().min(1) })]);
const WorkflowOutcome = z.strictObject({
  repo: z.string(),
  /** The workflow's file name (`release.yml`), path, name or id. */
  workflow: z.union([z.string(), z.int()]),
  conclusion: z.enum(['success', 'failure', 'cancelled']),
  duration: z.union([z.string(), z.number()]).optional(),
  /** Environments a successful run deploys to (replaces the seeded list when given). */
  deploys: z.array(z.string().min(1)).optional(),
});
const TokenRequest = z.strictObject({ login: z.string() });

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The test and demo control surface under `/_sandbox/`. Not GitHub: never validated against the
 * description, never logged as API traffic. Answers once the webhooks it caused were attempted,
 * so a caller can assert on what the App did next. `GET /_sandbox/health` is a plain-text page
 * listing the advisories in the database (a reach-check URL for tests and the demo).
 */
export async function handleAdmin(
  core: SandboxCore,
  req: IncomingRequest,
  res: ServerResponse,
): Promise<void> {
  if (req.method === 'GET' && req.url.pathname === '/_sandbox/health') {
    // A product's platform health page, as the playbook's reach check reads it: it lists the
    // advisories its feed took from the GitHub Advisory Database.
    const listed = [...core.state.advisoryDatabase].sort();
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Platform health\n\nSecurity advisories:\n${listed.map((g) => `- ${g}`).join('\n')}\n`);
    return;
  }
  const reply = await adminReply(core, req);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(reply.body));
}

async function adminReply(core: SandboxCore, req: IncomingRequest): Promise<AdminReply> {
  const route = `${req.method} ${req.url.pathname.replace(/\/+$/, '')}`;
  const body = parseJson(req.raw);
  if (body === undefined) return bad('the body is not JSON');
  const ok = async (value: unknown): Promise<AdminReply> => {
    await core.webhooks.settled();
    return { status: 200, body: value };
  };
  switch (route) {
    case 'POST /_sandbox/seed': {
      const outcome = seedScenario(core, body);
      return outcome.ok ? ok(outcome.result) : bad(outcome.error);
    }
    case 'GET /_sandbox/clock':
      return ok({ now: core.clock.iso(), pending: core.clock.pending() });
    case 'POST /_sandbox/clock': {
      const change = ClockChange.safeParse(body);
      if (!change.success)
        return bad(
          'send {"advance": "3d"} (or "15m", "72h", ms) or {"to": "2025-01-09T10:00:00Z"}',
        );
      const target =
        'to' in change.data
          ? Date.parse(change.data.to)
          : core.clock.now() + (parseDuration(change.data.advance) ?? NaN);
      if (Number.isNaN(target))
        return bad('advance must be a duration such as "3d", "15m" or a number of ms');
      if (target < core.clock.now())
        return bad('the clock never goes backwards; seed again to restart');
      const fired = core.clock.advanceTo(target);
      return ok({ now: core.clock.iso(), fired });
    }
    case 'GET /_sandbox/faults':
      return ok(core.faults.list().map(({ regex: _regex, ...rule }) => rule));
    case 'POST /_sandbox/faults': {
      const fault = FaultRequest.safeParse(body);
      if (!fault.success)
        return bad(
          `fault ${firstIssue(fault.error)}; e.g. {"path": "/repos/acme/widget/issues/**", "status": 503}`,
        );
      if ('dropWebhooks' in fault.data) {
        core.webhooks.dropNext(fault.data.dropWebhooks);
        return ok({ dropWebhooks: fault.data.dropWebhooks });
      }
      const { regex: _regex, ...rule } = core.faults.add(fault.data);
      return ok(rule);
    }
    case 'DELETE /_sandbox/faults':
      core.faults.clear();
      return ok({ cleared: true });
    case 'GET /_sandbox/requests':
      return ok(core.records.requests);
    case 'GET /_sandbox/violations':
      return ok(core.records.violations);
    case 'GET /_sandbox/public-writes':
      return ok(core.records.publicWrites);
    case 'GET /_sandbox/deliveries':
      return ok(core.webhooks.list());
    case 'POST /_sandbox/settle':
      return ok({ deliveries: core.webhooks.list().length });
    case 'POST /_sandbox/tokens': {
      const request = TokenRequest.safeParse(body);
      if (!request.success || !core.state.users.has(request.data.login)) {
        return bad('send {"login": "<a seeded user>"}');
      }
      return ok({ token: core.tokens.issueUserToken(request.data.login) });
    }
    case 'POST /_sandbox/issues/import': {
      const outcome = importIssue(core, body);
      return outcome.ok ? ok(outcome.result) : bad(outcome.error);
    }
    case 'POST /_sandbox/workflows': {
      const request = WorkflowOutcome.safeParse(body);
      if (!request.success)
        return bad(
          `workflow ${firstIssue(request.error)}; send {"repo", "workflow": "release.yml", "conclusion": "failure"}`,
        );
      return setWorkflowOutcome(core, request.data);
    }
    default: {
      const reply = gitAdminReply(core, route, body);
      if (reply) return reply.status === 200 ? ok(reply.body) : reply;
      return { status: 404, body: { message: `no sandbox admin route ${route}` } };
    }
  }
}

function setWorkflowOutcome(
  core: SandboxCore,
  request: z.infer<typeof WorkflowOutcome>,
): AdminReply {
  const repo = core.state.repos.get(request.repo);
  if (!repo) return bad(`no repository ${request.repo}`);
  const key = String(request.workflow);
  const workflow = repo.workflows.find(
    (w) => String(w.id) === key || w.path === key || w.path.endsWith(`/${key}`) || w.name === key,
  );
  if (!workflow)
    return bad(
      `no workflow "${key}" in ${request.repo}; it has ${repo.workflows.map((w) => w.path).join(', ')}`,
    );
  workflow.conclusion = request.conclusion;
  if (request.deploys) workflow.deploys = request.deploys;
  if (request.duration !== undefined) {
    const ms = parseDuration(request.duration);
    if (ms === undefined) return bad('duration must look like "10m" or "1h"');
    workflow.durationMs = ms;
  }
  return {
    status: 200,
    body: {
      workflow: workflow.path,
      conclusion: workflow.conclusion,
      durationMs: workflow.durationMs,
      deploys: workflow.deploys,
    },
  };
}
