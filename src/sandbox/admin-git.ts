import { z } from 'zod';
import { atLeast, userPermission } from './access.js';
import { bad, firstIssue, type AdminReply } from './admin-reply.js';
import { mergeAdvisoryPulls } from './advisory-merge.js';
import { recordPublicWrite, type SandboxCore } from './core.js';
import { resolveRevision } from './git-graph.js';
import { commitFiles } from './git-store.js';
import { mergePullRequest } from './pull-merge.js';
import { moveRef } from './ref-write.js';
import { noreplyEmail } from './noreply.js';

const Login = z.string().min(1);
const MergeRequest = z.strictObject({
  repo: z.string(),
  number: z.int().positive(),
  by: Login,
});
const AdvisoryMergeRequest = z.strictObject({ repo: z.string(), ghsaId: z.string(), by: Login });
const CommitRequest = z.strictObject({
  repo: z.string(),
  branch: z.string().min(1),
  /** Where a missing branch starts: a branch, tag or SHA (default: the default branch). */
  from: z.string().min(1).optional(),
  /** path → new contents, or null to delete the file. */
  files: z.record(z.string().min(1), z.string().nullable()),
  message: z.string().min(1),
  by: Login,
});

/**
 * A commit by `by` on `branch`, made the way a push from their clone would land: checked against
 * their permission, the branch created from `from` when missing, the ref moved through
 * `moveRef` (so `push` is sent where the App may see it).
 */
function commitAs(core: SandboxCore, request: z.infer<typeof CommitRequest>): AdminReply {
  const repo = core.state.repos.get(request.repo);
  if (!repo) return bad(`no repository ${request.repo}`);
  if (!core.state.users.has(request.by)) return bad(`no user "${request.by}"`);
  if (!atLeast(userPermission(core, repo, request.by), 'write'))
    return bad(`${request.by} has no write access to ${request.repo}`);
  const ref = `refs/heads/${request.branch}`;
  let parent = repo.git.refs.get(ref);
  if (!parent) {
    const start = request.from ?? repo.defaultBranch;
    parent = resolveRevision(repo.git, start);
    if (!parent) return bad(`"${start}" is no branch, tag or commit of ${request.repo}`);
  }
  const signature = {
    name: request.by,
    email: noreplyEmail(request.by),
    date: core.clock.iso(),
  };
  const sha = commitFiles(repo.git, parent, request.files, request.message, signature);
  const actor = { kind: 'user', login: request.by } as const;
  recordPublicWrite(core, repo, 'commit-message', request.message, actor);
  for (const [path, content] of Object.entries(request.files)) {
    recordPublicWrite(core, repo, 'path', path, actor);
    if (content !== null) recordPublicWrite(core, repo, 'file', content, actor);
  }
  moveRef(core, repo, ref, sha, request.by);
  return { status: 200, body: { sha } };
}

/**
 * The git and merge admin routes (`/_sandbox/git/commit`, `/_sandbox/pulls/merge`,
 * `/_sandbox/advisories/merge`); undefined for any other route.
 */
export function gitAdminReply(
  core: SandboxCore,
  route: string,
  body: unknown,
): AdminReply | undefined {
  switch (route) {
    case 'POST /_sandbox/git/commit': {
      const request = CommitRequest.safeParse(body);
      if (!request.success)
        return bad(
          `commit ${firstIssue(request.error)}; send {"repo", "branch", "from"?, "files": {"path": "text" or null}, "message", "by"}`,
        );
      return commitAs(core, request.data);
    }
    case 'POST /_sandbox/pulls/merge': {
      const request = MergeRequest.safeParse(body);
      if (!request.success)
        return bad(
          `merge ${firstIssue(request.error)}; send {"repo": "acme/widget", "number": 3, "by": "alice"}`,
        );
      const { repo, number, by } = request.data;
      const actor = { kind: 'user', login: by } as const;
      const result = mergePullRequest(core, { repo, number, by, actor });
      return result.ok
        ? { status: 200, body: result }
        : {
            status: result.conflicts ? 409 : 400,
            body: {
              message: result.error,
              ...(result.conflicts ? { conflicts: result.conflicts } : {}),
            },
          };
    }
    case 'POST /_sandbox/advisories/merge': {
      const request = AdvisoryMergeRequest.safeParse(body);
      if (!request.success)
        return bad(
          `advisory merge ${firstIssue(request.error)}; send {"repo": "acme/widget", "ghsaId": "GHSA-…", "by": "alice"}`,
        );
      const outcome = mergeAdvisoryPulls(core, request.data);
      if (outcome.ok) return { status: 200, body: outcome.result };
      const conflicts = outcome.conflicts ? { conflicts: outcome.conflicts } : {};
      return {
        status: outcome.conflicts ? 409 : 400,
        body: { message: outcome.error, ...conflicts },
      };
    }
    default:
      return undefined;
  }
}
