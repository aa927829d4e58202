import { afterAll, describe, expect, it } from 'vitest';
import { Play } from '../../src/demo/play.js';
import { DEMO_USERS, demoScenario, PRODUCT_REPO, TRACKING_REPO } from '../../src/demo/scenario.js';
import { createOpenApiValidator, type ScenarioInput } from '../../src/sandbox/index.js';
import { appWrites, startHarness, type Harness } from '../reliability/harness.js';

// A tracking issue holds the embargoed details, so it may only live in a private repository.
// A configuration that points it at a public repository, a public product repository without a
// private tracker, a manual report filed in a public repository, and a tracker made public
// mid-case: the App writes nothing there and logs why.
const validator = createOpenApiValidator();
const worlds: Harness[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
});

const PUBLIC_TRACKER = 'acme/public-tracker';

/** The demo scenario with the product's configuration edited, and a public would-be tracker. */
function scenario(edit: (config: string) => string): ScenarioInput {
  const base = demoScenario('default');
  return {
    ...base,
    repos: [
      ...(base.repos ?? []).map((repo) =>
        repo.name === PRODUCT_REPO
          ? {
              ...repo,
              files: {
                ...repo.files,
                '.github/advisory-pilot.yml': edit(
                  repo.files?.['.github/advisory-pilot.yml'] ?? '',
                ),
              },
            }
          : repo,
      ),
      {
        name: PUBLIC_TRACKER,
        visibility: 'public',
        collaborators: { [DEMO_USERS.lead]: 'admin' },
      },
    ],
  };
}

async function world(input: ScenarioInput): Promise<Harness> {
  const w = await startHarness({ scenario: input, validator });
  worlds.push(w);
  return w;
}

async function report(w: Harness): Promise<void> {
  await w
    .as(DEMO_USERS.reporter)
    .request('POST /repos/{owner}/{repo}/security-advisories/reports', {
      owner: 'acme',
      repo: 'widget',
      summary: 'Path traversal in the file upload endpoint',
      description: 'Uploads escape the folder.',
    });
  await w.quiet();
}

function logged(w: Harness, text: string): boolean {
  return w.logs().some((line) => JSON.stringify(line).includes(text));
}

/** The comments on the product repository's advisories (private to maintainers and reporter). */
function advisoryComments(w: Harness): string[] {
  const repo = w.raw.core.state.repos.get(PRODUCT_REPO);
  return (repo?.advisories ?? []).flatMap((a) => a.comments.map((c) => c.body));
}

function issuesOf(w: Harness, repo: string) {
  return w.raw.core.state.repos.get(repo)?.issues.filter((i) => !i.pull) ?? [];
}

describe('a public tracking repository is refused', () => {
  it('a configuration pointing the tracker at a public repository', async () => {
    const w = await world(
      scenario((c) => c.replace(`repository: ${TRACKING_REPO}`, `repository: ${PUBLIC_TRACKER}`)),
    );
    await report(w);
    expect(issuesOf(w, PUBLIC_TRACKER)).toEqual([]);
    expect(issuesOf(w, TRACKING_REPO)).toEqual([]);
    // No private repository to say it in: the maintainers read it on the report's own
    // advisory, which the public cannot see.
    expect(appWrites(w.raw).map((r) => r.operationId)).toEqual([
      'security-advisories/create-comment',
    ]);
    expect(advisoryComments(w)).toEqual([
      expect.stringContaining(
        `For the maintainers: Advisory Pilot could not open a case for this report because its tracking repository \`${PUBLIC_TRACKER}\` is public`,
      ),
    ]);
    expect(logged(w, 'report not tracked')).toBe(true);
  });

  it('a public product repository with no private tracker configured', async () => {
    const w = await world(scenario((c) => c.replace(`  repository: ${TRACKING_REPO}\n`, '')));
    await report(w);
    expect(issuesOf(w, PRODUCT_REPO)).toEqual([]);
    expect(appWrites(w.raw).map((r) => r.operationId)).toEqual([
      'security-advisories/create-comment',
    ]);
    expect(advisoryComments(w)).toEqual([
      expect.stringContaining('is public and no private tracking repository is configured'),
    ]);
    expect(logged(w, 'is public and no private tracking repository is configured')).toBe(true);
  });

  it('a manual report labelled in a public repository', async () => {
    const w = await world(demoScenario('default'));
    const { data } = await w.as(DEMO_USERS.lead).rest.issues.create({
      owner: 'acme',
      repo: 'widget',
      title: 'SSRF in the webhook tester',
      body: 'Forwarded from the bug bounty.',
      labels: ['security-report'],
    });
    await w.quiet();
    const issue = issuesOf(w, PRODUCT_REPO).find((i) => i.number === data.number);
    expect(issue?.body).toBe('Forwarded from the bug bounty.');
    expect(issue?.comments).toEqual([]);
    expect(appWrites(w.raw)).toEqual([]);
    expect(logged(w, `refusing to write to ${PRODUCT_REPO}`)).toBe(true);
  });

  it('a tracker made public mid-case: the next command writes nothing there', async () => {
    const w = await world(demoScenario('default'));
    const play = new Play(w);
    await play.report('Path traversal in the file upload endpoint', 'Uploads escape the folder.');
    const tracker = w.raw.core.state.repos.get(TRACKING_REPO);
    expect(tracker?.isPrivate).toBe(true);
    tracker!.isPrivate = false;
    // A fresh process: the visibility cache (one minute) starts empty.
    await w.restartApp();
    const writes = appWrites(w.raw).length;
    const comments = (await play.comments()).length;
    await w.as(DEMO_USERS.lead).rest.issues.createComment({
      owner: 'acme',
      repo: 'security-tracking',
      issue_number: play.issue,
      body: '/status',
    });
    await w.quiet();
    expect(appWrites(w.raw).slice(writes)).toEqual([]);
    expect(await play.comments()).toHaveLength(comments + 1);
    expect(logged(w, `refusing to write to ${TRACKING_REPO}`)).toBe(true);
  });
});
