import { Play } from './play.js';
import { DEMO_USERS } from './scenario.js';
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
  'Reported by reporter-jane through GitHub private vulnerability reporting.',
].join('\n');

/** Triage, private fix and draft advisory: the same for both profiles (the story's first half). */
export async function triageFixDraft(play: Play): Promise<void> {
  const { world } = play;
  await play.report(
    'Path traversal in the file upload endpoint',
    'Uploading a file named ../../etc/cron.d/x writes outside the upload directory.\n\n### Proof of concept\ncurl -F "file=@x;filename=../../x" …',
  );
  await play.wait('4d1h', 'nobody has answered the reporter yet');
  await play.tick('the acknowledgement is due tomorrow');
  await play.say(lead, `/reproduced on 0.71.0 with the PoC\n/scope in\n/cvss ${DEMO_VECTOR}\n/ack`);
  await play.say(lead, '/assign @maintainer-max\n/fork');
  await play.say(
    lead,
    '/fixed 3f2c1ab --test packages/server/test/upload-path.test.ts\n/validated',
  );
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
  await play.say(lead, '/draft\n/embargo');
}

/** The product playbook: hotfix branch, canary, production, customer notice, two-person publish. */
export async function playDefaultProfile(world: World): Promise<Play> {
  const play = new Play(world);
  await triageFixDraft(play);
  await releaseToPostmortem(play);
  return play;
}

/** The product playbook's second half, from the release on (the case is in `release`). */
export async function releaseToPostmortem(play: Play): Promise<void> {
  const { world } = play;
  await play.say(lead, '/release');
  await play.wait('20m', 'the continuous-delivery-cloud workflow runs');
  await play.act(lead, 'publishes release v0.71.1 (promoted to production)', () =>
    world.as(lead).rest.repos.createRelease({
      owner: 'acme',
      repo: 'widget',
      tag_name: 'v0.71.1',
      name: 'v0.71.1',
      target_commitish: 'main',
    }),
  );
  await play.say(lead, '/notify');
  await play.say(lead, '/confirm-date\n/notify sent');
  await play.say(lead, '/confirm');
  await play.wait('7d', 'the customer lead time');
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
  await triageFixDraft(play);
  await changesetReleaseToPostmortem(play);
  return play;
}

/** The open-source runbook's second half, from the changeset PR on (the case is in `release`). */
export async function changesetReleaseToPostmortem(play: Play): Promise<void> {
  const { world } = play;
  await play.say(lead, '/release');
  await mergeCasePullRequest(play, 'changeset');
  await play.act(lead, 'the changesets release publishes @acme/widget@0.71.1', () =>
    world.as(lead).rest.repos.createRelease({
      owner: 'acme',
      repo: 'widget',
      tag_name: '@acme/widget@0.71.1',
      name: '@acme/widget@0.71.1',
      target_commitish: 'main',
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
  purpose: 'changelog' | 'postmortem' | 'changeset',
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
