import type { ScenarioInput } from '../sandbox/index.js';

/** The users of the demo world. */
export const DEMO_USERS = {
  reporter: 'reporter-jane',
  lead: 'maintainer-max',
  second: 'maintainer-mia',
} as const;

export const PRODUCT_REPO = 'acme/widget';
export const TRACKING_REPO = 'acme/security-tracking';
/** The time zone both demo configurations use (dates typed in the story are local to it). */
export const DEMO_TIME_ZONE = 'Europe/Berlin';

const DEFAULT_CONFIG = `# Advisory Pilot: the product playbook
productName: Acme Widget
tracking:
  repository: ${TRACKING_REPO}
  team: acme/security
timeZone: ${DEMO_TIME_ZONE}
publish:
  twoPerson: true
`;

const CHANGESETS_CONFIG = `# Advisory Pilot: the open-source runbook
preset: changesets
tracking:
  repository: ${TRACKING_REPO}
  team: acme/security
timeZone: ${DEMO_TIME_ZONE}
`;

/**
 * The world the demo and the end-to-end tests start from: an organisation with a security team,
 * a public product repository (a workspace with a shared package, a release workflow, a
 * changelog) and a private tracking repository. Friday 20 November 2026, 14:00 UTC.
 */
export function demoScenario(preset: 'default' | 'changesets' = 'default'): ScenarioInput {
  const maintainers = { [DEMO_USERS.lead]: 'admin', [DEMO_USERS.second]: 'maintain' } as const;
  return {
    now: '2026-11-20T14:00:00Z',
    settings: {
      cveDelay: '1d',
      advisoryDatabaseDelay: '30m',
      workflowDuration: '20m',
      advisoryCommentsApi: 'enabled',
    },
    users: [
      { login: DEMO_USERS.reporter },
      { login: DEMO_USERS.lead },
      { login: DEMO_USERS.second },
    ],
    org: {
      login: 'acme',
      owners: [DEMO_USERS.lead],
      members: [DEMO_USERS.second],
      teams: [{ slug: 'security', members: [DEMO_USERS.lead, DEMO_USERS.second], repos: {} }],
    },
    repos: [
      {
        name: PRODUCT_REPO,
        visibility: 'public',
        createdAt: '2023-03-14T09:00:00Z',
        collaborators: maintainers,
        files: {
          'package.json':
            '{\n  "name": "@acme/widget",\n  "version": "0.71.0",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n',
          'packages/shared/package.json':
            '{\n  "name": "@acme/shared",\n  "version": "0.10.72"\n}\n',
          'packages/shared/src/paths.ts':
            '/** Path helpers shared by the server and the CLI. */\nexport {};\n',
          'packages/server/src/upload.ts':
            '/** Stores an upload. */\nexport function uploadPath(dir: string, name: string): string {\n  return `${dir}/${name}`;\n}\n',
          'docs/about/changelog.mdx':
            '---\ntitle: Changelog\n---\n\n<Update label="October 2026" description="0.71.0">\n  Faster flows.\n</Update>\n',
          '.changeset/README.md': 'Changesets live here.\n',
          '.github/advisory-pilot.yml': preset === 'default' ? DEFAULT_CONFIG : CHANGESETS_CONFIG,
        },
        workflows: [
          {
            path: '.github/workflows/continuous-delivery-cloud.yml',
            name: 'Continuous delivery (cloud)',
            conclusion: 'success',
            deploys: ['canary'],
          },
        ],
      },
      {
        name: TRACKING_REPO,
        visibility: 'private',
        createdAt: '2024-06-03T09:00:00Z',
        collaborators: maintainers,
      },
    ],
    installation: { account: 'acme', repositories: 'all' },
  };
}
