import { addCalendarDays, localDate } from '../domain/clock.js';
import { Play } from './play.js';
import { DEMO_TIME_ZONE, DEMO_USERS } from './scenario.js';
import type { World } from './world.js';

const { lead, second } = DEMO_USERS;

export const DEMO_VECTOR = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N';

const HUMAN_DESCRIPTION = [
  '## Summary',
  'The file upload endpoint accepted relative path segments in file names, so a signed-in user could write files outside the upload directory.',
  '',
  '## Impact',
  'An authenticated user can overwrite files the server process can write, which can lead to code execution. Versions before 0.71.1 are affected in every configuration.',
  '',
  '## Patches',
  'Fixed in 0.71.1. Cloud customers are already protected; self-managed customers should upgrade.',
  '',
  '## Workarounds',
  'Disable file uploads for untrusted users until you can upgrade.',
  '',
  '## References',
  'Reported by reporter-jane.',
].join('\n');

/** What the reporter sent, as the report or the maintainer's draft carries it. */
const REPORT = [
  'Uploading a file named ../../etc/cron.d/x writes outside the upload directory (0.71.0): an attacker with an account can overwrite files the server can write.',
  '',
  '### Proof of concept',
  'curl -F "file=@x;filename=../../x" …',
].join('\n');

/** The fix as the maintainer writes it in the fork: reject path segments in upload names. */
const FIXED_UPLOAD =
  "import { basename } from 'node:path';\n\n/** Stores an upload under its own name only. */\nexport function uploadPath(dir: string, name: string): string {\n  if (basename(name) !== name) throw new Error('invalid file name');\n  return `${dir}/${name}`;\n}\n";
const UPLOAD_TEST =
  "import { expect, it } from 'vitest';\nimport { uploadPath } from '../src/upload.js';\n\nit('refuses relative segments', () => {\n  expect(() => uploadPath('/u', '../../x')).toThrow();\n});\n";

const SAFE_NAME =
  "import { basename } from 'node:path';\n\n/** A file name without directory parts. */\nexport const isPlainName = (name: string): boolean => basename(name) === name;\n";

/** The tag of the release the story patches, as each profile names it. */
export function lastReleaseTag(preset: 'default' | 'changesets'): string {
  return preset === 'default' ? 'v0.71.0' : '@acme/widget@0.71.0';
}

/**
 * The repository as the story finds it: 0.71.0 is released and tagged, and since then a feature
 * was merged that is not released yet (the patch release must not carry it).
 */
export async function releasedThenFeature(play: Play, tag: string): Promise<void> {
  const { world } = play;
  const client = world.as(lead);
  const { data: main } = await client.rest.git.getRef({
    owner: 'acme',
    repo: 'widget',
    ref: 'heads/main',
  });
  await play.act(lead, `tags the release ${tag}`, () =>
    client.rest.git.createRef({
      owner: 'acme',
      repo: 'widget',
      ref: `refs/tags/${tag}`,
      sha: main.object.sha,
    }),
  );
  await play.act(lead, 'merges an unreleased feature into main (feat: faster flow editor)', () =>
    world.admin('POST', 'git/commit', {
      repo: 'acme/widget',
      branch: 'main',
      files: { 'packages/server/src/editor.ts': 'export const EDITOR_VERSION = 2;\n' },
      message: 'feat: faster flow editor',
      by: lead,
    }),
  );
}

/**
 * The fix, in GitHub's order: a branch in the temporary private fork from the release being
 * patched, validated locally, a pull request inside the fork, then `/fixed` with its head commit.
 */
export async function fixInFork(play: Play, tag: string): Promise<void> {
  const { world } = play;
  const state = await play.state();
  const fork = state?.fork?.name ?? '';
  const branch = `security/${(state?.ghsaId ?? '').toLowerCase()}`;
  let sha = '';
  await play.act(
    lead,
    `pushes the fix to ${branch} in the private fork (from ${tag})`,
    async () => {
      const pushed = (await world.admin('POST', 'git/commit', {
        repo: fork,
        branch,
        from: tag,
        files: {
          'packages/shared/src/paths.ts': SAFE_NAME,
          'packages/server/src/upload.ts': FIXED_UPLOAD,
          'packages/server/test/upload-path.test.ts': UPLOAD_TEST,
        },
        message: 'Reject path segments in upload names',
        by: lead,
      })) as { sha?: string };
      sha = pushed.sha ?? '';
    },
  );
  const [owner = '', repo = ''] = fork.split('/');
  let number = 0;
  await play.act(lead, 'opens the fix pull request inside the fork', async () => {
    const { data } = await world.as(lead).rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: 'main',
      title: 'Reject path segments in upload names',
    });
    number = data.number;
  });
  await play.say(
    lead,
    `/fixed ${sha.slice(0, 10)} --pr ${String(number)} --test packages/server/test/upload-path.test.ts\n/validated`,
  );
}

/**
 * The advisory's "Merge pull request" button: the fork's pull requests reach main. Skipped when
 * the case has no fix left in the fork (it was merged before).
 */
export async function mergeThroughAdvisory(play: Play, ghsaId?: string): Promise<void> {
  const state = await play.state();
  if (!ghsaId && state && state.fixes.every((f) => f.merged)) {
    play.skip('press “Merge pull request” on the advisory', 'no fix is left in the fork');
    return;
  }
  await play.act(lead, 'presses “Merge pull request” on the advisory', () =>
    play.world.admin('POST', 'advisories/merge', {
      repo: 'acme/widget',
      ghsaId: ghsaId ?? state?.ghsaId ?? '',
      by: lead,
    }),
  );
}

/** Triage, private fix and draft advisory: the same for both profiles (the story's first half). */
export async function triageFixDraft(
  play: Play,
  preset: 'default' | 'changesets' = 'default',
): Promise<void> {
  const { world } = play;
  const tag = lastReleaseTag(preset);
  if (preset === 'default') {
    await play.report('Path traversal in the file upload endpoint', REPORT);
  } else {
    // The runbook's reports come through the bug-bounty program: the maintainer makes the draft.
    await play.draft(lead, 'Path traversal in the file upload endpoint', REPORT);
    // The bug-bounty platform received it this morning: the clock starts there, not at the draft.
    const today = localDate(world.now(), DEMO_TIME_ZONE);
    await play.say(lead, `/reported-at ${today}T09:12 --via hackerone --id 2841234`);
  }
  // Meanwhile on main: 0.71.0 is tagged, and a feature lands that is not released yet.
  await releasedThenFeature(play, tag);
  // Both stories reach Tuesday 16:00 (the draft's tick took five minutes).
  await play.wait(preset === 'default' ? '4d1h' : '4d55m', 'nobody has answered the reporter yet');
  await play.tick('the acknowledgement is due tomorrow');
  await play.say(lead, `/reproduced on 0.71.0 with the PoC\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
  await play.say(lead, '/assign @maintainer-max\n/fork');
  await fixInFork(play, tag);
  await play.say(lead, '/cve\n/advisory range "< 0.71.1" patched 0.71.1');
  const state = await play.state();
  const ghsa = state?.ghsaId ?? '';
  await play.act(lead, 'writes the advisory description on GitHub (five sections)', () =>
    world.as(lead).request('PATCH /repos/{owner}/{repo}/security-advisories/{ghsa_id}', {
      owner: 'acme',
      repo: 'widget',
      ghsa_id: ghsa,
      description: HUMAN_DESCRIPTION,
    }),
  );
  await play.wait('1d', 'GitHub reviews the CVE request');
  // The playbook sets the embargo (default 60 days); the runbook has none and publishes once released.
  await play.say(lead, preset === 'default' ? '/draft\n/embargo' : '/draft');
}

/** The product playbook: hotfix branch, canary, production, customer notice, two-person publish. */
export async function playDefaultProfile(world: World): Promise<Play> {
  const play = new Play(world);
  await triageFixDraft(play, 'default');
  await releaseToPostmortem(play);
  return play;
}

/** The product playbook's second half, from the release on (the case is in `release`). */
export async function releaseToPostmortem(play: Play): Promise<void> {
  await releaseAndNotify(play);
  await publishToPostmortem(play);
}

/** The hotfix released (canary and production from deployments) and the customers notified. */
export async function releaseAndNotify(play: Play): Promise<void> {
  await releaseToProduction(play);
  await notifyCustomers(play);
}

/** The customer notice, a publication date the reporter asked for, and the seven days' wait. */
export async function notifyCustomers(play: Play): Promise<void> {
  const { world } = play;
  await play.say(lead, '/notify');
  // The reporter asked to publish a week from now (a talk): the one stated reason, with
  // exploitation, to publish before the embargo ends. Customers still get their seven days.
  const asked = localDate(addCalendarDays(world.now(), 7, DEMO_TIME_ZONE), DEMO_TIME_ZONE);
  await play.say(
    lead,
    `/confirm-date ${asked} the reporter presents the finding on that day\n/notify sent`,
  );
  await play.say(lead, '/confirm');
  await play.wait('7d', 'the customer lead time');
}

/** The fix merged through the advisory, the hotfix cut, on canary and production, released. */
export async function releaseToProduction(play: Play): Promise<void> {
  const { world } = play;
  await mergeThroughAdvisory(play);
  await play.say(lead, '/release');
  await play.wait('20m', 'the continuous-delivery-cloud workflow runs and deploys to canary');
  const branch = (await play.state())?.release.branch ?? '';
  await play.act(lead, `promotes ${branch} to production (deployment status success)`, async () => {
    const client = world.as(lead);
    const { data } = await client.rest.repos.createDeployment({
      owner: 'acme',
      repo: 'widget',
      ref: branch,
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    });
    if (!('id' in data)) throw new Error('the production deployment was not created');
    await client.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo: 'widget',
      deployment_id: data.id,
      state: 'success',
    });
  });
  await play.act(lead, 'publishes release v0.71.1 from the hotfix branch', () =>
    world.as(lead).rest.repos.createRelease({
      owner: 'acme',
      repo: 'widget',
      tag_name: 'v0.71.1',
      name: 'v0.71.1',
      target_commitish: branch,
    }),
  );
}

/** Publication (two people), the Advisory Database, the changelog and postmortem PRs. */
export async function publishToPostmortem(play: Play): Promise<void> {
  await play.say(lead, '/publish');
  await play.say(lead, '/confirm');
  await play.say(second, '/confirm');
  await play.wait('30m', 'the advisory reaches the GitHub Advisory Database');
  await mergeCasePullRequest(play, 'changelog');
  await mergeCasePullRequest(play, 'postmortem');
}

/** The open-source runbook: early CVE, changeset PR, regular release, publish. */
export async function playChangesetsPreset(world: World): Promise<Play> {
  const play = new Play(world);
  await triageFixDraft(play, 'changesets');
  await changesetReleaseToPostmortem(play);
  return play;
}

/** The open-source runbook's second half, from the changeset PR on (the case is in `release`). */
export async function changesetReleaseToPostmortem(play: Play): Promise<void> {
  const { world } = play;
  await mergeThroughAdvisory(play);
  await play.say(lead, '/release');
  await mergeCasePullRequest(play, 'changeset');
  await play.act(
    lead,
    'the changesets release on release/0.71.x publishes @acme/widget@0.71.1',
    () =>
      world.as(lead).rest.repos.createRelease({
        owner: 'acme',
        repo: 'widget',
        tag_name: '@acme/widget@0.71.1',
        name: '@acme/widget@0.71.1',
        target_commitish: 'release/0.71.x',
      }),
  );
  await play.say(lead, '/publish');
  await play.say(lead, '/confirm');
  await play.wait('30m', 'the advisory reaches the GitHub Advisory Database');
  await play.say(lead, '/postmortem skip handled within the week; nothing new to learn');
}

/** Merges a PR the App opened for the case (a maintainer presses the button). */
export async function mergeCasePullRequest(
  play: Play,
  purpose: 'changelog' | 'postmortem' | 'changeset' | 'quick-release',
): Promise<void> {
  const state = await play.state();
  const number = state?.pullRequests[purpose];
  if (number === undefined) {
    play.skip(
      `merge the ${purpose} PR`,
      `the App opened no ${purpose} PR (phase ${state?.phase ?? 'unknown'})`,
    );
    return;
  }
  await play.act(lead, `merges the ${purpose} PR #${number}`, () =>
    play.world.admin('POST', 'pulls/merge', { repo: 'acme/widget', number, by: lead }),
  );
}
