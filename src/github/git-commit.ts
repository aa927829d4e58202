import type { ProbotOctokit } from 'probot';
import { repoRef } from './port.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

/**
 * Writes several files as one commit on `branch` through the git data API (a tree with the
 * files' content → commit → ref update), so a version bump across files is one neutral commit.
 */
export async function commitFilesWithGitData(
  octokit: Octokit,
  repo: string,
  branch: string,
  message: string,
  files: readonly { path: string; content: string }[],
  knownHead?: string,
): Promise<{ sha: string }> {
  const ref = repoRef(repo);
  const head =
    knownHead ??
    (await octokit.rest.git.getRef({ ...ref, ref: `heads/${branch}` })).data.object.sha;
  const { data: parent } = await octokit.rest.git.getCommit({ ...ref, commit_sha: head });
  // Inline content: GitHub writes each blob itself, one request for the whole tree.
  const tree = files.map((file) => ({
    path: file.path,
    mode: '100644' as const,
    type: 'blob' as const,
    content: file.content,
  }));
  const { data: newTree } = await octokit.rest.git.createTree({
    ...ref,
    base_tree: parent.tree.sha,
    tree,
  });
  const { data: commit } = await octokit.rest.git.createCommit({
    ...ref,
    message,
    tree: newTree.sha,
    parents: [parent.sha],
  });
  await octokit.rest.git.updateRef({ ...ref, ref: `heads/${branch}`, sha: commit.sha });
  return { sha: commit.sha };
}
