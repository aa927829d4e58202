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

/**
 * The commit first (tree on the base commit's tree, commit with the base as parent), then the
 * branch created on it: a new branch with its content costs one write fewer.
 */
export async function commitToNewBranchWithGitData(
  octokit: Octokit,
  repo: string,
  branch: string,
  baseSha: string,
  message: string,
  files: readonly { path: string; content: string }[],
): Promise<{ sha: string } | 'exists'> {
  const ref = repoRef(repo);
  const { data: parent } = await octokit.rest.git.getCommit({ ...ref, commit_sha: baseSha });
  const { data: newTree } = await octokit.rest.git.createTree({
    ...ref,
    base_tree: parent.tree.sha,
    tree: files.map((file) => ({
      path: file.path,
      mode: '100644' as const,
      type: 'blob' as const,
      content: file.content,
    })),
  });
  const { data: commit } = await octokit.rest.git.createCommit({
    ...ref,
    message,
    tree: newTree.sha,
    parents: [parent.sha],
  });
  try {
    await octokit.rest.git.createRef({ ...ref, ref: `refs/heads/${branch}`, sha: commit.sha });
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    // The branch is there already (a rerun): the commit made here stays unreferenced.
    if (status === 422 && error instanceof Error && /already exists/i.test(error.message))
      return 'exists';
    throw error;
  }
  return { sha: commit.sha };
}
